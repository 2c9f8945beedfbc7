package io.leadsync.change;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemDraft;

/**
 * A new card/task for a lead: one create request.
 *
 * @param next the link once the item exists (its item id still null: the create answers it)
 */
public record CreateItem(String recordId, ItemDraft draft, Link next, long sourceModified, String idempotencyKey,
                         String summary) implements Change {

    @Override
    public String toString() {
        return summary;
    }
}
