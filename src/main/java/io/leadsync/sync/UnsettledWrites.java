package io.leadsync.sync;

import java.util.Map;
import java.util.Objects;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.Shadows;
import io.leadsync.state.StatusOrigins;
import io.leadsync.tracker.TrackerItem;

/**
 * Writes whose outcome was never learned (a lost answer, a crash): each left an intent in the link store, and
 * the planner asks here what the reads of a cycle tell about it (one instance per plan). Without that, the sync's own write would later
 * be taken for a person's edit, or a person's edit for the sync's own write.
 */
final class UnsettledWrites {

    private final LeadSchema schema;
    private final SyncPolicy policy;
    private final Shadows links;
    private final Effects.Recorder fx;
    private final LateWrites lateWrites;
    /** What leadsync's own writes did to the leads (a modification of its own is no person's edit). */
    private final StatusOrigins origins;
    private final long now;

    /**
     * @param links      the shadows as the plan's decisions leave them
     * @param fx         where the plan's effects are recorded: a settled link is stored, a write in doubt audited
     * @param lateWrites where an item write found not landed is kept, as one that may still land
     */
    UnsettledWrites(LeadSchema schema, SyncPolicy policy, Shadows links, Effects.Recorder fx, LateWrites lateWrites,
                    StatusOrigins origins, long now) {
        this.schema = schema;
        this.origins = origins;
        this.policy = policy;
        this.links = links;
        this.fx = fx;
        this.lateWrites = lateWrites;
        this.now = now;
    }

    /**
     * The lead status a write not landed yet was planned from (it counts as seen: the lead set back to its
     * shadow's value since is still a change), or null.
     */
    String seenStatus(String recordId) {
        LinkStore.Seen read = links.seen(recordId);
        if (read != null && read.status() != null) {
            return read.status();
        }
        LinkStore.Intent intent = links.intent(recordId);
        return intent != null && intent.itemWrite() ? intent.link().status() : null;
    }

    /** The same for the item's bucket: the one a write not landed yet was planned from, or null. */
    String seenBucket(String recordId) {
        LinkStore.Seen read = links.seen(recordId);
        if (read != null && read.bucket() != null) {
            return read.bucket();
        }
        LinkStore.Intent intent = links.intent(recordId);
        return intent != null && !intent.itemWrite() && !intent.link().detached() ? intent.link().bucket() : null;
    }

    /**
     * The link as this cycle's reads leave it: if what was read shows what an unsettled write wrote, it landed and
     * its intent is the shadow; if it shows otherwise, it did not (or a person changed it since) and the old
     * shadow stays. Recorded (the rest of the plan sees it), and returned.
     */
    Link settle(Link link, Lead lead, TrackerItem item) {
        LinkStore.Intent intent = links.intent(link.recordId());
        if (intent == null || (intent.itemWrite() ? item == null : lead == null)) {
            return link; // nothing read yet that tells
        }
        Link intended = intent.link();
        Link settled = link;
        if (intent.itemWrite()) {
            settled = settleMove(link, intended, lead, item);
        } else if (statusLanded(link, intended, lead, item)) {
            settled = intended;
        }
        settled = settled.withDetached(link.detached()).withOutside(link.outside());
        fx.put(settled);
        return settled;
    }

    private Link settleMove(Link link, Link intended, Lead lead, TrackerItem item) {
        String itemBucket = item.closed() || item.deleted() ? null : item.bucket();
        boolean moves = !Objects.equals(intended.bucket(), link.bucket());
        if (moves && Objects.equals(itemBucket, intended.bucket())) {
            return leadChangedSince(intended, lead, item) ? link : intended;
        }
        if (moves && Objects.equals(itemBucket, link.bucket()) && item.modifiedAt() > intended.itemModified()
                && inDoubt(link, intended.status() + " (list " + intended.bucket() + ")", itemBucket,
                intended.leadModified(), item.modifiedAt(), false) && !leadChangedSince(intended, lead, item)) {
            // taken for landed and moved back by a person, on no evidence: the name and description it carried
            // count as landed only where the item shows them, so that a lead's edit that never landed is pushed
            // again
            return intended.withItemState(intended.bucket(), shownOr(item.name(), intended.name(), link.name()),
                    shownOr(item.description(), intended.description(), link.description()),
                    intended.itemModified()).withFields(fieldsShown(item, intended, link));
        }
        // not landed, as far as this read tells: it may still (held back by the service, its sender gone)
        LinkStore.Late late = lateWrites.late(intended, link, now);
        if (late != null) {
            fx.mayLandLate(late);
        }
        return link;
    }

    /** The same for the mapped fields: each as intended where the item shows it, else as the shadow had it. */
    private static Map<String, String> fieldsShown(TrackerItem item, Link intended, Link link) {
        Map<String, String> fields = new java.util.TreeMap<>(link.fields());
        intended.fields().forEach((field, value) -> {
            if (value.equals(item.fields().get(field))) {
                fields.put(field, value);
            }
        });
        return fields;
    }

    private static String shownOr(String onItem, String intended, String shadow) {
        return intended.equals(onItem) ? intended : shadow;
    }

    private boolean leadChangedSince(Link intended, Lead lead, TrackerItem item) {
        // where the write would put it, but only after the lead changed again: the write (planned before that
        // change) or a person after it put it there; no read tells, so it is left a tracker edit at its time and
        // the conflict with the lead's change is decided and audited as any other
        return lead != null && !Objects.equals(lead.field(schema.status()), intended.status())
                && item.modifiedAt() > lead.modifiedAt();
    }

    private boolean statusLanded(Link link, Link intended, Lead lead, TrackerItem item) {
        String status = lead.field(schema.status());
        boolean changes = !Objects.equals(intended.status(), link.status());
        boolean landed = changes && Objects.equals(intended.status(), status);
        // modified since, but by leadsync itself (another pair's link write-back, say: three-pair campaign :701):
        // no person touched it, so the write did not land, and is decided again
        if (changes && !landed && Objects.equals(status, link.status()) && lead.modifiedAt() > intended.leadModified()
                && !origins.ownWriteAt(link.recordId(), lead.modifiedAt())) {
            landed = inDoubt(link, status, intended.bucket() + " (status " + intended.status() + ")",
                    lead.modifiedAt(), intended.itemModified(), true);
        }
        // the same as for a move, the other way round
        return landed && !(item != null && !item.closed() && !Objects.equals(item.bucket(), intended.bucket())
                && lead.modifiedAt() > item.modifiedAt());
    }

    /**
     * The target was changed after the read the write was planned from, yet holds its old value again: either the
     * write never landed and a person touched the target, or it landed and a person put the old value back. No
     * read can tell, so the status policy decides as for a conflict, and the decision is audited. Returns true
     * when the write is to be taken as landed: then the value now on the target counts as a person's later edit.
     *
     * @param targetIsLead the write went to the lead (a status), else to the item (a move)
     */
    private boolean inDoubt(Link link, String airtableValue, String trackerValue, long leadModified,
                            long itemModified, boolean targetIsLead) {
        boolean airtableWins = policy.statusConflict().airtableWins(leadModified, itemModified);
        fx.conflict(link.recordId(), "status", airtableValue, trackerValue,
                policy.statusConflict().name() + ", after a write of unknown outcome", airtableWins ? "airtable" : "tracker",
                null);
        return targetIsLead == airtableWins;
    }

    /**
     * An archive whose answer was lost: a complete read that has the item no more among the open ones shows it
     * landed (else the item would be taken for archived by a person, and its lead unlinked). A write to an item
     * already archived (its content) is no archive: its item's absence tells nothing.
     */
    void settleArchives(Map<String, TrackerItem> completeRead) {
        for (Link link : links.all()) {
            LinkStore.Intent intent = link.pending() || link.bucket() == null ? null : links.intent(link.recordId());
            TrackerItem item = intent == null ? null : completeRead.get(link.itemId());
            if (intent != null && intent.itemWrite() && intent.link().bucket() == null
                    && (item == null || item.closed())) {
                fx.put(intent.link());
            }
        }
    }
}
