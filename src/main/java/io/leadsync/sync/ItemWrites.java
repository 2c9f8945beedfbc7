package io.leadsync.sync;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.state.AuditLog;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the routes that write cards/tasks (create-item and write-item in sync-cycle.camel.yaml; the
 * requests themselves are the tracker's routes, trello-writes and clickup-writes), one bean per pair. A create is linked ahead, so the marker finds it after a crash; every
 * other write is journaled as an intent and, when it places the item or writes content the cycle did not read,
 * re-read just before it is sent and dropped when a person changed the item since the cycle read it. What passes
 * from one step to the next travels in the exchange's variables ({@code created}, {@code written}).
 */
public final class ItemWrites {

    private static final Logger LOG = LoggerFactory.getLogger(ItemWrites.class);

    private final String pair;
    private final WorkTracker tracker;
    private final LinkStore links;
    private final SeenAtWrite seen;
    private final Consumer<String> created;
    private final LateWrites lateWrites;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param created    told the record id of each item created, once it is linked
     * @param lateWrites told what an earlier attempt of a write sent when the write is sent again
     * @param audit      told what each write that landed changed (the activity log)
     * @param clock      when a create is sent: the planner waits for its marker from then on
     */
    ItemWrites(String pair, WorkTracker tracker, LinkStore links, SeenAtWrite seen, Consumer<String> created,
               LateWrites lateWrites, AuditLog audit, Clock clock) {
        this.pair = pair;
        this.tracker = tracker;
        this.links = links;
        this.seen = seen;
        this.created = created;
        this.lateWrites = lateWrites;
        this.audit = audit;
        this.clock = clock;
    }

    private String name() {
        return pair;
    }

    /** Written ahead: what the item is created as, and when it was sent (see SyncPlanner#planUnlinked). */
    public void writeAhead(CreateItem create) {
        Link next = create.next();
        links.put(next.withItemState(next.bucket(), next.name(), next.description(), clock.millis()));
    }

    /** Linked before anything else can fail: a redelivered create must never make a second item. */
    public void link(CreateItem create, @Variable("created") TrackerItem item) {
        Link next = create.next();
        // what the item shows wins over the draft for the fields it was read with: a field set by a request after the
        // create that failed (a Trello custom field) is then written again next cycle, not taken for a person's edit
        java.util.Map<String, String> agreed = new java.util.TreeMap<>(next.fields());
        agreed.putAll(item.fields());
        links.put(new Link(next.recordId(), item.id(), next.status(), next.bucket(), next.name(), next.description(),
                false, next.leadModified(), item.modifiedAt(), agreed));
        audit.applied(pair, AppliedChanges.created(create, item.id()));
        created.accept(create.recordId());
    }

    /**
     * The last-moment check: the item is read again (once for both checks) when the write places it or writes a
     * name or description, and the write is dropped ({@link ChangedMeanwhileException}) when a person changed it
     * since. An item no link names (leadsync's duplicate) has nothing to disagree with.
     */
    public void guard(ItemWrite write) {
        ItemChange change = write.change();
        boolean writesContent = change.writesContent();
        if (write.next() == null || !writesContent && !change.placesItem()) {
            return;
        }
        TrackerItem now = tracker.fetch(write.itemId());
        if (now.deleted()) {
            return; // the write answers 404 and the link is detached
        }
        if (writesContent) {
            editedMeanwhile(write, now);
        }
        if (change.placesItem()) {
            movedMeanwhile(write, now);
        }
    }

    /**
     * A name or description is written only if no person edited that field since the cycle decided it: decided from
     * the lead alone (the item was not read that cycle), or from a read that pushes and other writes have aged, a
     * person's edit would be overwritten unseen. If the item shows neither the last synced value nor the new one
     * (and, when the cycle read it, changed since), the write is dropped and the next cycle, which sees the item,
     * decides the conflict by the content policy.
     */
    private void editedMeanwhile(ItemWrite write, TrackerItem now) {
        Link shadow = links.byRecord(write.recordId());
        ItemChange change = write.change();
        // read this cycle and showing neither value: a conflict the lead won (audited), unless changed since
        if (shadow == null || !change.writesUnreadContent() && now.modifiedAt() <= write.next().itemModified()) {
            return;
        }
        boolean nameEdited = change.name() != null && !Objects.equals(now.name(), shadow.name())
                && !Objects.equals(now.name(), change.name());
        boolean descriptionEdited = change.description() != null
                && !Objects.equals(now.description(), shadow.description())
                && !Objects.equals(now.description(), change.description());
        // a mapped field the shadow lacks was never synced (mapped since): no person's edit of it to keep
        String fieldEdited = change.fields().keySet().stream().filter(f -> now.fields().containsKey(f)
                && shadow.fields().containsKey(f) && !now.fields().get(f).equals(shadow.fields().get(f))
                && !now.fields().get(f).equals(change.fields().get(f))).findFirst().orElse(null);
        if (nameEdited || descriptionEdited || fieldEdited != null) {
            seen.item(now);
            throw new ChangedMeanwhileException(name() + " item " + write.itemId() + " of lead " + write.recordId()
                    + " had its " + (nameEdited ? "name" : descriptionEdited ? "description" : fieldEdited)
                    + " edited since leadsync last synced it; "
                    + "the next cycle decides with both edits in view");
        }
    }

    /** A move, restore or archive is written only while the item is still where the cycle read it. */
    private void movedMeanwhile(ItemWrite write, TrackerItem now) {
        Link next = write.next();
        String bucketNow = now.closed() ? null : now.bucket();
        String target = Boolean.TRUE.equals(write.change().archive()) ? null : write.change().bucket();
        LinkStore.Intent earlier = links.intent(write.recordId());
        boolean attemptedBefore = earlier != null && earlier.itemWrite() && earlier.link().equals(next);
        boolean landedAlready = Objects.equals(bucketNow, target);
        // an earlier attempt of this very write whose answer never came may have landed, and the item was
        // changed since: a person may have moved it back, so the planner settles it (see SyncPlanner#inDoubt);
        // not for a deleted lead's item, which nothing settles and nothing is left to disagree with
        boolean changedAfterAnAttempt = attemptedBefore && now.modifiedAt() > next.itemModified()
                && !write.unlinkAfter();
        // already there, and not by an earlier attempt: a person put it there after the cycle read it, and the
        // lead may have changed since that read too (a deleted lead's item has nothing left to disagree with)
        boolean placedByAPerson = landedAlready && !attemptedBefore && !write.unlinkAfter();
        boolean movedElsewhere = !landedAlready && !Objects.equals(bucketNow, write.change().readIn());
        if (placedByAPerson || movedElsewhere || !landedAlready && changedAfterAnAttempt) {
            seen.item(now);
            throw new ChangedMeanwhileException(name() + " item " + write.itemId() + " of lead " + write.recordId()
                    + (changedAfterAnAttempt && !landedAlready
                    ? " was changed after an attempt to move it whose answer never came"
                    : " was moved to " + (bucketNow == null ? "the archive" : "'" + bucketNow + "'")
                    + " after it was read") + "; the next cycle decides again with both edits in view");
        }
    }

    /** The write's intent, journaled before it is sent: if the answer is lost, the next read tells if it landed. */
    public void journalIntent(ItemWrite write) {
        if (write.next() != null) {
            // an intent still there is an earlier attempt's (this write's, or an earlier one's) that got no answer:
            // the service may apply it late, after this one (three-pair campaign :317)
            LinkStore.Intent earlier = links.intent(write.recordId());
            Link shadow = links.byRecord(write.recordId());
            if (earlier != null && earlier.itemWrite() && shadow != null) {
                LinkStore.Late late = lateWrites.late(earlier.link(), shadow, clock.millis());
                if (late != null) {
                    links.putLate(late);
                }
            }
            links.putIntents(List.of(write.next()), true);
        }
    }

    /**
     * A linked item that no longer exists (its write answered 404): a deleted stand-in, as {@link WorkTracker#fetch}
     * returns it, so that the link is detached.
     */
    public TrackerItem gone(ItemWrite write) {
        return new TrackerItem(write.itemId(), null, null, null, true, true, 0, write.recordId());
    }

    /** The shadow becomes what was written; a deleted lead's link is forgotten, a deleted item's detached. */
    public void record(ItemWrite write, @Variable("written") TrackerItem item) {
        Link next = write.next();
        if (item.deleted() && next != null) {
            LOG.warn("item {} of lead {} no longer exists; unlinking", write.itemId(), write.recordId());
            links.put(next.withDetached(true).withItemState(null, next.name(), next.description(), 0));
            return;
        }
        audit.applied(pair, AppliedChanges.itemWritten(write, links.byRecord(write.recordId())));
        if (next == null) {
            return; // an item no link names: nothing to remember about it
        }
        if (write.unlinkAfter()) {
            links.remove(write.recordId());
        } else {
            links.put(next.withItemState(next.bucket(), next.name(), next.description(), item.modifiedAt()));
        }
    }
}
