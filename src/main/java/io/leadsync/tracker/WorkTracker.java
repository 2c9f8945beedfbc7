package io.leadsync.tracker;

import java.util.function.Function;

import io.leadsync.mapping.StatusMapping;

/**
 * A work tracker (Trello board, ClickUp list) as the sync engine reads it; only API translation lives behind it. Its
 * writes are routes (routes/trello-writes.camel.yaml, clickup-writes), whose mapping steps use its lists and statuses.
 */
public interface WorkTracker {

    /** "trello" or "clickup": names the pair, its state files and its idempotency keys. */
    String name();

    /** "Trello board 'Work Tracker'", for logs. */
    String describe();

    /**
     * Resolves configured names to ids and checks the mapping against what exists; throws
     * {@link IllegalStateException} with a message that says what to fix.
     */
    void connect(StatusMapping mapping);


    /** Every open item, for reconciliation and marker look-ups. */
    TrackerRead readAll();

    /** Items changed since the cursor (null cursor: a full read). */
    TrackerRead readChanges(String cursor);

    /**
     * Like {@link #readChanges(String)}, given each item's state as the last sync left it ({@code lastSynced}
     * answers null for an item no link names): a tracker whose change feed says what changed can build the
     * items from it instead of reading them back.
     */
    default TrackerRead readChanges(String cursor, Function<String, TrackerItem> lastSynced) {
        return readChanges(cursor);
    }

    /**
     * Archived items: asked only for a create whose answer was lost, whose new item a person may have
     * archived before leadsync linked it.
     */
    java.util.List<TrackerItem> archived();

    /** One item as it is now; a deleted one comes back closed and deleted. */
    TrackerItem fetch(String itemId);

    /**
     * Called after a create: whatever cross-reference the tracker keeps beyond the description marker. Must not
     * throw: the item exists, and a failure here would have the create repeated.
     */
    default void afterCreate(TrackerItem item, String recordId) {
    }
}
