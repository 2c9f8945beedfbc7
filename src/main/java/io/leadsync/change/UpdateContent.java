package io.leadsync.change;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;

/** A new name and/or description for a card/task that stays where it is. */
public record UpdateContent(String recordId, String itemId, ItemChange change, Link next, long sourceModified,
                            String idempotencyKey, String summary) implements ItemWrite {

    @Override
    public String toString() {
        return summary;
    }
}
