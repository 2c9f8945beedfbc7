package io.leadsync.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.airtable.Lead;
import io.leadsync.tracker.TrackerItem;

/**
 * What the last-moment checks of one cycle's writes saw (a lead or an item changed since the cycle read it), kept
 * for the next cycle, which decides again with both edits in view; and whether a check found a lead deleted, which
 * a full read settles.
 */
final class SeenAtWrite {

    private final Map<String, Lead> leads = new ConcurrentHashMap<>();
    private final Map<String, TrackerItem> items = new ConcurrentHashMap<>();
    private volatile boolean fullReadWanted;

    void lead(Lead lead) {
        leads.put(lead.id(), lead);
    }

    void item(TrackerItem item) {
        items.put(item.id(), item);
    }

    void leadDeleted() {
        fullReadWanted = true;
    }

    /**
     * Adds what the checks saw since the previous cycle to this cycle's read where that read is partial (a complete
     * read is the whole truth: what it lacks was deleted), and forgets it.
     */
    void addSeen(Map<String, Lead> leadsRead, boolean leadsComplete, Map<String, TrackerItem> itemsRead,
                 boolean itemsComplete) {
        if (!leadsComplete) {
            leads.forEach(leadsRead::putIfAbsent);
        }
        if (!itemsComplete) {
            items.forEach(itemsRead::putIfAbsent);
        }
        leads.clear();
        items.clear();
    }

    /** Whether a check found a lead deleted since its cycle read it: the next cycle should read everything. */
    boolean fullReadWanted() {
        return fullReadWanted;
    }

    /** A full read ran: what {@link #fullReadWanted} asked for is done. */
    void fullReadDone() {
        fullReadWanted = false;
    }
}
