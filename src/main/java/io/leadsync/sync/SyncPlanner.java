package io.leadsync.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.RecordFilter;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.Shadows;
import io.leadsync.state.StatusOrigins;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides what one cycle pushes, by comparing what was read on each side with the shadow kept in each link. A
 * pure decision: it reads the shadows (and the quarantine) and returns {@link Decisions}, values that the persist
 * step stores and the route pushes; it writes nothing and performs no I/O on the services. What it decides is
 * split by what was read: {@link LinkedChanges} (a linked lead and item), {@link LinkFinding} (a lead without a
 * link) and {@link RemovalDecisions} (what is gone on one side).
 */
public final class SyncPlanner {

    /** The link store's entry for the mapping the linked items were last placed by (survives restarts). */
    static final String MAPPING_CURSOR = "mapping";
    /** The link store's entry for how the linked items were last rendered: templates, fields and directions. */
    static final String RENDERING_CURSOR = "rendering";
    /** The link store's entry for the record filter every lead was last judged by (survives restarts). */
    static final String FILTER_CURSOR = "filter";
    /** The filter cursor's value for no filter, also what a link store from before filters existed means. */
    private static final String NO_FILTER = "none";

    /**
     * What one cycle read. {@code markers} (record id -> item) is present whenever {@code itemsComplete}.
     * {@code leadsReadAt} is a time no later than the leads were read (epoch ms); the items are read after them.
     * {@code linkField} is the Airtable field holding each lead's item id, or null when the table has none.
     * {@code now} is the time the cycle decides at (epoch ms, leadsync's clock), taken before
     * either side was read: a create whose wait is over then would have shown up in the reads.
     */
    public record Snapshot(Map<String, Lead> leads, boolean leadsComplete, Map<String, TrackerItem> items,
                           boolean itemsComplete, Map<String, TrackerItem> markers, long leadsReadAt,
                           String linkField, long now) {
    }

    /** Whether a record is quarantined at this modification time (the dead-letter store's answer). */
    @FunctionalInterface
    public interface Quarantine {
        boolean isQuarantined(String pair, String recordId, long sourceModified);
    }

    /** What the last plan did for leads without an item: linked to an existing item by the match rule, created, ambiguous. */
    public record MatchCounts(int matched, int created, int ambiguous) {
    }

    private final String pair;
    private final Supplier<PairMapping> mappings;
    private final ItemTemplate template;
    private final LeadSchema schema;
    private final SyncPolicy policy;
    private final Shadows links;
    private final Quarantine deadLetters;
    private final long uncertainCreateWaitMillis;
    private final MatchRule matchRule;
    private final StatusOrigins origins;
    private final BooleanSupplier holding;
    private final LateWrites lateWrites;
    /** Leads an operator asked to resync, decided by the next plan that reads both sides whole. */
    private final Set<String> resyncs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param links                     the stored shadows, read only
     * @param deadLetters               whether a lead is quarantined
     * @param origins                   the statuses pairs sharing the table wrote, and why
     * @param holding                   whether the safety rail holds removals
     * @param uncertainCreateWaitMillis how long a write whose answer never came may still land (a request
     *                                  stuck in a slow service): no second create is sent before that, and a
     *                                  move or archive landing within it is taken for that write
     */
    public SyncPlanner(String pair, Supplier<PairMapping> mappings, ItemTemplate template, LeadSchema schema,
                       SyncPolicy policy, Shadows links, Quarantine deadLetters, StatusOrigins origins,
                       long uncertainCreateWaitMillis, BooleanSupplier holding, MatchRule matchRule) {
        this.origins = origins;
        this.holding = holding;
        this.uncertainCreateWaitMillis = uncertainCreateWaitMillis;
        this.lateWrites = new LateWrites(uncertainCreateWaitMillis);
        this.matchRule = matchRule;
        this.pair = pair;
        this.mappings = mappings;
        this.template = template;
        this.schema = schema;
        this.policy = policy;
        this.links = links;
        this.deadLetters = deadLetters;
    }

    /** This pair's item writes of unknown outcome that may still land (the write steps add to them). */
    LateWrites lateWrites() {
        return lateWrites;
    }

    /**
     * True when some lead would get a new item, or crosses the record filter: then the caller must read every item,
     * to find markers first, or to archive or restore the item from where it is now.
     */
    public boolean needsMarkers(Iterable<Lead> leads) {
        PairMapping mapping = mappings.get();
        StatusMapping current = mapping.statuses();
        RecordFilter filter = mapping.recordFilter();
        for (Lead lead : leads) {
            Link link = links.byRecord(lead.id());
            String status = lead.field(schema.status());
            boolean admitted = filter.admits(lead);
            if (link != null && !link.pending() && !link.detached() && admitted == link.outside()) {
                return true;
            }
            if ((link == null || link.pending()) && admitted && current.knowsStatus(status)
                    && current.bucketFor(status) != null
                    && !deadLetters.isQuarantined(pair, lead.id(), lead.modifiedAt())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the mapping differs from the one the items were last placed by or rendered by (an edit, hot or
     * across a restart): the next cycle must read everything, to bring every linked item in line with the new
     * mapping (a field mapped since is written to every item, a new template renders every item again).
     */
    public boolean mappingChanged() {
        PairMapping mapping = mappings.get();
        String placed = links.cursor(MAPPING_CURSOR);
        String rendered = links.cursor(RENDERING_CURSOR);
        String judged = links.cursor(FILTER_CURSOR);
        if (placed == null) {
            return false; // nothing placed yet: the first full read places, renders and judges everything
        }
        // a template, field or filter edit too: every lead is rendered and judged again, also those that did not change
        return !placed.equals(mapping.statuses().placements())
                || rendered != null && !rendered.equals(template.with(mapping).signature())
                || !(judged == null ? NO_FILTER : judged).equals(filterRule(mapping));
    }

    /** The record filter and what leaving it does, as the filter cursor holds them. */
    private static String filterRule(PairMapping mapping) {
        RecordFilter filter = mapping.recordFilter();
        return filter.isEmpty() ? NO_FILTER : filter + "; leavingFilter: " + mapping.leaving();
    }

    /**
     * An operator's resync of a linked lead: the next plan that read both sides completely decides the lead and its
     * item again as if their shadow were lost ({@link Link#lost()}): per field, what differs is a conflict the
     * policies decide (audited as such), what agrees needs no write. Audited as a resync event. Kept until such a
     * plan decided it (an undecided lead waits for the next); not kept across a restart.
     */
    public void resync(String recordId) {
        resyncs.add(recordId);
    }

    /** Decides one cycle from what it read and the stored shadows. */
    public Decisions plan(Snapshot in) {
        // the mapping is looked up each cycle: an edited mapping applies without a restart
        return planWith(mappings.get(), in);
    }

    /** What {@link #plan} would decide with another mapping (an edit previewed before it applies). */
    public Decisions planWith(PairMapping mapping, Snapshot in) {
        ItemTemplate rendering = template.with(mapping);
        PlanContext plan = new PlanContext(pair, rendering, schema, policy, deadLetters, origins,
                uncertainCreateWaitMillis, lateWrites, mapping.statuses(), mapping.recordFilter(), mapping.leaving(), links, in);
        LinkedChanges linked = new LinkedChanges(plan);
        LinkFinding finding = new LinkFinding(plan, linked, matchRule);
        RemovalDecisions removed = new RemovalDecisions(plan, linked);
        finding.findMatches(in);
        // a resync needs both sides read whole: an item not read would be taken for one that left its list
        Set<String> resyncing = in.leadsComplete() && in.itemsComplete() ? Set.copyOf(resyncs) : Set.of();
        if (in.itemsComplete()) {
            plan.unsettled.settleArchives(in.items());
        }
        Set<String> seenItems = new HashSet<>();
        for (Lead lead : in.leads().values()) {
            Link link = plan.shadows.byRecord(lead.id());
            if (link == null || link.pending()) {
                finding.planUnlinked(lead, in, seenItems);
            } else {
                seenItems.add(link.itemId());
                if (resyncing.contains(lead.id()) && !link.detached()) {
                    plan.fx.event(lead.id(), "resync", "asked by an operator: the lead and item " + link.itemId()
                            + " decided again as if their shadow were lost; what differs is decided by the "
                            + "conflict policies");
                    link = link.lost();
                }
                linked.planLinked(lead, link, PlanContext.itemAsRead(in, link));
            }
        }
        for (TrackerItem item : in.items().values()) {
            if (seenItems.contains(item.id())) {
                continue;
            }
            Link link = plan.shadows.byItem(item.id());
            if (link != null && in.leadsComplete() && !in.leads().containsKey(link.recordId())) {
                continue; // its lead was deleted: see planDeletedLeads
            }
            if (link != null) {
                linked.planLinked(null, link, item);
            } else if (item.recordId() != null && !item.closed()) {
                removed.planMarkedItem(item, in);
            }
        }
        if (in.leadsComplete()) {
            removed.planDeletedLeads(in);
        }
        if (in.itemsComplete()) {
            removed.planVanishedItems(in, seenItems);
        }
        resyncing.stream().filter(id -> !plan.undecided.contains(id)).forEach(resyncs::remove);
        List<SafetyRail.Removal> removals = plan.removals;
        // counted only when needed: an idle cycle must not walk every link
        int linkedCount = removals.isEmpty() && !holding.getAsBoolean() ? 0
                : (int) plan.shadows.all().stream().filter(l -> !l.pending() && !l.detached()).count();
        return new Decisions(pair, plan.fx.effects(), List.copyOf(removals), linkedCount, Set.copyOf(plan.undecided),
                finding.matchCounts(), linked.remapped(), plan.mapping.placements(), rendering.signature(),
                filterRule(mapping));
    }
}
