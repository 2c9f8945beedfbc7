package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.util.Map;

/**
 * A copy of a record for tests and simulated users: non-empty cells by field name (text as String,
 * number as Double, checkbox as Boolean, computed times as Instant).
 */
public record RecordSnapshot(String id, Instant createdTime, Instant lastModifiedTime, Map<String, Object> fields) {

    public RecordSnapshot {
        fields = Map.copyOf(fields);
    }

    public Object field(String name) {
        return fields.get(name);
    }
}
