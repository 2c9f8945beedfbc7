package io.leadsync.sync;

import io.leadsync.airtable.Lead;
import io.leadsync.change.ItemWrite;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.RecordFilter;
import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides a linked lead against the pair's record filter. A lead read outside it leaves: its link is marked
 * outside (audited, with the condition it fails) and nothing of it syncs either way while it stays out; with
 * {@code leavingFilter: archive} its item is archived, through the safety rail like any removal. A lead read inside
 * it again comes back (audited): it is planned as any linked lead, against the shadow kept from when it left, so
 * what either side did meanwhile counts as an edit, and an item archived for leaving is restored. A linked lead
 * that was not read keeps the side of the filter it was last seen on.
 */
final class FilterCrossings {

    private final PlanContext plan;

    FilterCrossings(PlanContext plan) {
        this.plan = plan;
    }

    /**
     * The link to plan with when the lead syncs (coming back: no longer outside), or null when it is outside the
     * filter: what that means for its item was decided here.
     */
    Link admit(Lead lead, Link link, TrackerItem item) {
        boolean outside = lead != null ? !plan.filter.admits(lead) : link.outside();
        if (!outside) {
            if (!link.outside()) {
                return link;
            }
            Link back = link.withOutside(false);
            plan.fx.put(back);
            String status = lead.field(plan.schema.status());
            // archived when it left (also under a leavingFilter since changed to leave)
            boolean restored = link.bucket() == null && plan.mapping.knowsStatus(status)
                    && plan.mapping.bucketFor(status) != null;
            plan.fx.event(link.recordId(), "filter-entered", "lead '" + name(lead) + "' is inside the record filter "
                    + "again (" + plan.filter + "): synced again" + (restored ? ", its item " + link.itemId()
                    + " restored where its status maps to" : ""));
            return back;
        }
        Link out = link;
        if (!link.outside()) {
            out = link.withOutside(true);
            plan.fx.put(out);
            plan.fx.event(link.recordId(), "filter-left", "lead '" + name(lead) + "' left the record filter: "
                    + plan.filter.rejection(lead) + "; its item " + link.itemId()
                    + (plan.leaving == RecordFilter.Leaving.LEAVE ? " is left as it is and no longer synced "
                    + "(leavingFilter: leave)" : link.bucket() == null ? " stays archived (leavingFilter: archive)"
                    : " is archived (leavingFilter: archive)"));
        }
        if (plan.leaving == RecordFilter.Leaving.ARCHIVE) {
            archive(lead, out, item);
        }
        return null;
    }

    /**
     * Archives the item of a lead outside the filter while leadsync still has it open; an item a person archived
     * or deleted meanwhile is left so (its link keeps the shadow: when the lead is back, that counts as their edit).
     */
    private void archive(Lead lead, Link out, TrackerItem item) {
        if (out.detached() || out.bucket() == null) {
            return; // archived already (by leaving, or its status maps to none), or gone before it left
        }
        String bucket = item == null ? out.bucket() : item.closed() || item.deleted() ? null : item.bucket();
        if (bucket == null) {
            return;
        }
        long sourceModified = lead != null ? lead.modifiedAt() : out.leadModified();
        long itemModified = item != null ? item.modifiedAt() : out.itemModified();
        Link next = out.withItemState(null, out.name(), out.description(), itemModified);
        ItemChange change = new ItemChange(null, null, null, Boolean.TRUE, bucket);
        // keyed by the item's time too: leaving again after a filter edited back and forth (the lead itself not
        // edited) archives the item restored in between, not skipped as already applied
        plan.removal(SafetyRail.RemovalKind.ARCHIVE_FILTERED, out.recordId(), out.itemId(), fx -> fx.change(
                ItemWrite.of(out.recordId(), out.itemId(), change, next, sourceModified,
                        plan.key("filter-archive", out.recordId(), out.itemId() + "@" + itemModified, sourceModified),
                        plan.pair + " item " + out.itemId() + " of lead " + out.recordId()
                                + ": archive (the lead left the record filter)")));
    }

    private String name(Lead lead) {
        return ItemTemplate.shown(lead.field(plan.schema.name()));
    }
}
