package io.leadsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.EarlierPlacements;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOrigins;
import io.leadsync.change.ItemWrite;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;

/**
 * Decides a linked lead and item: which side changed (status, list, content), the conflicts when both did, the
 * writes that bring the other side in line, and an item gone from the tracker (a removal for the safety rail).
 */
final class LinkedChanges {

    private final PlanContext plan;
    // the parts of the plan used here, by their short names
    private final String pair;
    private final ItemTemplate template;
    private final LeadSchema schema;
    private final SyncPolicy policy;
    private final Effects.Recorder fx;
    private final Set<String> undecided;
    private final UnsettledWrites unsettled;
    private final StatusMapping mapping;
    private final EarlierPlacements placedBy;
    private final long leadsReadAt;
    private final FilterCrossings filter;
    private int remapped;

    /**
     * A linked pair's lead status and item list as this cycle read them (the shadow's where a side was not read),
     * and what is kept as seen if the writes decided from them do not land; {@code lateLanding}: the item shows
     * this pair's own write landing late (its name, see {@link LateWrites#landing}), and is put back, else null.
     */
    private record Read(String leadStatus, long leadModified, String itemBucket, long itemModified,
                        LinkStore.Seen seen, String lateLanding) {
    }

    LinkedChanges(PlanContext plan) {
        this.plan = plan;
        this.pair = plan.pair;
        this.template = plan.template;
        this.schema = plan.schema;
        this.policy = plan.policy;
        this.fx = plan.fx;
        this.undecided = plan.undecided;
        this.unsettled = plan.unsettled;
        this.mapping = plan.mapping;
        this.placedBy = plan.placedBy;
        this.leadsReadAt = plan.leadsReadAt;
        this.filter = new FilterCrossings(plan);
    }

    /**
     * Decides which side's status/list counts (one changed, both did: a conflict the policy decides, or a mapping
     * edit re-places the item), after settling what an unsettled write of an earlier cycle did.
     */
    void planLinked(Lead lead, Link link, TrackerItem item) {
        if (link.detached()) {
            if (item == null || item.closed() || item.deleted()) {
                return;
            }
            // restored from the archive: relink, then it follows the lead (read now, or on the next full read). The
            // content shadow stays the lead's as last rendered: a name a person gave the item is kept unless the
            // lead's changed (campaign trello:5106: taking the item's as the shadow made any difference look
            // like an Airtable edit, and the restore overwrote the person's rename)
            fx.event(link.recordId(), "restored", "item " + item.id() + " is back in " + item.bucket());
            link = link.withDetached(false).withItemState(item.bucket(), link.name(), link.description(),
                    item.modifiedAt()).withStatus(null, link.leadModified());
            fx.put(link);
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
        boolean back = link.outside();
        link = filter.admit(lead, link, item);
        if (link == null) {
            return; // outside the record filter: left as it is, or archived
        }
        String lateLanding = lateLanding(link, item);
        boolean putBack = lateLanding != null;
        if (item != null && !putBack && (item.deleted() || (item.closed() && link.bucket() != null))) {
            // a stand-in for an item missing from a complete read has no bucket: archived or deleted, unknown
            itemGone(link, item.deleted() ? "deleted" : item.bucket() == null ? "archived or deleted" : "archived",
                    item.modifiedAt());
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
        if (lead != null && !plan.acceptable(lead, leadStatus)) {
            return;
        }
        // modified and read after the pairs' last writes to the lead, showing another status: they no longer
        // explain it (a lead read by an earlier check was modified before that check: a write since still counts)
        long changedBy = lead == null ? 0 : Math.min(Math.min(leadsReadAt, plan.now), lead.modifiedAt());
        if (lead != null && plan.origins.supersededBy(link.recordId(), leadStatus, changedBy)) {
            fx.superseded(link.recordId(), leadStatus, changedBy);
        }
        String itemBucket = item != null ? (item.closed() ? null : item.bucket()) : link.bucket();
        long itemModified = item != null ? item.modifiedAt() : link.itemModified();
        // another pair's write in between, set back since, is a change too: the status read was set after that write
        // (three-pair campaign :113, :209, :211: else the item's older move overwrote a person's later edit)
        boolean leadChanged = lead != null && (!leadStatus.equals(link.status())
                || seenStatus != null && !leadStatus.equals(seenStatus)
                || plan.origins.setAgainSince(link.recordId(), pair, leadStatus, link.leadModified())
                || rewrittenByAnotherPair(link, lead, leadStatus));
        boolean itemMoved = item != null && !putBack && (!Objects.equals(itemBucket, link.bucket())
                || seenBucket != null && !item.closed() && !seenBucket.equals(itemBucket));
        String target = mapping.bucketFor(leadStatus);
        LinkStore.Seen seen = new LinkStore.Seen(link.recordId(),
                lead != null ? keptSeen(leadStatus, link.status(), seenStatus) : null,
                item != null ? keptSeen(itemBucket, link.bucket(), seenBucket) : null);

        if (leadChanged && itemMoved && Objects.equals(target, itemBucket) && itemModified > leadsReadAt) {
            // both sides changed to values that agree, but the item moved after the lead was read: the lead may
            // have changed again in between, and taking the two for agreed would bury the move (no write, so no
            // last-moment check either). Decided next cycle, which reads the lead after the move; what was seen
            // is kept, so that the lead set back meanwhile still counts as changed.
            undecided.add(link.recordId());
            fx.seen(seen);
            return;
        }
        String newStatus = leadStatus;
        String newBucket = itemBucket;
        StatusOrigins.Origin stale = leadChanged && !itemMoved && !putBack && !leadStatus.equals(link.status())
                ? olderThanOwnMove(link, leadStatus, leadModified) : null;
        if (leadChanged && itemMoved && Objects.equals(target, itemBucket)) {
            backIfLater(link, item, leadStatus, leadModified, itemBucket, itemModified);
        }
        if (leadChanged && itemMoved && !Objects.equals(target, itemBucket)) {
            // a status another pair wrote (its item moved) counts from that move, not from when the write landed
            StatusOrigins.Origin origin = plan.origins.of(link.recordId(), leadStatus, leadModified);
            if (origin != null && origin.pair().equals(pair)) {
                origin = null;
            }
            boolean airtableWins = policy.statusConflict().airtableWins(origin != null ? origin.at() : leadModified,
                    itemModified);
            fx.conflict(link.recordId(), "status", leadStatus + " (list " + target + ")",
                    String.valueOf(itemBucket), policy.statusConflict().name(), airtableWins ? "airtable" : "tracker",
                    origin == null ? null : origin.describe());
            if (airtableWins) {
                newBucket = target;
            } else {
                newStatus = statusAfterMove(link, item, itemBucket, leadStatus);
            }
        } else if (stale != null) {
            // another pair's write landed after this pair's own, yet came from an older move (held back by the
            // service, or decided beside it): latest wins by the moves' times, so this pair's later move stands and
            // is written again (three-pair campaign :119: else it was lost, and the item followed the older move)
            fx.conflict(link.recordId(), "status", leadStatus + " (list " + target + ")", String.valueOf(itemBucket),
                    policy.statusConflict().name() + ", against a write from an older move", "tracker",
                    stale.describe());
            newStatus = link.status();
        } else if (leadChanged || putBack) {
            newBucket = target;
        } else if (itemMoved) {
            newStatus = statusAfterMove(link, item, itemBucket, leadStatus);
        } else if (lead != null && placedByEarlierMapping(leadStatus, itemBucket, target)) {
            newBucket = target;
            remapped++;
        } else if (back && itemBucket == null) {
            newBucket = target; // back in the record filter: its item, archived when it left, is restored
        }
        if (newStatus == null) {
            // moved to a list/status outside the mapping: reported; the shadow follows the item, and the lead's
            // status as read (a conflict was decided for the item: the lead's change must not come back later)
            fx.put(link.withStatus(leadStatus, leadModified).withItemState(itemBucket, link.name(),
                    link.description(), itemModified));
            return;
        }

        push(lead, item, link, new Read(leadStatus, leadModified, itemBucket, itemModified, seen, lateLanding), newStatus,
                newBucket);
    }

    /**
     * One content field decided: the value to write to the item and the one to write to the lead (null: none), and
     * the value both sides agree on once those landed (the shadow's next value).
     */
    private record Decided(String toItem, String toLead, String agreed) {
    }

    /**
     * The writes that bring the item to the decided list and the lead to the decided status, the item's content
     * in line with the lead's, and the lead's two-way fields in line with the item's; an archive goes through the
     * safety rail.
     */
    private void push(Lead lead, TrackerItem item, Link link, Read read, String newStatus, String newBucket) {
        String leadStatus = read.leadStatus();
        long leadModified = read.leadModified();
        String itemBucket = read.itemBucket();
        long itemModified = read.itemModified();
        // The content shadow is the lead's content as last rendered: Airtable edited a field when its rendering
        // differs, the tracker when the item's differs. A tracker edit that is kept leaves the shadow alone, so it
        // is never mistaken for an Airtable edit later; each field is decided on its own. A two-way field's
        // tracker edit is written to the lead instead, and the shadow follows it once written.
        String newName = null;
        String newDescription = null;
        String shadowName = link.name();
        String shadowDescription = link.description();
        Map<String, String> toItem = new TreeMap<>();
        Map<String, String> toLead = new TreeMap<>(); // tracker field -> the item's value
        Map<String, String> itemFields = new TreeMap<>(link.fields()); // as agreed once the item write landed
        Map<String, String> leadFields = new TreeMap<>(link.fields()); // as agreed once the lead write landed
        String leadName = null; // a two-way name the item's edit gives the lead
        Link shadow = link; // as this decision found it (the agreed status below may replace link)
        List<String> landings = new ArrayList<>();
        if (read.lateLanding() != null) {
            landings.add(read.lateLanding());
        }
        if (lead != null) {
            ItemDraft draft = template.render(lead, newBucket);
            String nameLanding = lateLanding(link, item, LateWrites.NAME, item == null ? null : item.name(),
                    link.name());
            Decided name = decide(link, "name", draft.name(), link.name(), item == null ? null : item.name(),
                    template.twoWay("name"), leadModified, itemModified, nameLanding, landings);
            newName = name.toItem();
            if (name.toLead() != null) {
                toLead.put("name", name.toLead());
                leadName = name.agreed();
            } else {
                shadowName = name.agreed();
            }
            String descriptionLanding = lateLanding(link, item, LateWrites.DESCRIPTION,
                    item == null ? null : item.description(), link.description());
            newDescription = decide(link, "description", draft.description(), link.description(),
                    item == null ? null : item.description(), false, leadModified, itemModified, descriptionLanding,
                    landings).toItem();
            shadowDescription = draft.description();
            draft.fields().forEach((field, airtable) -> {
                String onItem = item == null ? null : item.fields().get(field); // absent: not read
                String fieldLanding = lateLanding(shadow, item, field, onItem, shadow.fields().get(field));
                Decided decided = decide(shadow, field, airtable, shadow.fields().get(field), onItem,
                        template.twoWay(field), leadModified, itemModified, fieldLanding, landings);
                if (decided.toItem() != null) {
                    toItem.put(field, decided.toItem());
                    itemFields.put(field, decided.agreed());
                } else if (decided.toLead() != null) {
                    toLead.put(field, decided.toLead());
                    leadFields.put(field, decided.agreed());
                } else {
                    itemFields.put(field, decided.agreed());
                    leadFields.put(field, decided.agreed());
                }
            });
            if (newName != null || newDescription != null) {
                plan.auditCuts(lead);
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
        // a mapped field the item's read left out (built from a change feed) counts as content not read
        ItemChange change = new ItemChange(newName, newDescription, moveTo, archive, itemBucket, item != null
                && item.fields().keySet().containsAll(toItem.keySet()), toItem);
        boolean statusWrite = !newStatus.equals(leadStatus);
        boolean leadWrite = statusWrite || !toLead.isEmpty();
        if (!statusWrite && !change.placesItem()) {
            // the status and the list agree with no write (both changed alike, or a status within the same list):
            // stored now, so that a content write beside it carries only its own effect and, if it never lands,
            // is not taken for a move when its intent is settled
            Link agreed = link.withStatus(newStatus, leadModified).withItemState(newBucket, link.name(),
                    link.description(), itemModified);
            if (!agreed.equals(link)) {
                fx.put(agreed);
                link = agreed;
            }
        }
        // Each push records only its own effect and what caused it, so that one failing while the other lands
        // never marks the failed one as done. A status write is caused by the item's move: it consumes the
        // item's list as read; an item write next to it is content only and must not consume that move. Of the
        // content fields, each write's shadow carries those it writes and those agreed without a write.
        Link next = link.withStatus(newStatus, leadModified)
                .withItemState(newBucket, shadowName, shadowDescription, itemModified).withFields(itemFields);
        Link base = link;
        String status = newStatus;
        String name = shadowName;
        String description = shadowDescription;
        Map<String, Object> leadValues = new LinkedHashMap<>();
        Map<String, String> asRead = new LinkedHashMap<>();
        if (statusWrite) {
            leadValues.put(schema.status(), status);
            asRead.put(schema.status(), leadStatus);
        }
        toLead.forEach((field, value) -> {
            String airtableField = template.airtableField(field);
            leadValues.put(airtableField, value);
            asRead.put(airtableField, lead.field(airtableField));
        });
        // the lead write's shadow: the whole next one when it is the only write, else only its own effect (a
        // status consumes the item's list as read; two-way values become the agreed ones)
        Link leadEffect = change.isEmpty() ? next
                : statusWrite ? next.withItemState(itemBucket, base.name(), base.description(), itemModified) : base;
        Link leadNext = leadEffect.withItemState(leadEffect.bucket(), leadName != null ? leadName
                : leadEffect.name(), leadEffect.description(), leadEffect.itemModified()).withFields(leadFields);
        Consumer<Effects.Recorder> emit = out -> {
            if (!change.isEmpty()) {
                Link itemNext = statusWrite ? base.withItemState(base.bucket(), name, description,
                        base.itemModified()).withFields(itemFields) : next;
                // a restore's key names the item's last synced time too: a lead restored twice with no edit of its
                // own in between (a record filter edited back and forth) is two restores, the second not skipped
                // one that puts back a late landing names that landing: not skipped as the same write made before it
                String keyed = !landings.isEmpty() ? change + "@" + String.join(",", landings)
                        : Boolean.FALSE.equals(change.archive()) ? change + "@" + base.itemModified()
                        : change.toString();
                out.change(ItemWrite.of(base.recordId(), base.itemId(), change, itemNext, leadModified,
                        plan.key("change", base.recordId(), keyed, leadModified), describe(change, base)));
            }
            if (leadWrite) {
                out.leadWrite(base.recordId(), leadValues, leadNext, itemModified, asRead);
            }
            if (change.isEmpty() && !leadWrite && !next.equals(base)) {
                out.put(next);
            } else if (statusWrite || change.placesItem()) {
                out.seen(read.seen());
            }
        };
        if (Boolean.TRUE.equals(archive)) {
            plan.removal(SafetyRail.RemovalKind.ARCHIVE, base.recordId(), base.itemId(), emit);
        } else {
            emit.accept(fx);
        }
    }

    /**
     * The lead shows the status this pair last synced, but another pair wrote it again since, from its item's move:
     * a lead change at that move's time (three-pair campaign :321: else this pair's item, moved before that move,
     * looked like the only change and its status overwrote the later move).
     */
    private boolean rewrittenByAnotherPair(Link link, Lead lead, String leadStatus) {
        if (lead.modifiedAt() <= link.leadModified()) {
            return false;
        }
        StatusOrigins.Origin origin = plan.origins.of(link.recordId(), leadStatus, lead.modifiedAt());
        return origin != null && !origin.pair().equals(pair) && origin.landedAt() > link.leadModified();
    }

    /**
     * The origin of the lead's status when another pair wrote it from a move older than the one this pair's own
     * write of the status it last synced came from (the item still where that move put it), and the policy lets the
     * later move win; else null.
     */
    private StatusOrigins.Origin olderThanOwnMove(Link link, String leadStatus, long leadModified) {
        StatusOrigins.Origin origin = plan.origins.of(link.recordId(), leadStatus, leadModified);
        StatusOrigins.Origin own = origin == null || origin.pair().equals(pair) ? null
                : plan.origins.own(link.recordId(), pair);
        boolean stale = own != null && own.status().equals(link.status()) && own.itemId().equals(link.itemId())
                && Objects.equals(own.bucket(), link.bucket()) && own.at() > origin.at()
                && !policy.statusConflict().airtableWins(origin.at(), own.at());
        return stale ? origin : null;
    }

    /**
     * A person moved the item to where the lead's status, set since the last sync, already puts it, after that
     * status was set (by a person, or by another pair's write from an older move): nothing to write, but the other
     * pairs on the table must weigh this later move, not only the older change (three-pair campaign :209: else
     * another pair's move, older than this one, won against the write alone and overwrote it).
     */
    private void backIfLater(Link link, TrackerItem item, String leadStatus, long leadModified, String itemBucket,
                             long itemModified) {
        StatusOrigins.Origin origin = plan.origins.of(link.recordId(), leadStatus, leadModified);
        if (itemModified > (origin != null ? origin.at() : leadModified)) {
            fx.backed(link.recordId(), new StatusOrigins.Origin(pair, leadStatus, item.id(), itemBucket,
                    itemModified, plan.now));
        }
    }

    /**
     * The item, read elsewhere than its shadow has it, shows a move or archive of this pair's whose outcome was never
     * learned, landing late (see {@link LateWrites}): the sync's own write, not a person's edit. Audited; returns
     * that landing's name, else null.
     */
    private String lateLanding(Link link, TrackerItem item) {
        if (item == null || item.deleted()) {
            return null;
        }
        return lateLanding(link, item, LateWrites.PLACE, LateWrites.place(item.closed() ? null : item.bucket()),
                LateWrites.place(link.bucket()));
    }

    /** The same for one value of the item (its place, name, description or a mapped field) under {@code key}. */
    private String lateLanding(Link link, TrackerItem item, String key, String shown, String shadow) {
        if (item == null || shown == null || shown.equals(shadow)) {
            return null;
        }
        String landing = plan.lateWrites.landing(plan.shadows, link.recordId(), item.id(), key, shown,
                item.modifiedAt(), plan.now);
        if (landing != null) {
            fx.event(link.recordId(), "late-write", "item " + item.id() + " shows leadsync's own " + key + " '"
                    + ItemTemplate.shown(shown) + "', sent earlier with no answer, landing late (after the writes "
                    + "made since); put back to '" + ItemTemplate.shown(String.valueOf(shadow)) + "'");
        }
        return landing;
    }

    /**
     * The value kept as seen for one side: as read, except that a side read back at its shadow's value keeps what
     * was seen before (A-B-A). It counted as changed against that, and must still count so if the writes decided
     * now never land (campaign clickup:5027: else the lost move of a conflict the lead won was taken for no
     * conflict, and the card's move was written to the lead).
     */
    private static String keptSeen(String read, String shadow, String seenBefore) {
        return seenBefore != null && read != null && read.equals(shadow) ? seenBefore : read;
    }

    /**
     * After a mapping edit: the item sits where a mapping it may have been placed by (the last one, or one applied
     * in part before it) put a lead of this status, and the new mapping puts it elsewhere. An item in a list/status
     * no such mapping gives its lead (a person put it there) is left alone, and so is one that is consistent with
     * the new mapping (many-to-one).
     */
    private boolean placedByEarlierMapping(String leadStatus, String itemBucket, String target) {
        return placedBy != null && !Objects.equals(target, itemBucket) && placedBy.placed(leadStatus, itemBucket);
    }

    /**
     * One content field (the name, the description, a mapped field): Airtable owns it, its edit is written to the
     * item; a field edited on the item only is kept, or for a two-way field written to the lead; one edited on
     * both sides is a recorded conflict that {@code leadsync.conflicts.content} decides. A field the shadow lacks
     * (mapped since the last sync) gets the lead's value. {@code onItem} null: the item (or that field) was not
     * read this cycle. A value the item shows because a write of this pair's landed late ({@code landing}, added to
     * {@code landings}) is no edit: the lead's value is written again.
     */
    private Decided decide(Link link, String field, String airtable, String shadow, String onItem, boolean twoWay,
                           long leadModified, long itemModified, String landing, List<String> landings) {
        if (landing != null) {
            landings.add(landing);
            return new Decided(airtable, null, airtable);
        }
        if (shadow == null) {
            return new Decided(airtable.equals(onItem) ? null : airtable, null, airtable);
        }
        boolean editedOnItem = onItem != null && !onItem.equals(shadow);
        if (airtable.equals(shadow)) {
            return twoWay && editedOnItem ? new Decided(null, onItem, onItem) : new Decided(null, null, airtable);
        }
        if (editedOnItem) {
            if (airtable.equals(onItem)) {
                return new Decided(null, null, airtable); // the same edit made on both sides
            }
            boolean airtableWins = policy.contentConflict().airtableWins(leadModified, itemModified);
            fx.conflict(link.recordId(), field, airtable, onItem, policy.contentConflict().name(),
                    airtableWins ? "airtable" : "tracker", null);
            if (!airtableWins) {
                return twoWay ? new Decided(null, onItem, onItem) : new Decided(null, null, airtable);
            }
        }
        return new Decided(airtable, null, airtable);
    }

    private String statusAfterMove(Link link, TrackerItem item, String bucket, String leadStatus) {
        if (!mapping.knowsBucket(bucket) && !Objects.equals(mapping.bucketFor(leadStatus), bucket)) {
            fx.deadLetter(link.recordId(), item.modifiedAt(), "item " + item.id() + " was moved to '"
                    + bucket + "', which is not in the " + pair + " mapping (it knows "
                    + mapping.trackerToLead().keySet() + "); the lead keeps status " + leadStatus, true);
            return null;
        }
        String status = mapping.statusAfterMove(bucket, leadStatus);
        return status == null ? leadStatus : status;
    }

    void itemGone(Link link, String how, long when) {
        plan.removal(SafetyRail.RemovalKind.ITEM_GONE, link.recordId(), link.itemId(), out -> {
            Link detached = link.withDetached(true).withItemState(null, link.name(), link.description(), when);
            if (policy.itemGone() == SyncPolicy.ItemGone.SET_STATUS && policy.itemGoneStatus() != null
                    && !policy.itemGoneStatus().equals(link.status())) {
                out.event(link.recordId(), "item-" + how, "item " + link.itemId() + " was " + how
                        + "; setting the lead to " + policy.itemGoneStatus() + " and unlinking");
                out.leadWrite(link.recordId(), Map.of(schema.status(), policy.itemGoneStatus()),
                        detached.withStatus(policy.itemGoneStatus(), link.leadModified()), when, null);
            } else {
                out.event(link.recordId(), "item-" + how, "item " + link.itemId() + " was " + how
                        + " in the tracker; the lead is left as it is and unlinked");
                out.put(detached);
            }
        });
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
        change.fields().forEach((field, value) -> parts.add("set " + field + " to '" + ItemTemplate.shown(value) + "'"));
        return pair + " item " + link.itemId() + " of lead " + link.recordId() + ": " + String.join(", ", parts);
    }

    /** How many linked items this plan moves because the mapping changed. */
    int remapped() {
        return remapped;
    }
}
