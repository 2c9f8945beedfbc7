package io.leadsync.sync;

import java.util.List;
import java.util.Set;

import io.leadsync.airtable.Lead;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.RecordFilter;
import io.leadsync.state.Link;
import io.leadsync.change.ArchiveItem;
import io.leadsync.sync.SyncPlanner.Snapshot;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides what is gone on one side: a lead deleted in Airtable (its item archived), an item gone from a complete
 * read (its lead unlinked, or set to a status), a duplicate item leadsync made (archived). Each is a removal
 * for the safety rail.
 */
final class RemovalDecisions {

    private final PlanContext plan;
    // the parts of the plan used here, by their short names
    private final String pair;
    private final ItemTemplate template;
    private final ShadowOverlay shadows;
    private final Effects.Recorder fx;
    private final CrossReferences crossReferences;
    private final LinkedChanges linked;

    RemovalDecisions(PlanContext plan, LinkedChanges linked) {
        this.plan = plan;
        this.pair = plan.pair;
        this.template = plan.template;
        this.shadows = plan.shadows;
        this.fx = plan.fx;
        this.crossReferences = plan.crossReferences;
        this.linked = linked;
    }

    /**
     * An open item without a link that carries the marker of a lead linked to another item: archived when it is
     * leadsync's own duplicate, else reported.
     */
    void planMarkedItem(TrackerItem item, Snapshot in) {
        Link owner = shadows.byRecord(item.recordId());
        if (owner != null && owner.itemId() != null && !owner.itemId().equals(item.id())) {
            if (ownDuplicate(item, owner, in)) {
                archiveDuplicate(item, owner);
            } else {
                fx.deadLetter(item.recordId(), item.modifiedAt(), "item " + item.id()
                        + " carries the marker of a lead already linked to item " + owner.itemId()
                        + "; leaving it alone: not known to be a duplicate leadsync made", true);
            }
        }
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
    private void archiveDuplicate(TrackerItem item, Link owner) {
        plan.removal(SafetyRail.RemovalKind.ARCHIVE_DUPLICATE, owner.recordId(), item.id(), out -> {
            out.event(owner.recordId(), "duplicate-archived", "archiving item " + item.id()
                    + ", a second item leadsync created for this lead (its item is " + owner.itemId() + ")");
            out.change(new ArchiveItem(owner.recordId(), item.id(),
                    new ItemChange(null, null, null, Boolean.TRUE, item.bucket()), null, false,
                    item.modifiedAt(), plan.key("archive-duplicate", owner.recordId(), item.id(), item.modifiedAt()),
                    "archive " + pair + " item " + item.id() + ", a duplicate of lead " + owner.recordId()
                    + "'s item " + owner.itemId()));
        });
    }

    void planDeletedLeads(Snapshot in) {
        for (Link link : shadows.all()) {
            if (in.leads().containsKey(link.recordId())) {
                continue;
            }
            if (link.pending()) {
                // a create whose outcome was never learned: its item, if it exists, is found by the marker
                TrackerItem created = in.markers() == null ? null : in.markers().get(link.recordId());
                if (created == null && plan.mayStillLand(link)) {
                    continue; // the create may still land: look again before forgetting it
                }
                link = created == null || created.closed() ? link : new Link(link.recordId(), created.id(), null,
                        created.bucket(), created.name(), created.description(), false, link.leadModified(),
                        created.modifiedAt());
            }
            // where the item is now, if this cycle read it: a person may have moved it since the last sync
            TrackerItem item = link.pending() ? null : in.items().get(link.itemId());
            String bucket = item == null ? link.bucket() : item.closed() || item.deleted() ? null : item.bucket();
            if (link.pending() || link.detached() || bucket == null
                    || link.outside() && plan.leaving == RecordFilter.Leaving.LEAVE) {
                fx.remove(link.recordId()); // an item left as it is when its lead left the filter stays so
                continue;
            }
            Link gone = link;
            plan.removal(SafetyRail.RemovalKind.ARCHIVE_DELETED, link.recordId(), link.itemId(), out -> {
                out.event(gone.recordId(), "lead-deleted", "archiving item " + gone.itemId());
                ItemChange archive = new ItemChange(null, null, null, Boolean.TRUE, bucket);
                out.change(new ArchiveItem(gone.recordId(), gone.itemId(), archive,
                        gone.withItemState(null, gone.name(), gone.description(), gone.itemModified()),
                        true, gone.leadModified(), plan.key("archive-deleted", gone.recordId(), gone.itemId(),
                        gone.leadModified()), "archive " + pair + " item " + gone.itemId() + " of deleted lead "
                        + gone.recordId()));
            });
        }
    }

    void planVanishedItems(Snapshot in, Set<String> handled) {
        for (Link link : shadows.all()) {
            // an item of a lead outside the record filter is looked at when the lead is back
            if (link.pending() || link.detached() || link.outside() || link.bucket() == null
                    || in.items().containsKey(link.itemId()) || handled.contains(link.itemId())) {
                continue;
            }
            if (!in.leads().containsKey(link.recordId()) && in.leadsComplete()) {
                continue; // lead deleted too: handled above
            }
            if (plan.lateWrites.expects(shadows, link.recordId(), link.itemId(), LateWrites.PLACE,
                    LateWrites.ARCHIVED, plan.now)) {
                linked.planLinked(null, link, PlanContext.itemAsRead(in, link)); // its own archive, landing late
            } else {
                linked.itemGone(link, "archived or deleted", link.itemModified());
            }
        }
    }
}
