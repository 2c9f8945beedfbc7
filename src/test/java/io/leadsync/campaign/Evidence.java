package io.leadsync.campaign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the sync wrote about itself in its data directory: the audit log and the dead letters. */
final class Evidence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> audit;
    private final List<JsonNode> deadLetters;

    private Evidence(List<JsonNode> audit, List<JsonNode> deadLetters) {
        this.audit = audit;
        this.deadLetters = deadLetters;
    }

    static Evidence read(Path dataDir) {
        return new Evidence(lines(dataDir.resolve("audit.jsonl")), lines(dataDir.resolve("dead-letters.jsonl")));
    }

    /** A conflict on the field of the record, decided at or after {@code since}, that the given side lost. */
    boolean lostConflict(String recordId, String field, long since, boolean airtableLost) {
        return audit.stream().anyMatch(a -> "conflict".equals(a.path("event").asText())
                && recordId.equals(a.path("record").asText()) && field.equals(a.path("field").asText())
                && Instant.parse(a.path("time").asText()).toEpochMilli() >= since
                && a.path("winner").asText().equals(airtableLost ? "tracker" : "airtable"));
    }

    boolean deadLettered(String recordId) {
        return deadLetters.stream().anyMatch(d -> recordId.equals(d.path("record").asText()));
    }

    int auditEntries() {
        return audit.size();
    }

    private static List<JsonNode> lines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
