package io.leadsync.sync;

import java.util.List;
import java.util.Set;

import io.leadsync.airtable.Lead;
import io.leadsync.change.Change;
import io.leadsync.state.LinkStore;

/**
 * The decision steps of a cycle as the cycle's route runs them (steps of {@link SyncCycle}): the planner decides, the safety rail lets
 * removals through, the persist step stores what was decided; the changes to push are returned. For tests whose
 * scenarios span several cycles against the state files.
 */
final class PlannedCycle {

    private final SyncPlanner planner;
    private final SafetyRail rail;
    private final PersistDecisions persist;
    private final LinkStore links;
    private Decisions last;

    PlannedCycle(SyncPlanner planner, SafetyRail rail, PersistDecisions persist, LinkStore links) {
        this.planner = planner;
        this.rail = rail;
        this.persist = persist;
        this.links = links;
    }

    List<Change> plan(SyncPlanner.Snapshot in) {
        last = planner.plan(in);
        Effects effects = last.afterRail(rail.filter(last.removals(), last.linked(),
                in.leadsComplete() && in.itemsComplete()));
        persist.persist(effects);
        return effects.changes();
    }

    /** The planner's writes of unknown outcome, as the write steps add to them. */
    LateWrites lateWrites() {
        return planner.lateWrites();
    }

    Set<String> undecided() {
        return last.undecided();
    }

    SyncPlanner.MatchCounts matchCounts() {
        return last.matchCounts();
    }

    int remapped() {
        return last.remapped();
    }

    boolean needsMarkers(Iterable<Lead> leads) {
        return planner.needsMarkers(leads);
    }

    boolean mappingChanged() {
        return planner.mappingChanged();
    }

    /**
     * What the end of a cycle whose full read was pushed stores: the mapping the items are now placed by, the record
     * filter every lead was judged by.
     */
    void mappingApplied() {
        last.mappingCursors(links.cursor(SyncPlanner.MAPPING_CURSOR), true).forEach(links::saveCursor);
    }

    /** What the end of a cycle that left some of its changes to the next one stores (a stop, a failed push). */
    void mappingPartlyApplied() {
        last.mappingCursors(links.cursor(SyncPlanner.MAPPING_CURSOR), false).forEach(links::saveCursor);
    }
}
