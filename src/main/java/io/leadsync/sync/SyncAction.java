package io.leadsync.sync;

import java.util.List;
import java.util.Map;

import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;

/**
 * One push decided by a cycle. The idempotency key identifies the change (record, target values and the
 * source's modification time), not just the record, so an A-B-A edit is three changes.
 *
 * @param nextLinks   the links (shadows) as they are once the push succeeded
 * @param leadFields  for {@link Kind#UPDATE_LEADS}: fields to set per record (at most 10 records)
 * @param unlinkAfter forget the link after the push (the lead was deleted)
 * @param statusAsRead for a status write: each lead's status when the cycle read it (checked again just
 *                     before writing, so that a person's edit made meanwhile is never overwritten), else null
 */
public record SyncAction(Kind kind, String pair, String recordId, String itemId, ItemDraft draft, ItemChange change,
                         Map<String, Map<String, Object>> leadFields, List<Link> nextLinks, boolean unlinkAfter,
                         long sourceModified, String idempotencyKey, String summary, Map<String, String> statusAsRead) {

    public enum Kind { CREATE_ITEM, CHANGE_ITEM, UPDATE_LEADS }

    /** How the key of a card/task id written back to the lead's link field begins. */
    static final String WRITE_BACK_KEY = "link-field|";

    /**
     * True for card/task ids written back to Airtable: still pushed while leadsync stops (one request for up to 10
     * ids the creates already made), so that a stop leaves no created item without its id on the lead.
     */
    public boolean writesBackLinks() {
        return idempotencyKey.startsWith(WRITE_BACK_KEY);
    }

    @Override
    public String toString() {
        return summary;
    }
}
