package io.leadsync.change;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;

/** A write to an existing card/task: one update request carrying the whole {@link ItemChange}. */
public sealed interface ItemWrite extends Change permits MoveItem, ArchiveItem, UpdateContent {

    String itemId();

    ItemChange change();

    /** The lead's link (shadow) once the write landed; null for an item no link names (leadsync's duplicate). */
    Link next();

    /** Forget the link once the write landed (the lead was deleted). */
    default boolean unlinkAfter() {
        return false;
    }

    /** The write a change to a linked item needs: an archive, a move or restore, or content only. */
    static ItemWrite of(String recordId, String itemId, ItemChange change, Link next, long sourceModified,
                        String idempotencyKey, String summary) {
        if (Boolean.TRUE.equals(change.archive())) {
            return new ArchiveItem(recordId, itemId, change, next, false, sourceModified, idempotencyKey, summary);
        }
        if (change.placesItem()) {
            return new MoveItem(recordId, itemId, change, next, sourceModified, idempotencyKey, summary);
        }
        return new UpdateContent(recordId, itemId, change, next, sourceModified, idempotencyKey, summary);
    }
}
