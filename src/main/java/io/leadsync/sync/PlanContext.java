package io.leadsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.EarlierPlacements;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.RecordFilter;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.Shadows;
import io.leadsync.state.StatusOrigins;
import io.leadsync.sync.SyncPlanner.Snapshot;
import io.leadsync.tracker.TrackerItem;

/**
 * What the decisions of one plan share: what was read, the shadows as the decisions made so far leave them,
 * where their effects and removals are recorded, the mapping the plan is made with, and the checks and reports
 * every kind of decision uses.
 */
final class PlanContext {

    final String pair;
    final ItemTemplate template;
    final LeadSchema schema;
    final SyncPolicy policy;
    final SyncPlanner.Quarantine deadLetters;
    final StatusOrigins origins;
    final ShadowOverlay shadows;
    final Effects.Recorder fx;
    final Set<String> undecided;
    final UnsettledWrites unsettled;
    /** This pair's writes of unknown outcome that may still land (outlives the plan). */
    final LateWrites lateWrites;
    final StatusMapping mapping;
    /** Which leads sync, and what happens to the item of a linked lead that leaves (see {@link FilterCrossings}). */
    final RecordFilter filter;
    final RecordFilter.Leaving leaving;
    /** The mappings the items were last placed by, while this plan re-places them under an edited one; else null. */
    final EarlierPlacements placedBy;
    final String linkField;
    final CrossReferences crossReferences;
    private final long uncertainCreateWaitMillis;
    final long leadsReadAt;
    final long now;
    final List<SafetyRail.Removal> removals = new ArrayList<>();

    PlanContext(String pair, ItemTemplate template, LeadSchema schema, SyncPolicy policy,
                SyncPlanner.Quarantine deadLetters, StatusOrigins origins, long uncertainCreateWaitMillis,
                LateWrites lateWrites, StatusMapping mapping, RecordFilter filter, RecordFilter.Leaving leaving, Shadows stored,
                Snapshot in) {
        this.pair = pair;
        this.template = template;
        this.schema = schema;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.origins = origins;
        this.uncertainCreateWaitMillis = uncertainCreateWaitMillis;
        this.mapping = mapping;
        this.filter = filter;
        this.leaving = leaving;
        this.shadows = new ShadowOverlay(stored);
        this.fx = new Effects.Recorder(shadows);
        this.undecided = new LinkedHashSet<>();
        this.lateWrites = lateWrites;
        this.now = in.now();
        this.unsettled = new UnsettledWrites(schema, policy, shadows, fx, lateWrites, origins, now);
        String placed = stored.cursor(SyncPlanner.MAPPING_CURSOR);
        placedBy = in.leadsComplete() && in.itemsComplete() && placed != null
                && !placed.equals(mapping.placements()) ? EarlierPlacements.of(placed) : null;
        leadsReadAt = in.leadsReadAt();
        linkField = in.linkField();
        crossReferences = new CrossReferences(in.leads().values(), linkField);
    }

    /**
     * Whether a create of unknown outcome could have landed after this cycle's read of the items, which began
     * after {@code leadsReadAt}: the wait counts up to that read, not to now (a slow read, retried through
     * faults, answered before a held-back create landed, and planning after the wait created a second item).
     */
    boolean mayStillLand(Link pending) {
        return Math.min(leadsReadAt, now) - pending.itemModified() < uncertainCreateWaitMillis;
    }

    /** A removal goes through the safety rail: what it adds to the cycle is decided now, added if it passes. */
    void removal(SafetyRail.RemovalKind kind, String recordId, String itemId, Consumer<Effects.Recorder> effects) {
        Effects.Recorder out = new Effects.Recorder(null);
        effects.accept(out);
        removals.add(new SafetyRail.Removal(kind, recordId, itemId, out.effects()));
    }

    /**
     * The linked item as this cycle read it: null when it was not read, or a closed stand-in when a complete
     * read no longer has it (archived or deleted in the tracker).
     */
    static TrackerItem itemAsRead(Snapshot in, Link link) {
        TrackerItem item = in.items().get(link.itemId());
        if (item == null && in.itemsComplete() && !link.detached() && link.bucket() != null) {
            return new TrackerItem(link.itemId(), link.name(), link.description(), null, true, false,
                    link.itemModified(), link.recordId());
        }
        return item;
    }

    /** A lead whose name or description is cut to fit the tracker is audited whenever that content is written. */
    void auditCuts(Lead lead) {
        String cuts = template.cuts(lead);
        if (cuts != null) {
            fx.event(lead.id(), "truncated", cuts + ", to fit the " + pair + " limit");
        }
    }

    boolean outsideMapping(String bucket, String status) {
        return !mapping.knowsBucket(bucket) && !Objects.equals(mapping.bucketFor(status), bucket);
    }

    void reportUnmapped(Lead lead, String status, TrackerItem item) {
        fx.deadLetter(lead.id(), item.modifiedAt(), "item " + item.id() + " is in '" + item.bucket()
                + "', which is not in the " + pair + " mapping (it knows " + mapping.trackerToLead().keySet()
                + "); it stays there and the lead keeps status " + status, true);
    }

    /** Reports and quarantines a lead whose status cannot be mapped; true when it can be synced. */
    boolean acceptable(Lead lead, String status) {
        if (deadLetters.isQuarantined(pair, lead.id(), lead.modifiedAt())
                || fx.quarantines(lead.id(), lead.modifiedAt())) {
            return false; // quarantined before, or by a decision of this plan
        }
        if (status.isBlank()) {
            fx.deadLetter(lead.id(), lead.modifiedAt(), "lead '"
                    + ItemTemplate.shown(lead.field(schema.name())) + "' has no " + schema.status() + "; set one of "
                    + mapping.leadToTracker().keySet(), true);
            return false;
        }
        if (!mapping.knowsStatus(status)) {
            fx.deadLetter(lead.id(), lead.modifiedAt(), "status '" + ItemTemplate.shown(status)
                    + "' of lead '" + ItemTemplate.shown(lead.field(schema.name())) + "' is not in the " + pair
                    + " mapping (it knows " + mapping.leadToTracker().keySet() + "); add it to the mapping in routes/",
                    true);
            return false;
        }
        return true;
    }

    String key(String what, String id, String value, long sourceModified) {
        return ChangeKeys.key(pair, what, id, value, sourceModified);
    }
}
