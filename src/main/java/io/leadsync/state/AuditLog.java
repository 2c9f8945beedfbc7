package io.leadsync.state;

import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.mapping.ItemTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every conflict and every deletion decision, with both values and the outcome, in {@code audit.jsonl}. */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;

    public AuditLog(String dataDir, Clock clock) {
        this.clock = clock;
        this.journal = new Journal(Path.of(dataDir, "audit.jsonl"));
        journal.load(); // repairs a line torn by a crash, so the next event starts on a clean line
    }

    /** @param origin who set the Airtable value when another pair did (not a person's edit), else null */
    public void conflict(String pair, String record, String field, String airtableValue, String trackerValue,
                         String policy, String winner, String origin) {
        LOG.info("conflict on {} of {}: Airtable '{}'{} vs tracker '{}' -> {} wins ({})", field, record,
                ItemTemplate.shown(airtableValue), origin == null ? "" : " (set by " + origin + ")",
                ItemTemplate.shown(trackerValue), winner, policy);
        ObjectNode entry = JSON.createObjectNode().put("time", clock.instant().toString()).put("event", "conflict")
                .put("pair", pair).put("record", record).put("field", field).put("airtable", airtableValue)
                .put("tracker", trackerValue).put("policy", policy).put("winner", winner);
        if (origin != null) {
            entry.put("origin", origin);
        }
        journal.append(entry.toString());
    }

    public void event(String pair, String record, String event, String detail) {
        LOG.info("{} {}: {}", event, record, detail);
        journal.append(JSON.createObjectNode().put("time", clock.instant().toString()).put("event", event)
                .put("pair", pair).put("record", record).put("detail", detail).toString());
    }
}
