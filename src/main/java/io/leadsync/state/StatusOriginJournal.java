package io.leadsync.state;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The last status each pair's write set on each lead, and why, shared by every pair in data/status-origins.jsonl
 * (fsynced before the next cycle can read the lead, so a restart between one pair's write and another pair's
 * cycle keeps it). The latest line per lead counts; the file is compacted at start-up.
 */
public final class StatusOriginJournal implements StatusOrigins {

    static final String FILE = "status-origins.jsonl";
    /**
     * Airtable's clock and leadsync's may differ a little: a lead modified up to this long after the write was
     * answered still counts as that write.
     */
    static final long CLOCK_SKEW_MILLIS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Map<String, Origin> latest = new HashMap<>();

    public StatusOriginJournal(String dataDir) {
        this.journal = new Journal(Path.of(dataDir, FILE));
        List<String> lines = journal.load();
        for (String line : lines) {
            try {
                JsonNode node = JSON.readTree(line);
                latest.put(node.path("record").asText(), new Origin(node.path("pair").asText(),
                        node.path("status").asText(), node.path("itemId").asText(), node.path("bucket").asText(null),
                        node.path("at").asLong(), node.path("landedAt").asLong()));
            } catch (JsonProcessingException | RuntimeException e) {
                // an origin refines a conflict decision: a damaged line costs that refinement only
            }
        }
        if (lines.size() > 2 * latest.size() + 100) {
            journal.rewrite(latest.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList());
        }
    }

    private static String line(String recordId, Origin origin) {
        ObjectNode node = JSON.createObjectNode().put("record", recordId).put("pair", origin.pair())
                .put("status", origin.status()).put("itemId", origin.itemId()).put("bucket", origin.bucket())
                .put("at", origin.at()).put("landedAt", origin.landedAt());
        return node.toString();
    }

    /** Statuses a pair's write has landed on these leads (by record id). */
    public synchronized void landed(Map<String, Origin> written) {
        if (written.isEmpty()) {
            return;
        }
        Collection<String> lines = written.entrySet().stream().map(e -> line(e.getKey(), e.getValue())).toList();
        journal.append(lines);
        latest.putAll(written);
    }

    @Override
    public synchronized Origin of(String recordId, String status, long leadModified) {
        Origin origin = latest.get(recordId);
        return origin != null && origin.status().equals(status)
                && leadModified <= origin.landedAt() + CLOCK_SKEW_MILLIS ? origin : null;
    }

    @Override
    public synchronized boolean setAgainSince(String recordId, String pair, String status, long syncedLeadModified) {
        Origin origin = latest.get(recordId);
        return origin != null && !origin.pair().equals(pair) && !origin.status().equals(status)
                && origin.landedAt() > syncedLeadModified;
    }
}
