package io.leadsync.tracker;

import io.leadsync.mapping.PairMapping;

/**
 * A work tracker (Trello board, ClickUp list) as the sync engine reads it; only API translation lives behind it. Its
 * writes are routes (routes/trello-writes.camel.yaml, clickup-writes), whose mapping steps use its lists and statuses.
 * So are its reads of items, which the cycle calls by the tracker's name: {@code direct:<name>-read-all}, every open
 * item (a complete {@link TrackerRead}), and {@code direct:<name>-read-changes}, the items changed since the
 * exchange property {@value #CURSOR} (every item, complete, when it is null).
 */
public interface WorkTracker {

    /** Exchange property of a read of changes: where it starts (the cursor the last read returned, or null). */
    String CURSOR = "itemsCursor";
    /**
     * Exchange property of a read of changes: each item's state as the last sync left it (a
     * {@code Function<String, TrackerItem>} answering null for an item no link names), so that a tracker whose
     * change feed says what changed can build the items from it instead of reading them back.
     */
    String LAST_SYNCED = "itemsLastSynced";

    /** "trello" or "clickup": names the pair, its state files and its idempotency keys. */
    String name();

    /** "Trello board 'Work Tracker'", for logs. */
    String describe();

    /**
     * Resolves configured names to ids and checks the mapping against what exists: its lists/statuses, and its mapped
     * fields (reading only what those need: labels or tags, members, custom fields); throws
     * {@link IllegalStateException} with a message that says what to fix. Called at start-up and on every reload of
     * the mapping. The items it reads from then on carry the mapped fields in {@link TrackerItem#fields()}.
     */
    void connect(PairMapping mapping);


    /**
     * Archived items: asked only for a create whose answer was lost, whose new item a person may have
     * archived before leadsync linked it.
     */
    java.util.List<TrackerItem> archived();

    /** One item as it is now; a deleted one comes back closed and deleted. */
    TrackerItem fetch(String itemId);
}
