package io.leadsync.change;

import java.util.Map;

/**
 * Card/task ids written into up to 10 leads' link field: one Airtable PATCH. Changes no shadow, so it settles
 * no write of unknown outcome; still pushed while leadsync stops, so that a stop leaves no created item without
 * its id on the lead.
 */
public record WriteBackIds(String recordId, Map<String, Map<String, Object>> fields, String idempotencyKey,
                           String summary) implements Change {

    /** How every write-back key begins. */
    public static final String KEY_PREFIX = "link-field|";

    @Override
    public long sourceModified() {
        return 0;
    }

    @Override
    public String toString() {
        return summary;
    }
}
