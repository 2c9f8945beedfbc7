package io.leadsync.state;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that could not be synced, with the reason, in {@code dead-letters.jsonl} (one JSON object per line,
 * for people and tools). A change rejected for a reason that retrying cannot fix (bad data, an unmapped
 * status) is quarantined: it is not tried again until the record changes at its source.
 */
public final class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;
    private final Set<String> quarantined = new HashSet<>();
    private int count;
    private final Map<String, Integer> byPair = new HashMap<>();

    public DeadLetterStore(String dataDir, Clock clock) {
        this.clock = clock;
        this.journal = new Journal(Path.of(dataDir, "dead-letters.jsonl"));
        for (String line : journal.load()) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node.path("quarantined").asBoolean()) {
                    quarantined.add(key(node.path("pair").asText(), node.path("record").asText(),
                            node.path("sourceModified").asLong()));
                }
                count++;
                byPair.merge(node.path("pair").asText(), 1, Integer::sum);
            } catch (java.io.IOException e) {
                LOG.warn("Skipping unreadable dead-letter line: {}", Journal.printable(line, 120));
            }
        }
    }

    private static String key(String pair, String record, long sourceModified) {
        return pair + "|" + record + "|" + sourceModified;
    }

    /**
     * Logs and stores one rejected record.
     *
     * @param quarantine true when retrying cannot help until the record changes at its source
     */
    public synchronized void record(String pair, String record, long sourceModified, String reason, boolean quarantine) {
        String key = key(pair, record, sourceModified);
        if (quarantine && !quarantined.add(key)) {
            return; // already reported for this version of the record
        }
        LOG.warn("record {} not synced: {}{}", record, reason,
                quarantine ? " (skipped until the record changes)" : " (will retry next cycle)");
        journal.append(JSON.createObjectNode()
                .put("time", clock.instant().toString())
                .put("pair", pair)
                .put("record", record)
                .put("sourceModified", sourceModified)
                .put("reason", reason)
                .put("quarantined", quarantine)
                .toString());
        count++;
        byPair.merge(pair, 1, Integer::sum);
    }

    public synchronized boolean isQuarantined(String pair, String record, long sourceModified) {
        return quarantined.contains(key(pair, record, sourceModified));
    }

    public synchronized int count() {
        return count;
    }

    /** How many dead letters the pair has recorded (the file's lines of that pair). */
    public synchronized int count(String pair) {
        return byPair.getOrDefault(pair, 0);
    }
}
