package io.leadsync.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.sync.SyncAction.Kind;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides what one cycle pushes, by comparing what was read on each side with the shadow kept in each link.
 * It performs no I/O on the services: shadow-only updates (a move that needs no write, a relink found through a
 * marker) go straight to the link store; everything else becomes a {@link SyncAction}.
 */
public final class SyncPlanner {

    /** The link store's entry for the mapping the linked items were last placed by (survives restarts). */
    private static final String MAPPING_CURSOR = "mapping";

    /**
     * What one cycle read. {@code markers} (record id -> item) is present whenever {@code itemsComplete}.
     * {@code leadsReadAt} is a time no later than the leads were read (epoch ms); the items are read after them.
     * {@code linkField} is the Airtable field holding each lead's item id, or null when the table has none.
     */
    public record Snapshot(Map<String, Lead> leads, boolean leadsComplete, Map<String, TrackerItem> items,
                           boolean itemsComplete, Map<String, TrackerItem> markers, long leadsReadAt,
                           String linkField) {

        public Snapshot(Map<String, Lead> leads, boolean leadsComplete, Map<String, TrackerItem> items,
                        boolean itemsComplete, Map<String, TrackerItem> markers, long leadsReadAt) {
            this(leads, leadsComplete, items, itemsComplete, markers, leadsReadAt, null);
        }
    }

    /** What the last plan did for leads without an item: linked to an existing item by the match rule, created, ambiguous. */
    public record MatchCounts(int matched, int created, int ambiguous) {
    }

    private final String pair;
    private final Supplier<StatusMapping> mappings;
    private StatusMapping mapping;
    private long leadsReadAt;
    private final ItemTemplate template;
    private final LeadSchema schema;
    private final SyncPolicy policy;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final AuditLog audit;
    private final UnsettledWrites unsettled;
    private final long uncertainCreateWaitMillis;
    private final MatchRule matchRule;
    private CrossReferences crossReferences;
    private String linkField;
    private Map<String, List<TrackerItem>> matches = Map.of();
    private final Map<String, Integer> leadsPerMatch = new HashMap<>();
    private int matched;
    private int created;
    private int ambiguous;
    private final Set<String> undecided = new LinkedHashSet<>();
    private final List<LinkStore.Seen> seenUnsettled = new ArrayList<>();
    private final SafetyRail rail;
    private final List<SafetyRail.Removal> removals = new ArrayList<>();
    /** The mapping the items were last placed by, while this cycle re-places them under an edited one; else null. */
    private StatusMapping placedBy;
    private int remapped;

    /**
     * @param uncertainCreateWaitMillis how long a create whose answer never came may still land (a request
     *                                  stuck in a slow service): no second create is sent before that
     */
    public SyncPlanner(String pair, Supplier<StatusMapping> mappings, ItemTemplate template, LeadSchema schema,
                       SyncPolicy policy, LinkStore links, DeadLetterStore deadLetters, AuditLog audit,
                       long uncertainCreateWaitMillis, SafetyRail rail, MatchRule matchRule) {
        this.rail = rail;
        this.uncertainCreateWaitMillis = uncertainCreateWaitMillis;
        this.matchRule = matchRule;
        this.pair = pair;
        this.mappings = mappings;
        this.template = template;
        this.schema = schema;
        this.policy = policy;
        this.links = links;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.unsettled = new UnsettledWrites(pair, schema, policy, links, audit);
    }

    /** True when some lead would get a new item: then the caller must read every item, to find markers first. */
    public boolean needsMarkers(Iterable<Lead> leads) {
        StatusMapping current = mappings.get();
        for (Lead lead : leads) {
            Link link = links.byRecord(lead.id());
            String status = lead.field(schema.status());
            if ((link == null || link.pending()) && current.knowsStatus(status) && current.bucketFor(status) != null
                    && !deadLetters.isQuarantined(pair, lead.id(), lead.modifiedAt())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records the last {@link #plan} left undecided, because what it read of them may be stale: the cycle must
     * not move its read cursors past them, so that the next one reads both sides again.
     */
    public Set<String> undecided() {
        return Set.copyOf(undecided);
    }

    /**
     * True when the mapping differs from the one the items were last placed by (an edit, hot or across a
     * restart): the next cycle must read everything, to bring every linked item in line with the new mapping.
     */
    public boolean mappingChanged() {
        String placed = links.cursor(MAPPING_CURSOR);
        return placed != null && !placed.equals(mappings.get().placements());
    }

    /** How many linked items the last {@link #plan} moves because the mapping changed. */
    public int remapped() {
        return remapped;
    }

    /** The last {@link #plan}, a full read, was pushed: its mapping is now the one the items are placed by. */
    public void mappingApplied() {
        links.saveCursor(MAPPING_CURSOR, mapping.placements());
    }

    public MatchCounts matchCounts() {
        return new MatchCounts(matched, created, ambiguous);
    }

    public List<SyncAction> plan(Snapshot in) {
        mapping = mappings.get(); // looked up each cycle: an edited mapping applies without a restart
        undecided.clear();
        seenUnsettled.clear();
        removals.clear();
        remapped = 0;
        boolean complete = in.leadsComplete() && in.itemsComplete();
        String placed = links.cursor(MAPPING_CURSOR);
        placedBy = complete && placed != null && !placed.equals(mapping.placements())
                ? StatusMapping.ofPlacements(placed) : null;
        leadsReadAt = in.leadsReadAt();
        linkField = in.linkField();
        crossReferences = new CrossReferences(in.leads().values(), linkField);
        matched = 0;
        created = 0;
        ambiguous = 0;
        findMatches(in);
        List<SyncAction> actions = new ArrayList<>();
        Map<String, Map<String, Object>> leadFields = new LinkedHashMap<>();
        Map<String, Link> leadNextLinks = new LinkedHashMap<>();
        Map<String, Long> leadSourceTimes = new LinkedHashMap<>();
        Map<String, String> leadStatusAsRead = new LinkedHashMap<>();
        LeadWrites leadWrites = (recordId, fields, next, sourceTime, statusAsRead) -> {
            leadFields.put(recordId, fields);
            leadNextLinks.put(recordId, next);
            leadSourceTimes.put(recordId, sourceTime);
            leadStatusAsRead.put(recordId, statusAsRead);
        };

        if (in.itemsComplete()) {
            unsettled.settleArchives(in.items());
        }
        Set<String> seenItems = new HashSet<>();
        for (Lead lead : in.leads().values()) {
            Link link = links.byRecord(lead.id());
            if (link == null || link.pending()) {
                planUnlinked(lead, in, actions, leadWrites, seenItems);
            } else {
                seenItems.add(link.itemId());
                planLinked(lead, link, itemAsRead(in, link), actions, leadWrites);
            }
        }
        for (TrackerItem item : in.items().values()) {
            if (seenItems.contains(item.id())) {
                continue;
            }
            Link link = links.byItem(item.id());
            if (link != null && in.leadsComplete() && !in.leads().containsKey(link.recordId())) {
                continue; // its lead was deleted: see planDeletedLeads
            }
            if (link != null) {
                planLinked(null, link, item, actions, leadWrites);
            } else if (item.recordId() != null && !item.closed()) {
                Link owner = links.byRecord(item.recordId());
                if (owner != null && owner.itemId() != null && !owner.itemId().equals(item.id())) {
                    if (ownDuplicate(item, owner, in)) {
                        archiveDuplicate(item, owner, actions);
                    } else {
                        deadLetters.record(pair, item.recordId(), item.modifiedAt(), "item " + item.id()
                                + " carries the marker of a lead already linked to item " + owner.itemId()
                                + "; leaving it alone: not known to be a duplicate leadsync made", true);
                    }
                }
            }
        }
        if (in.leadsComplete()) {
            planDeletedLeads(in, actions);
        }
        if (in.itemsComplete()) {
            planVanishedItems(in, leadWrites, seenItems);
        }
        // counted only when needed: an idle cycle must not walk every link
        int linked = removals.isEmpty() && !rail.holding() ? 0
                : (int) links.all().stream().filter(l -> !l.pending() && !l.detached()).count();
        rail.filter(removals, linked, complete).forEach(removal -> removal.apply().run());
        batchLeadWrites(leadFields, leadNextLinks, leadSourceTimes, leadStatusAsRead, actions);
        if (!seenUnsettled.isEmpty()) {
            links.putSeen(seenUnsettled); // before any of the writes can land, or be lost to a crash
        }
        return actions;
    }

    /**
     * The linked item as this cycle read it: null when it was not read, or a closed stand-in when a complete
     * read no longer has it (archived or deleted in the tracker).
     */
    private static TrackerItem itemAsRead(Snapshot in, Link link) {
        TrackerItem item = in.items().get(link.itemId());
        if (item == null && in.itemsComplete() && !link.detached() && link.bucket() != null) {
            return new TrackerItem(link.itemId(), link.name(), link.description(), null, true, false,
                    link.itemModified(), link.recordId());
        }
        return item;
    }

    @FunctionalInterface
    private interface LeadWrites {
        void add(String recordId, Map<String, Object> fields, Link next, long sourceTime, String statusAsRead);
    }

    private void planUnlinked(Lead lead, Snapshot in, List<SyncAction> actions, LeadWrites leadWrites,
                              Set<String> seenItems) {
        String status = lead.field(schema.status());
        TrackerItem existing = in.markers() == null ? null : in.markers().get(lead.id());
        Link pending = links.byRecord(lead.id());
        boolean waitOver = pending != null && in.markers() != null && existing == null && !mayStillLand(pending);
        if (existing != null && pending != null && pending.status() != null) {
            // our create landed but its answer was lost: the shadow is what we created, so whatever a person did
            // to the item since (moved, renamed, archived) is seen as their edit (whatever the lead's status now)
            Link adopted = pending.withItem(existing.id());
            links.put(adopted);
            audit.event(pair, lead.id(), "relinked", "found item " + existing.id() + " created before a failure");
            planLinked(lead, adopted, existing, actions, leadWrites);
            return;
        }
        if (!acceptable(lead, status)) {
            if (pending != null && (waitOver || existing != null)) {
                forgetCreate(lead.id()); // an item that did land is found by its marker once the lead is synced
            }
            return;
        }
        if (pending == null && in.markers() != null && relinkByCrossReferences(lead, status, in, existing, actions,
                leadWrites, seenItems)) {
            return;
        }
        if (existing != null) {
            adopt(lead, status, existing, "found item " + existing.id() + " by its marker", actions, leadWrites,
                    seenItems);
            return;
        }
        String bucket = mapping.bucketFor(status);
        if (bucket == null && waitOver) {
            forgetCreate(lead.id());
        }
        if (bucket == null || in.markers() == null) {
            return; // no card/task for this status; or no marker index, and a create is never made blind
        }
        if (pending != null && mayStillLand(pending)) {
            return; // the last create's answer never came and it may still land: look for its marker again later
        }
        List<TrackerItem> found = pending == null ? matches.get(lead.id()) : null;
        if (found != null) {
            matchOrReport(lead, status, bucket, found, actions, seenItems);
            return;
        }
        created++;
        ItemDraft draft = template.render(lead, bucket);
        auditCuts(lead);
        Link next = new Link(lead.id(), null, status, bucket, draft.name(), draft.description(), false,
                lead.modifiedAt(), 0);
        actions.add(new SyncAction(Kind.CREATE_ITEM, pair, lead.id(), null, draft, null, null, List.of(next), false,
                lead.modifiedAt(), key("create", lead.id(), bucket, lead.modifiedAt()),
                "create " + pair + " item '" + ItemTemplate.shown(draft.name()) + "' in " + bucket + " for lead "
                        + lead.id(), null));
    }

    /** A lead whose name or description is cut to fit the tracker is audited whenever that content is written. */
    private void auditCuts(Lead lead) {
        String cuts = template.cuts(lead);
        if (cuts != null) {
            audit.event(pair, lead.id(), "truncated", cuts + ", to fit the " + pair + " limit");
        }
    }

    /**
     * A lead with no link (new, or its state lost: data/ deleted) and a complete read of the items: the lead's link
     * field and the item's marker must agree where both exist. True when it was decided here (relinked, or a
     * disagreement reported and left alone); false when neither side names an item for it.
     */
    private boolean relinkByCrossReferences(Lead lead, String status, Snapshot in, TrackerItem marked,
                                            List<SyncAction> actions, LeadWrites leadWrites, Set<String> seenItems) {
        String named = crossReferences.itemOf(lead.id());
        if (named != null) {
            TrackerItem item = in.items().get(named);
            if (item == null || item.closed() || item.deleted()) {
                // every open item was read: the lead's item was archived or deleted. By a person, as with a link
                // (unlinked until it is restored), unless the lead's status has no item (archived by leadsync:
                // reviving the lead restores it)
                boolean noItem = mapping.bucketFor(status) == null;
                ItemDraft draft = template.render(lead, null);
                links.put(new Link(lead.id(), named, status, null, draft.name(), draft.description(), !noItem,
                        lead.modifiedAt(), 0));
                audit.event(pair, lead.id(), noItem ? "relinked" : "item-archived or deleted", "the lead's "
                        + linkField + " names item " + named + ", which is archived or deleted" + (noItem ? ""
                        : ": no new item (restore it, or clear the field to get a new one)"));
                return true;
            }
            if (item.recordId() != null && !item.recordId().equals(lead.id())) {
                deadLetters.record(pair, lead.id(), lead.modifiedAt(), "the lead's " + linkField + " names item "
                        + named + ", whose marker names lead " + item.recordId() + "; both left alone until they "
                        + "agree (correct the field or the item's marker; the lead is looked at again when it "
                        + "changes)", true);
                return true;
            }
            adopt(lead, status, item, "found item " + named + " through the lead's " + linkField
                    + (item.recordId() == null ? " (its marker was removed: written again)" : ""), actions,
                    leadWrites, seenItems);
            return true;
        }
        if (marked != null) {
            String claimant = crossReferences.recordOf(marked.id());
            if (claimant != null && !claimant.equals(lead.id())) {
                deadLetters.record(pair, lead.id(), lead.modifiedAt(), "item " + marked.id() + " carries this lead's "
                        + "marker but lead " + claimant + "'s " + linkField + " names it; left alone, no new item "
                        + "(correct the marker or the field; the lead is looked at again when it changes)", true);
                return true;
            }
        }
        return false;
    }

    /**
     * Links an item found by its marker or the lead's link field, made by an earlier run whose state is lost: the
     * lead's side decides, except that an item a person moved to a bucket outside the mapping stays there.
     */
    private void adopt(Lead lead, String status, TrackerItem item, String how, List<SyncAction> actions,
                       LeadWrites leadWrites, Set<String> seenItems) {
        String bucket = item.closed() ? null : item.bucket();
        boolean unmapped = bucket != null && outsideMapping(bucket, status);
        Link adopted = new Link(lead.id(), item.id(), unmapped ? status : null, bucket, item.name(),
                item.description(), false, unmapped ? lead.modifiedAt() : 0, item.modifiedAt());
        links.put(adopted);
        seenItems.add(item.id());
        audit.event(pair, lead.id(), "relinked", how);
        if (unmapped) {
            reportUnmapped(lead, status, item);
        }
        planLinked(lead, adopted, null, actions, leadWrites);
    }

    private boolean outsideMapping(String bucket, String status) {
        return !mapping.knowsBucket(bucket) && !Objects.equals(mapping.bucketFor(status), bucket);
    }

    private void reportUnmapped(Lead lead, String status, TrackerItem item) {
        deadLetters.record(pair, lead.id(), item.modifiedAt(), "item " + item.id() + " is in '" + item.bucket()
                + "', which is not in the " + pair + " mapping (it knows " + mapping.trackerToLead().keySet()
                + "); it stays there and the lead keeps status " + status, true);
    }

    /**
     * Match first: the open items without a marker, a link or a lead's link field naming them that each lead
     * without an item matches ({@code leadsync.match}), found once per cycle that read every item.
     */
    private void findMatches(Snapshot in) {
        matches = Map.of();
        leadsPerMatch.clear();
        if (in.markers() == null || matchRule.off()) {
            return;
        }
        List<Lead> wanting = in.leads().values().stream().filter(l -> links.byRecord(l.id()) == null
                && !in.markers().containsKey(l.id()) && crossReferences.itemOf(l.id()) == null
                && mapping.knowsStatus(l.field(schema.status())) && mapping.bucketFor(l.field(schema.status())) != null)
                .toList();
        List<TrackerItem> candidates = in.items().values().stream().filter(i -> !i.closed() && !i.deleted()
                && i.recordId() == null && links.byItem(i.id()) == null && crossReferences.recordOf(i.id()) == null)
                .toList();
        if (wanting.isEmpty() || candidates.isEmpty()) {
            return;
        }
        matches = matchRule.match(wanting, candidates, l -> template.render(l, null).name(),
                l -> l.field(schema.email()));
        matches.values().forEach(found -> found.forEach(i -> leadsPerMatch.merge(i.id(), 1, Integer::sum)));
    }

    /**
     * Links the one item the lead matches and adds the marker to it (appended: what a person wrote stays), the
     * item then follows the lead's status like an adopted one; several candidates, or an item several leads
     * match, are reported and nothing is linked or created.
     */
    private void matchOrReport(Lead lead, String status, String bucket, List<TrackerItem> found,
                               List<SyncAction> actions, Set<String> seenItems) {
        String name = template.render(lead, null).name();
        if (found.size() > 1 || leadsPerMatch.get(found.get(0).id()) > 1) {
            ambiguous++;
            String ids = found.stream().map(TrackerItem::id).toList().toString();
            deadLetters.record(pair, lead.id(), lead.modifiedAt(), (found.size() > 1 ? "items " + ids
                    + " all match lead '" + name + "'" : "item " + found.get(0).id() + " matches lead '" + name
                    + "' and another lead") + " (leadsync.match): nothing is linked or created; add "
                    + ItemTemplate.marker(lead.id()) + " to the right item's description (the lead is looked at "
                    + "again when it changes)", true);
            return;
        }
        matched++;
        TrackerItem item = found.get(0);
        seenItems.add(item.id());
        ItemDraft draft = template.render(lead, bucket);
        boolean unmapped = outsideMapping(item.bucket(), status);
        String moveTo = unmapped || item.bucket().equals(bucket) ? null : bucket;
        String description = item.description().isBlank() ? draft.description() : item.description() + "\n\n---\n"
                + ItemTemplate.marker(lead.id()) + " synced from Airtable by leadsync";
        // the shadow is the lead as rendered: the item's own name and text count as a person's edits, kept
        Link next = new Link(lead.id(), item.id(), status, moveTo != null ? moveTo : item.bucket(), draft.name(),
                draft.description(), false, lead.modifiedAt(), item.modifiedAt());
        audit.event(pair, lead.id(), "matched", "item " + item.id() + " in " + item.bucket()
                + " matches the lead (leadsync.match): linked, marker added");
        if (unmapped) {
            reportUnmapped(lead, status, item);
        }
        actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, lead.id(), item.id(), null,
                new ItemChange(null, description, moveTo, null, item.bucket()), null, List.of(next), false,
                lead.modifiedAt(), key("match", lead.id(), item.id(), lead.modifiedAt()), "link " + pair + " item "
                + item.id() + " to lead " + lead.id() + " (match), add the marker"
                + (moveTo != null ? ", move to " + moveTo : ""), null));
    }

    /**
     * A second open item with the marker of a lead linked to another: leadsync's own duplicate (a create whose
     * answer was lost, then repeated) when both sides were read in full and everything says so: it carries no
     * other marker, no lead's link field names it, and it still has the name leadsync gave it. Anything else (a
     * marker a person pasted) is reported instead.
     */
    private boolean ownDuplicate(TrackerItem item, Link owner, Snapshot in) {
        if (!in.leadsComplete() || !in.itemsComplete() || crossReferences.recordOf(item.id()) != null
                || !ItemTemplate.onlyMarkersOf(item.description(), owner.recordId())) {
            return false;
        }
        Lead lead = in.leads().get(owner.recordId());
        return item.name().equals(owner.name()) || lead != null && item.name().equals(template.render(lead, null).name());
    }

    /** Goes through the safety rail like every other removal: a storm of "duplicates" is more likely a mistake. */
    private void archiveDuplicate(TrackerItem item, Link owner, List<SyncAction> actions) {
        removals.add(new SafetyRail.Removal(SafetyRail.Kind.ARCHIVE_DUPLICATE, owner.recordId(), item.id(), () -> {
            audit.event(pair, owner.recordId(), "duplicate-archived", "archiving item " + item.id()
                    + ", a second item leadsync created for this lead (its item is " + owner.itemId() + ")");
            actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, owner.recordId(), item.id(), null,
                    new ItemChange(null, null, null, Boolean.TRUE, item.bucket()), null, List.of(), false,
                    item.modifiedAt(), key("archive-duplicate", owner.recordId(), item.id(), item.modifiedAt()),
                    "archive " + pair + " item " + item.id() + ", a duplicate of lead " + owner.recordId()
                    + "'s item " + owner.itemId(), null));
        }));
    }

    /**
     * A create of unknown outcome for a lead that no longer wants an item, with no marker found once the create
     * could have landed: it did not land, and waiting longer would only keep every cycle a full read. Should its
     * item show up after all, it is found by its marker like any item of a lead without a link.
     */
    private void forgetCreate(String recordId) {
        links.remove(recordId);
        audit.event(pair, recordId, "create-forgotten", "no item with the lead's marker appeared after a create of "
                + "unknown outcome, and the lead no longer wants one");
    }

    /**
     * Whether a create of unknown outcome could have landed after this cycle's read of the items, which began
     * after {@code leadsReadAt}: the wait counts up to that read, not to now (a slow read, retried through
     * faults, answered before a held-back create landed, and planning after the wait created a second item).
     */
    private boolean mayStillLand(Link pending) {
        return Math.min(leadsReadAt, System.currentTimeMillis()) - pending.itemModified() < uncertainCreateWaitMillis;
    }

    /** Reports and quarantines a lead whose status cannot be mapped; true when it can be synced. */
    private boolean acceptable(Lead lead, String status) {
        if (deadLetters.isQuarantined(pair, lead.id(), lead.modifiedAt())) {
            return false;
        }
        if (status.isBlank()) {
            deadLetters.record(pair, lead.id(), lead.modifiedAt(), "lead '"
                    + ItemTemplate.shown(lead.field(schema.name())) + "' has no " + schema.status() + "; set one of "
                    + mapping.leadToTracker().keySet(), true);
            return false;
        }
        if (!mapping.knowsStatus(status)) {
            deadLetters.record(pair, lead.id(), lead.modifiedAt(), "status '" + ItemTemplate.shown(status)
                    + "' of lead '" + ItemTemplate.shown(lead.field(schema.name())) + "' is not in the " + pair
                    + " mapping (it knows " + mapping.leadToTracker().keySet() + "); add it to the mapping in routes/",
                    true);
            return false;
        }
        return true;
    }

    private void planLinked(Lead lead, Link link, TrackerItem item, List<SyncAction> actions, LeadWrites leadWrites) {
        if (link.detached()) {
            if (item == null || item.closed() || item.deleted()) {
                return;
            }
            // restored from the archive: relink, then it follows the lead (read now, or on the next full read)
            audit.event(pair, link.recordId(), "restored", "item " + item.id() + " is back in " + item.bucket());
            link = link.withDetached(false).withItemState(item.bucket(), item.name(), item.description(),
                    item.modifiedAt()).withStatus(null, link.leadModified());
            links.put(link);
            item = null;
        }
        // a write planned and not landed yet (an unknown outcome, a crash, a failure) kept what its cycle saw: a
        // later change back to the shadow's value is still a change (A-B-A), not "no change"
        String seenStatus = unsettled.seenStatus(link.recordId());
        String seenBucket = unsettled.seenBucket(link.recordId());
        if (lead == null && seenStatus != null && !seenStatus.equals(link.status())) {
            // a move planned from a lead status the shadow does not have yet is unsettled, and the lead was not
            // read: its status now is unknown (still that one, or set back since), so nothing is decided blind
            return;
        }
        link = unsettled.settle(link, lead, item);
        if (item != null && (item.deleted() || (item.closed() && link.bucket() != null))) {
            // a stand-in for an item missing from a complete read has no bucket: archived or deleted, unknown
            itemGone(link, item.deleted() ? "deleted" : item.bucket() == null ? "archived or deleted" : "archived",
                    item.modifiedAt(), leadWrites);
            return;
        }
        if (lead == null && link.status() == null) {
            return; // relinked, its lead not read yet: the caller reads everything while such a link exists
        }
        String leadStatus = lead != null ? lead.field(schema.status()) : link.status();
        long leadModified = lead != null ? lead.modifiedAt() : link.leadModified();
        if (leadStatus == null) {
            return; // relinked but never synced: wait until the lead itself is read
        }
        if (lead != null && !acceptable(lead, leadStatus)) {
            return;
        }
        String itemBucket = item != null ? (item.closed() ? null : item.bucket()) : link.bucket();
        long itemModified = item != null ? item.modifiedAt() : link.itemModified();
        boolean leadChanged = lead != null && (!leadStatus.equals(link.status())
                || seenStatus != null && !leadStatus.equals(seenStatus));
        boolean itemMoved = item != null && (!Objects.equals(itemBucket, link.bucket())
                || seenBucket != null && !item.closed() && !seenBucket.equals(itemBucket));
        String target = mapping.bucketFor(leadStatus);

        if (leadChanged && itemMoved && Objects.equals(target, itemBucket) && itemModified > leadsReadAt) {
            // both sides changed to values that agree, but the item moved after the lead was read: the lead may
            // have changed again in between, and taking the two for agreed would bury the move (no write, so no
            // last-moment check either). Decided next cycle, which reads the lead after the move; what was seen
            // is kept, so that the lead set back meanwhile still counts as changed.
            undecided.add(link.recordId());
            seenUnsettled.add(new LinkStore.Seen(link.recordId(), leadStatus, itemBucket));
            return;
        }
        String newStatus = leadStatus;
        String newBucket = itemBucket;
        if (leadChanged && itemMoved && !Objects.equals(target, itemBucket)) {
            boolean airtableWins = policy.statusConflict().airtableWins(leadModified, itemModified);
            audit.conflict(pair, link.recordId(), "status", leadStatus + " (list " + target + ")",
                    String.valueOf(itemBucket), policy.statusConflict().name(), airtableWins ? "airtable" : "tracker");
            if (airtableWins) {
                newBucket = target;
            } else {
                newStatus = statusAfterMove(link, item, itemBucket, leadStatus);
            }
        } else if (leadChanged) {
            newBucket = target;
        } else if (itemMoved) {
            newStatus = statusAfterMove(link, item, itemBucket, leadStatus);
        } else if (lead != null && placedByEarlierMapping(leadStatus, itemBucket, target)) {
            newBucket = target;
            remapped++;
        }
        if (newStatus == null) {
            // moved to a list/status outside the mapping: reported; the shadow follows the item, and the lead's
            // status as read (a conflict was decided for the item: the lead's change must not come back later)
            links.put(link.withStatus(leadStatus, leadModified).withItemState(itemBucket, link.name(),
                    link.description(), itemModified));
            return;
        }

        // The content shadow is the lead's content as last rendered: Airtable edited a field when its rendering
        // differs, the tracker when the item's differs. A tracker edit that is kept leaves the shadow alone, so it
        // is never mistaken for an Airtable edit later; each field is decided on its own.
        String newName = null;
        String newDescription = null;
        String shadowName = link.name();
        String shadowDescription = link.description();
        if (lead != null) {
            ItemDraft draft = template.render(lead, newBucket);
            newName = contentToPush(link, "name", draft.name(), link.name(), item == null ? null : item.name(),
                    leadModified, itemModified);
            newDescription = contentToPush(link, "description", draft.description(), link.description(),
                    item == null ? null : item.description(), leadModified, itemModified);
            shadowName = draft.name();
            shadowDescription = draft.description();
            if (newName != null || newDescription != null) {
                auditCuts(lead);
            }
        }
        Boolean archive = null;
        String moveTo = null;
        if (!Objects.equals(newBucket, itemBucket)) {
            if (newBucket == null) {
                archive = Boolean.TRUE;
            } else {
                moveTo = newBucket;
                archive = itemBucket == null ? Boolean.FALSE : null;
            }
        }
        ItemChange change = new ItemChange(newName, newDescription, moveTo, archive, itemBucket, item != null);
        boolean statusWrite = !newStatus.equals(leadStatus);
        if (!statusWrite && !change.placesItem()) {
            // the status and the list agree with no write (both changed alike, or a status within the same list):
            // stored now, so that a content write beside it carries only its own effect and, if it never lands,
            // is not taken for a move when its intent is settled
            Link agreed = link.withStatus(newStatus, leadModified).withItemState(newBucket, link.name(),
                    link.description(), itemModified);
            if (!agreed.equals(link)) {
                links.put(agreed);
                link = agreed;
            }
        }
        // Each push records only its own effect and what caused it, so that one failing while the other lands
        // never marks the failed one as done. A status write is caused by the item's move: it consumes the
        // item's list as read; an item write next to it is content only and must not consume that move.
        Link next = link.withStatus(newStatus, leadModified)
                .withItemState(newBucket, shadowName, shadowDescription, itemModified);
        Link base = link;
        String status = newStatus;
        String name = shadowName;
        String description = shadowDescription;
        boolean leadRead = lead != null;
        boolean itemRead = item != null;
        Runnable emit = () -> {
            if (!change.isEmpty()) {
                Link itemNext = statusWrite ? base.withItemState(base.bucket(), name, description,
                        base.itemModified()) : next;
                actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, base.recordId(), base.itemId(), null, change,
                        null, List.of(itemNext), false, leadModified,
                        key("change", base.recordId(), change.toString(), leadModified),
                        describe(change, base), null));
            }
            if (statusWrite) {
                leadWrites.add(base.recordId(), Map.of(schema.status(), status), change.isEmpty() ? next
                        : next.withItemState(itemBucket, base.name(), base.description(), itemModified),
                        itemModified, leadStatus);
            }
            if (change.isEmpty() && !statusWrite && !next.equals(base)) {
                links.put(next);
            } else if (statusWrite || change.placesItem()) {
                seenUnsettled.add(new LinkStore.Seen(base.recordId(), leadRead ? leadStatus : null,
                        itemRead ? itemBucket : null));
            }
        };
        if (Boolean.TRUE.equals(archive)) {
            removals.add(new SafetyRail.Removal(SafetyRail.Kind.ARCHIVE, base.recordId(), base.itemId(), emit));
        } else {
            emit.run();
        }
    }

    /**
     * After a mapping edit: the item sits where the mapping it was placed by put a lead of this status, and the
     * new mapping puts it elsewhere. An item in a list/status neither mapping gives its lead (a person put it
     * there) is left alone, and so is one that is consistent with the new mapping (many-to-one).
     */
    private boolean placedByEarlierMapping(String leadStatus, String itemBucket, String target) {
        return placedBy != null && !Objects.equals(target, itemBucket) && placedBy.knowsStatus(leadStatus)
                && Objects.equals(placedBy.bucketFor(leadStatus), itemBucket);
    }

    /**
     * The value to write into one content field of the item, or null. Airtable owns the field: its edit is
     * pushed; a field edited on the item only is kept; one edited on both sides is a recorded conflict that
     * {@code leadsync.conflicts.content} decides.
     */
    private String contentToPush(Link link, String field, String airtable, String shadow, String onItem,
                                 long leadModified, long itemModified) {
        if (airtable.equals(shadow)) {
            return null;
        }
        if (onItem != null && !onItem.equals(shadow)) {
            if (airtable.equals(onItem)) {
                return null; // the same edit made on both sides
            }
            boolean airtableWins = policy.contentConflict().airtableWins(leadModified, itemModified);
            audit.conflict(pair, link.recordId(), field, airtable, onItem, policy.contentConflict().name(),
                    airtableWins ? "airtable" : "tracker");
            if (!airtableWins) {
                return null;
            }
        }
        return airtable.equals(onItem != null ? onItem : shadow) ? null : airtable;
    }

    private String statusAfterMove(Link link, TrackerItem item, String bucket, String leadStatus) {
        if (!mapping.knowsBucket(bucket) && !Objects.equals(mapping.bucketFor(leadStatus), bucket)) {
            deadLetters.record(pair, link.recordId(), item.modifiedAt(), "item " + item.id() + " was moved to '"
                    + bucket + "', which is not in the " + pair + " mapping (it knows "
                    + mapping.trackerToLead().keySet() + "); the lead keeps status " + leadStatus, true);
            return null;
        }
        String status = mapping.statusAfterMove(bucket, leadStatus);
        return status == null ? leadStatus : status;
    }

    private void itemGone(Link link, String how, long when, LeadWrites leadWrites) {
        removals.add(new SafetyRail.Removal(SafetyRail.Kind.ITEM_GONE, link.recordId(), link.itemId(), () -> {
            Link detached = link.withDetached(true).withItemState(null, link.name(), link.description(), when);
            if (policy.itemGone() == SyncPolicy.ItemGone.SET_STATUS && policy.itemGoneStatus() != null
                    && !policy.itemGoneStatus().equals(link.status())) {
                audit.event(pair, link.recordId(), "item-" + how, "item " + link.itemId() + " was " + how
                        + "; setting the lead to " + policy.itemGoneStatus() + " and unlinking");
                leadWrites.add(link.recordId(), Map.of(schema.status(), policy.itemGoneStatus()),
                        detached.withStatus(policy.itemGoneStatus(), link.leadModified()), when, null);
            } else {
                audit.event(pair, link.recordId(), "item-" + how, "item " + link.itemId() + " was " + how
                        + " in the tracker; the lead is left as it is and unlinked");
                links.put(detached);
            }
        }));
    }

    private void planDeletedLeads(Snapshot in, List<SyncAction> actions) {
        for (Link link : links.all()) {
            if (in.leads().containsKey(link.recordId())) {
                continue;
            }
            if (link.pending()) {
                // a create whose outcome was never learned: its item, if it exists, is found by the marker
                TrackerItem created = in.markers() == null ? null : in.markers().get(link.recordId());
                if (created == null && mayStillLand(link)) {
                    continue; // the create may still land: look again before forgetting it
                }
                link = created == null || created.closed() ? link : new Link(link.recordId(), created.id(), null,
                        created.bucket(), created.name(), created.description(), false, link.leadModified(),
                        created.modifiedAt());
            }
            // where the item is now, if this cycle read it: a person may have moved it since the last sync
            TrackerItem item = link.pending() ? null : in.items().get(link.itemId());
            String bucket = item == null ? link.bucket() : item.closed() || item.deleted() ? null : item.bucket();
            if (link.pending() || link.detached() || bucket == null) {
                links.remove(link.recordId());
                continue;
            }
            Link gone = link;
            removals.add(new SafetyRail.Removal(SafetyRail.Kind.ARCHIVE_DELETED, link.recordId(), link.itemId(), () -> {
                audit.event(pair, gone.recordId(), "lead-deleted", "archiving item " + gone.itemId());
                ItemChange archive = new ItemChange(null, null, null, Boolean.TRUE, bucket);
                actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, gone.recordId(), gone.itemId(), null, archive,
                        null, List.of(gone.withItemState(null, gone.name(), gone.description(), gone.itemModified())),
                        true, gone.leadModified(), key("archive-deleted", gone.recordId(), gone.itemId(),
                        gone.leadModified()), "archive " + pair + " item " + gone.itemId() + " of deleted lead "
                        + gone.recordId(), null));
            }));
        }
    }

    private void planVanishedItems(Snapshot in, LeadWrites leadWrites, Set<String> handled) {
        for (Link link : links.all()) {
            if (link.pending() || link.detached() || link.bucket() == null || in.items().containsKey(link.itemId())
                    || handled.contains(link.itemId())) {
                continue;
            }
            if (!in.leads().containsKey(link.recordId()) && in.leadsComplete()) {
                continue; // lead deleted too: handled above
            }
            itemGone(link, "archived or deleted", link.itemModified(), leadWrites);
        }
    }

    private void batchLeadWrites(Map<String, Map<String, Object>> fields, Map<String, Link> nextLinks,
                                 Map<String, Long> sourceTimes, Map<String, String> statusAsRead,
                                 List<SyncAction> actions) {
        List<String> ids = new ArrayList<>(fields.keySet());
        for (int from = 0; from < ids.size(); from += AirtableClient.MAX_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + AirtableClient.MAX_BATCH));
            Map<String, Map<String, Object>> batchFields = new LinkedHashMap<>();
            Map<String, String> batchAsRead = new LinkedHashMap<>();
            List<Link> batchLinks = new ArrayList<>();
            StringBuilder keyParts = new StringBuilder();
            long newest = 0;
            for (String id : batch) {
                batchFields.put(id, fields.get(id));
                batchAsRead.put(id, statusAsRead.get(id));
                batchLinks.add(nextLinks.get(id));
                keyParts.append(id).append('=').append(fields.get(id)).append('@').append(sourceTimes.get(id)).append(';');
                newest = Math.max(newest, sourceTimes.get(id));
            }
            actions.add(new SyncAction(Kind.UPDATE_LEADS, pair, batch.get(0), null, null, null, batchFields,
                    batchLinks, false, newest, key("leads", batch.get(0), keyParts.toString(), newest),
                    "update " + batch.size() + " lead(s) in Airtable from " + pair + ": " + batchFields, batchAsRead));
        }
    }

    private String key(String what, String id, String value, long sourceModified) {
        return pair + "|" + what + "|" + id + "|" + ChangeKeys.digest(value) + "|" + sourceModified;
    }

    private String describe(ItemChange change, Link link) {
        List<String> parts = new ArrayList<>();
        if (change.bucket() != null) {
            parts.add("move to " + change.bucket());
        }
        if (Boolean.TRUE.equals(change.archive())) {
            parts.add("archive");
        }
        if (change.name() != null) {
            parts.add("rename to '" + ItemTemplate.shown(change.name()) + "'");
        }
        if (change.description() != null) {
            parts.add("update description");
        }
        return pair + " item " + link.itemId() + " of lead " + link.recordId() + ": " + String.join(", ", parts);
    }
}
