package io.leadsync.change;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;

/**
 * A card/task archived: its lead's status has no list, its lead was deleted ({@code unlinkAfter}), or it is a
 * duplicate leadsync made ({@code next} null: no link names it, so there is nothing to guard or remember).
 */
public record ArchiveItem(String recordId, String itemId, ItemChange change, Link next, boolean unlinkAfter,
                          long sourceModified, String idempotencyKey, String summary) implements ItemWrite {

    @Override
    public String toString() {
        return summary;
    }
}
