package io.leadsync.tracker;

import java.util.Map;

/**
 * A card or task as leadsync sees it.
 *
 * @param bucket     the Trello list name or ClickUp status it is in
 * @param closed     archived (Trello) / archived (ClickUp)
 * @param deleted    gone for good (known from a delete action)
 * @param modifiedAt the service's own modification time, epoch ms
 * @param recordId   the Airtable record id from its marker or custom field, or null
 * @param createdAt  when the service created it, epoch ms (0: unknown); of two items with one marker the older counts
 * @param fields     the mapped fields beyond name and description, as read (tracker field -> value in the text form
 *                   {@link io.leadsync.mapping.PairMapping} defines; empty when none is mapped or it was not read)
 */
public record TrackerItem(String id, String name, String description, String bucket, boolean closed, boolean deleted,
                          long modifiedAt, String recordId, long createdAt, Map<String, String> fields) {

    public TrackerItem {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** The same item with these mapped fields (tracker field -> text form) over the ones it has. */
    public TrackerItem withFields(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.TreeMap<>(fields);
        all.putAll(more);
        return new TrackerItem(id, name, description, bucket, closed, deleted, modifiedAt, recordId, createdAt, all);
    }

    /** An item without mapped fields. */
    public TrackerItem(String id, String name, String description, String bucket, boolean closed, boolean deleted,
                       long modifiedAt, String recordId, long createdAt) {
        this(id, name, description, bucket, closed, deleted, modifiedAt, recordId, createdAt, Map.of());
    }

    /** An item whose creation time is unknown (a stand-in, or built from a change feed). */
    public TrackerItem(String id, String name, String description, String bucket, boolean closed, boolean deleted,
                       long modifiedAt, String recordId) {
        this(id, name, description, bucket, closed, deleted, modifiedAt, recordId, 0);
    }
}
