package io.leadsync.tracker;

import java.util.Map;

/**
 * What a lead's card/task should look like: name, description (with the marker), bucket, and the mapped fields
 * beyond those (tracker field -> value in the text form {@link io.leadsync.mapping.PairMapping} defines).
 */
public record ItemDraft(String recordId, String name, String description, String bucket, Map<String, String> fields) {

    public ItemDraft {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A draft without mapped fields. */
    public ItemDraft(String recordId, String name, String description, String bucket) {
        this(recordId, name, description, bucket, Map.of());
    }
}
