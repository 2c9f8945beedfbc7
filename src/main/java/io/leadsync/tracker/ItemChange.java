package io.leadsync.tracker;

import java.util.Map;

/**
 * The fields of an item to change; null means "leave as is". Moving to a bucket also restores an archived item.
 *
 * @param readIn the bucket the item was in when the change was decided (null: archived); a move or an archive
 *               is only written while it is still there, so a person's concurrent move is never overwritten
 * @param contentRead whether the cycle that decided the change read the item's name and description (and the
 *                    mapped fields it writes); when it did not (an incremental read that saw only the lead), a new
 *                    value is written only if no person edited that field on the item meanwhile, else the edit
 *                    would be lost unaudited
 * @param fields      the mapped fields to write beyond name and description (tracker field -> new value in the
 *                    text form {@link io.leadsync.mapping.PairMapping} defines, "" to clear); empty: none
 */
public record ItemChange(String name, String description, String bucket, Boolean archive, String readIn,
                         boolean contentRead, Map<String, String> fields) {

    public ItemChange {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public ItemChange(String name, String description, String bucket, Boolean archive, String readIn,
                      boolean contentRead) {
        this(name, description, bucket, archive, readIn, contentRead, Map.of());
    }

    public ItemChange(String name, String description, String bucket, Boolean archive, String readIn) {
        this(name, description, bucket, archive, readIn, true);
    }

    public boolean isEmpty() {
        return name == null && description == null && bucket == null && archive == null && fields.isEmpty();
    }

    /** True when content (name, description, mapped fields) is written without the cycle having read the item's. */
    public boolean writesUnreadContent() {
        return !contentRead && writesContent();
    }

    /** True when a name, a description or a mapped field is written. */
    public boolean writesContent() {
        return name != null || description != null || !fields.isEmpty();
    }

    /** True when the change decides where the item goes (a move, an archive or a restore). */
    public boolean placesItem() {
        return bucket != null || archive != null;
    }

    @Override
    public String toString() {
        // part of the change's idempotency key: the same text as before fields existed when none is written
        return "ItemChange[name=" + name + ", description=" + description + ", bucket=" + bucket + ", archive="
                + archive + (fields.isEmpty() ? "" : ", fields=" + new java.util.TreeMap<>(fields)) + "]";
    }
}
