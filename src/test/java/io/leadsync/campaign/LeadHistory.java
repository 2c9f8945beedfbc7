package io.leadsync.campaign;

import java.util.HashSet;
import java.util.Set;

/**
 * What people did to one lead and its item during a scenario (epoch ms of each last edit), from which the
 * invariants derive what the final state must be. Only edits that really changed something are recorded.
 */
final class LeadHistory {

    /**
     * The last status-relevant edit: a status set in Airtable or an item moved in the tracker.
     *
     * @param unseenRevert a move back to where the item was before the previous move, or a status set back to
     *                     the one before the previous status edit, with fewer than two cycles of the sync that
     *                     read both sides in between: no poll may have seen the first edit, and then no change
     *                     happened as far as it can tell (leadsync compares states, not histories)
     */
    record StatusEdit(boolean airtable, String value, long at, boolean unseenRevert) {
    }

    final String recordId;
    final String label;
    StatusEdit lastStatusEdit;
    /** The last list/status a person moved the item into, and from where. */
    String lastMoveTo;
    String lastMoveFrom;
    long lastMoveAt;
    int lastMoveCycles;
    /** The last status a person set in Airtable, and from which. */
    String lastStatusTo;
    String lastStatusFrom;
    int lastStatusCycles;
    long lastAirtableNameEdit;
    String lastItemRename;
    long lastItemRenameAt;
    /** A person archived the open item or deleted the item (per the unlink policy the lead stays without one). */
    long goneAt;
    /** The archive happened while the lead's status had no item, when the sync may have archived it as well. */
    boolean goneAmbiguous;
    long restoredAt;
    long deletedAt;
    /** When the lead last had a status that maps to no item (0: never; Long.MAX_VALUE: it has one now). */
    long noItemStatusUntil;
    final Set<String> deletedItems = new HashSet<>();
    /** Deleted before the sync had written the item's id back: it may not have known it, and may create another. */
    final Set<String> deletedBeforeLinked = new HashSet<>();

    LeadHistory(String recordId, String label) {
        this.recordId = recordId;
        this.label = label;
    }

    boolean deleted() {
        return deletedAt > 0;
    }

    /** The item was archived or deleted by a person and not restored since. */
    boolean gone() {
        return goneAt > 0 && restoredAt < goneAt;
    }

    /** The last status-relevant edit after the item was last restored (earlier ones are superseded). */
    StatusEdit statusEditToCheck() {
        return lastStatusEdit != null && lastStatusEdit.at() > restoredAt ? lastStatusEdit : null;
    }

    @Override
    public String toString() {
        return label + " (" + recordId + ")";
    }
}
