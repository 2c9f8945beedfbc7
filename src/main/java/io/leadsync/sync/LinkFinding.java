package io.leadsync.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.sync.SyncPlanner.Snapshot;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides a lead without a link (new, a create of unknown outcome, or its state lost): finds its item by the
 * marker, the lead's link field or the match rule and links it, or creates one.
 */
final class LinkFinding {

    private final PlanContext plan;
    // the parts of the plan used here, by their short names
    private final String pair;
    private final ItemTemplate template;
    private final LeadSchema schema;
    private final ShadowOverlay shadows;
    private final Effects.Recorder fx;
    private final StatusMapping mapping;
    private final String linkField;
    private final CrossReferences crossReferences;
    private final LinkedChanges linked;
    private final MatchRule matchRule;
    private Map<String, List<TrackerItem>> matches = Map.of();
    private final Map<String, Integer> leadsPerMatch = new HashMap<>();
    private int matched;
    private int created;
    private int ambiguous;

    LinkFinding(PlanContext plan, LinkedChanges linked, MatchRule matchRule) {
        this.plan = plan;
        this.pair = plan.pair;
        this.template = plan.template;
        this.schema = plan.schema;
        this.shadows = plan.shadows;
        this.fx = plan.fx;
        this.mapping = plan.mapping;
        this.linkField = plan.linkField;
        this.crossReferences = plan.crossReferences;
        this.linked = linked;
        this.matchRule = matchRule;
    }

    void planUnlinked(Lead lead, Snapshot in, Set<String> seenItems) {
        String status = lead.field(schema.status());
        TrackerItem existing = in.markers() == null ? null : in.markers().get(lead.id());
        Link pending = shadows.byRecord(lead.id());
        boolean waitOver = pending != null && in.markers() != null && existing == null && !plan.mayStillLand(pending);
        if (existing != null && pending != null && pending.status() != null) {
            // our create landed but its answer was lost: the shadow is what we created, so whatever a person did
            // to the item since (moved, renamed, archived) is seen as their edit (whatever the lead's status now)
            Link adopted = pending.withItem(existing.id());
            fx.put(adopted);
            fx.event(lead.id(), "relinked", "found item " + existing.id() + " created before a failure");
            linked.planLinked(lead, adopted, existing);
            return;
        }
        if (!plan.filter.admits(lead)) {
            // outside the record filter: no item is made or linked for it (found by its marker once it is inside)
            if (pending != null && (waitOver || existing != null)) {
                forgetCreate(lead.id());
            }
            return;
        }
        if (!plan.acceptable(lead, status)) {
            if (pending != null && (waitOver || existing != null)) {
                forgetCreate(lead.id()); // an item that did land is found by its marker once the lead is synced
            }
            return;
        }
        if (pending == null && in.markers() != null && relinkByCrossReferences(lead, status, in, existing, seenItems)) {
            return;
        }
        if (existing != null) {
            adopt(lead, status, existing, "found item " + existing.id() + " by its marker",
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
        if (pending != null && plan.mayStillLand(pending)) {
            return; // the last create's answer never came and it may still land: look for its marker again later
        }
        List<TrackerItem> found = pending == null ? matches.get(lead.id()) : null;
        if (found != null) {
            matchOrReport(lead, status, bucket, found, seenItems);
            return;
        }
        created++;
        ItemDraft draft = template.render(lead, bucket);
        plan.auditCuts(lead);
        Link next = new Link(lead.id(), null, status, bucket, draft.name(), draft.description(), false,
                lead.modifiedAt(), 0, draft.fields());
        fx.change(new CreateItem(lead.id(), draft, next, lead.modifiedAt(),
                plan.key("create", lead.id(), bucket, lead.modifiedAt()),
                "create " + pair + " item '" + ItemTemplate.shown(draft.name()) + "' in " + bucket + " for lead "
                        + lead.id()));
    }

    /**
     * A lead with no link (new, or its state lost: data/ deleted) and a complete read of the items: the lead's link
     * field and the item's marker must agree where both exist. True when it was decided here (relinked, or a
     * disagreement reported and left alone); false when neither side names an item for it.
     */
    private boolean relinkByCrossReferences(Lead lead, String status, Snapshot in, TrackerItem marked,
                                            Set<String> seenItems) {
        String named = crossReferences.itemOf(lead.id());
        if (named != null) {
            TrackerItem item = in.items().get(named);
            if (item == null || item.closed() || item.deleted()) {
                // every open item was read: the lead's item was archived or deleted. By a person, as with a link
                // (unlinked until it is restored), unless the lead's status has no item (archived by leadsync:
                // reviving the lead restores it)
                boolean noItem = mapping.bucketFor(status) == null;
                ItemDraft draft = template.render(lead, null);
                fx.put(new Link(lead.id(), named, status, null, draft.name(), draft.description(), !noItem,
                        lead.modifiedAt(), 0, draft.fields()));
                fx.event(lead.id(), noItem ? "relinked" : "item-archived or deleted", "the lead's "
                        + linkField + " names item " + named + ", which is archived or deleted" + (noItem ? ""
                        : ": no new item (restore it, or clear the field to get a new one)"));
                return true;
            }
            if (item.recordId() != null && !item.recordId().equals(lead.id())) {
                fx.deadLetter(lead.id(), lead.modifiedAt(), "the lead's " + linkField + " names item "
                        + named + ", whose marker names lead " + item.recordId() + "; both left alone until they "
                        + "agree (correct the field or the item's marker; the lead is looked at again when it "
                        + "changes)", true);
                return true;
            }
            adopt(lead, status, item, "found item " + named + " through the lead's " + linkField
                    + (item.recordId() == null ? " (its marker was removed: written again)" : ""), seenItems);
            return true;
        }
        if (marked != null) {
            String claimant = crossReferences.recordOf(marked.id());
            if (claimant != null && !claimant.equals(lead.id())) {
                fx.deadLetter(lead.id(), lead.modifiedAt(), "item " + marked.id() + " carries this lead's "
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
    private void adopt(Lead lead, String status, TrackerItem item, String how, Set<String> seenItems) {
        String bucket = item.closed() ? null : item.bucket();
        boolean unmapped = bucket != null && plan.outsideMapping(bucket, status);
        Link adopted = new Link(lead.id(), item.id(), unmapped ? status : null, bucket, item.name(),
                item.description(), false, unmapped ? lead.modifiedAt() : 0, item.modifiedAt(), item.fields());
        fx.put(adopted);
        seenItems.add(item.id());
        fx.event(lead.id(), "relinked", how);
        if (unmapped) {
            plan.reportUnmapped(lead, status, item);
        }
        linked.planLinked(lead, adopted, null);
    }

    /**
     * Match first: the open items without a marker, a link or a lead's link field naming them that each lead
     * without an item matches ({@code leadsync.match}), found once per cycle that read every item.
     */
    void findMatches(Snapshot in) {
        matches = Map.of();
        leadsPerMatch.clear();
        if (in.markers() == null || matchRule.off()) {
            return;
        }
        List<Lead> wanting = in.leads().values().stream().filter(l -> shadows.byRecord(l.id()) == null
                && !in.markers().containsKey(l.id()) && crossReferences.itemOf(l.id()) == null && plan.filter.admits(l)
                && mapping.knowsStatus(l.field(schema.status())) && mapping.bucketFor(l.field(schema.status())) != null)
                .toList();
        List<TrackerItem> candidates = in.items().values().stream().filter(i -> !i.closed() && !i.deleted()
                && i.recordId() == null && shadows.byItem(i.id()) == null && crossReferences.recordOf(i.id()) == null)
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
                               Set<String> seenItems) {
        String name = template.render(lead, null).name();
        if (found.size() > 1 || leadsPerMatch.get(found.get(0).id()) > 1) {
            ambiguous++;
            String ids = found.stream().map(TrackerItem::id).toList().toString();
            fx.deadLetter(lead.id(), lead.modifiedAt(), (found.size() > 1 ? "items " + ids
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
        boolean unmapped = plan.outsideMapping(item.bucket(), status);
        String moveTo = unmapped || item.bucket().equals(bucket) ? null : bucket;
        String description = item.description().isBlank() ? draft.description() : item.description() + "\n\n---\n"
                + ItemTemplate.marker(lead.id()) + " synced from Airtable by leadsync";
        // the shadow is the lead as rendered: the item's own name and text count as a person's edits, kept
        Link next = new Link(lead.id(), item.id(), status, moveTo != null ? moveTo : item.bucket(), draft.name(),
                draft.description(), false, lead.modifiedAt(), item.modifiedAt(), draft.fields());
        fx.event(lead.id(), "matched", "item " + item.id() + " in " + item.bucket()
                + " matches the lead (leadsync.match): linked, marker added");
        if (unmapped) {
            plan.reportUnmapped(lead, status, item);
        }
        fx.change(ItemWrite.of(lead.id(), item.id(), new ItemChange(null, description, moveTo, null, item.bucket()),
                next, lead.modifiedAt(), plan.key("match", lead.id(), item.id(), lead.modifiedAt()), "link " + pair
                + " item " + item.id() + " to lead " + lead.id() + " (match), add the marker"
                + (moveTo != null ? ", move to " + moveTo : "")));
    }

    /**
     * A create of unknown outcome for a lead that no longer wants an item, with no marker found once the create
     * could have landed: it did not land, and waiting longer would only keep every cycle a full read. Should its
     * item show up after all, it is found by its marker like any item of a lead without a link.
     */
    private void forgetCreate(String recordId) {
        fx.remove(recordId);
        fx.event(recordId, "create-forgotten", "no item with the lead's marker appeared after a create of "
                + "unknown outcome, and the lead no longer wants one");
    }

    SyncPlanner.MatchCounts matchCounts() {
        return new SyncPlanner.MatchCounts(matched, created, ambiguous);
    }
}
