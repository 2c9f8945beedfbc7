package io.leadsync.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.tracker.TrackerItem;

/**
 * The Airtable side of the cross-references: the card/task id each lead's link field holds. The tracker side is
 * the record id on each item (marker, ClickUp custom field). Where both exist they must agree before leadsync
 * relinks, so that a marker a person pasted into another lead's card never hands that card over.
 */
final class CrossReferences {

    private final Map<String, String> itemByRecord = new HashMap<>();
    private final Map<String, String> recordByItem = new HashMap<>();

    /** @param linkField the Airtable field holding the item id, or null when the table has none */
    CrossReferences(Collection<Lead> leads, String linkField) {
        if (linkField == null) {
            return;
        }
        for (Lead lead : leads) {
            String itemId = lead.field(linkField).trim();
            if (!itemId.isEmpty()) {
                itemByRecord.put(lead.id(), itemId);
                recordByItem.merge(itemId, lead.id(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
    }

    /** The item id the lead's link field holds, or null. */
    String itemOf(String recordId) {
        return itemByRecord.get(recordId);
    }

    /**
     * Of two items carrying one lead's marker, the one that counts, the same in every cycle: the one the lead's
     * link field names, else one that no other lead's link field names, else the older (then the smaller id).
     */
    TrackerItem preferred(TrackerItem a, TrackerItem b) {
        String named = itemOf(a.recordId());
        if (a.id().equals(named) != b.id().equals(named)) {
            return a.id().equals(named) ? a : b;
        }
        boolean aClaimed = claimedByAnother(a);
        if (aClaimed != claimedByAnother(b)) {
            return aClaimed ? b : a;
        }
        int age = a.createdAt() != b.createdAt() ? Long.compare(a.createdAt(), b.createdAt()) : a.id().compareTo(b.id());
        return age <= 0 ? a : b;
    }

    private boolean claimedByAnother(TrackerItem item) {
        String claimant = recordOf(item.id());
        return claimant != null && !claimant.equals(item.recordId());
    }

    /** The lead whose link field holds this item id, or null. */
    String recordOf(String itemId) {
        return recordByItem.get(itemId);
    }
}
