package io.leadsync.campaign;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What people did to one lead and its items during a scenario (epoch ms of each last edit), from which the
 * invariants derive what the final state must be. Only edits that really changed something are recorded.
 * What belongs to the lead (its status edits from any side, its Airtable content, its deletion) is kept here;
 * what belongs to one pair's item (moves, renames, archives, restores, deletions) in that pair's {@link Part}.
 */
final class LeadHistory {

    /** The side of a status edit made in Airtable; any other side is the name of the pair whose item moved. */
    static final String AIRTABLE = "airtable";

    /**
     * The last status-relevant edit: a status set in Airtable or an item moved in one pair's tracker.
     *
     * @param side         {@link #AIRTABLE}, or the pair whose item a person moved
     * @param unseenRevert a move back to where the item was before the previous move, or a status set back to
     *                     the one before the previous status edit, with fewer than two cycles of the sync that
     *                     read both sides in between: no poll may have seen the first edit, and then no change
     *                     happened as far as it can tell (leadsync compares states, not histories)
     */
    record StatusEdit(String side, String value, long at, boolean unseenRevert) {

        boolean airtable() {
            return AIRTABLE.equals(side);
        }

        String describe() {
            return airtable() ? "Airtable status " + value : side + " item moved to " + value;
        }
    }

    /** What people did to the lead's item in one pair. */
    static final class Part {
        /** The last list/status a person moved the item into, and from where. */
        String lastMoveTo;
        String lastMoveFrom;
        long lastMoveAt;
        int lastMoveCycles;
        String lastItemRename;
        long lastItemRenameAt;
        /** A person archived the open item or deleted the item (per the unlink policy the lead stays without one). */
        long goneAt;
        /** The archive happened while the lead's status had no item, when the sync may have archived it as well. */
        boolean goneAmbiguous;
        long restoredAt;
        /** When the lead last had a status that maps to no item here (0: never; Long.MAX_VALUE: it has one now). */
        long noItemStatusUntil;
        final Set<String> deletedItems = new HashSet<>();
        /** Deleted before the sync had written the item's id back: it may not have known it, and may create another. */
        final Set<String> deletedBeforeLinked = new HashSet<>();

        /** The item was archived or deleted by a person and not restored since. */
        boolean gone() {
            return goneAt > 0 && restoredAt < goneAt;
        }
    }

    final String recordId;
    final String label;
    StatusEdit lastStatusEdit;
    /** The status edit before the last one (null: none). */
    StatusEdit previousStatusEdit;
    /** The last status a person set in Airtable, and from which. */
    String lastStatusTo;
    String lastStatusFrom;
    /** Each pair's cycles completed when that status was set. */
    Map<String, Integer> lastStatusCycles = Map.of();
    /**
     * The status before the first of the person's status edits that followed one another with fewer than two
     * cycles of some pair since that first one, and each pair's cycles then (null: none yet).
     */
    String statusRunFrom;
    Map<String, Integer> statusRunCycles = Map.of();
    long lastAirtableNameEdit;
    long deletedAt;
    private final Map<String, Part> parts = new LinkedHashMap<>();

    LeadHistory(String recordId, String label, List<String> pairs) {
        this.recordId = recordId;
        this.label = label;
        pairs.forEach(p -> parts.put(p, new Part()));
    }

    void statusEdited(StatusEdit edit) {
        previousStatusEdit = lastStatusEdit;
        lastStatusEdit = edit;
    }

    Part part(String pair) {
        return parts.get(pair);
    }

    Collection<Part> parts() {
        return parts.values();
    }

    boolean deleted() {
        return deletedAt > 0;
    }

    /** The last time a person restored the lead's item in any pair (0: never). */
    long lastRestore() {
        return parts.values().stream().mapToLong(p -> p.restoredAt).max().orElse(0);
    }

    /** The last status-relevant edit after an item was last restored (earlier ones are superseded). */
    StatusEdit statusEditToCheck() {
        return lastStatusEdit != null && lastStatusEdit.at() > lastRestore() ? lastStatusEdit : null;
    }

    @Override
    public String toString() {
        return label + " (" + recordId + ")";
    }
}
