package io.leadsync.change;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;

/**
 * A card/task moved to another list/status, or restored from the archive, possibly with a new name or description
 * in the same request. Written only while the item is still where the cycle read it.
 */
public record MoveItem(String recordId, String itemId, ItemChange change, Link next, long sourceModified,
                       String idempotencyKey, String summary) implements ItemWrite {

    @Override
    public String toString() {
        return summary;
    }
}
