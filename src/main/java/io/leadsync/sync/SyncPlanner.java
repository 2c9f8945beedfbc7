package io.leadsync.sync;

import java.util.ArrayList;
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

    /**
     * What one cycle read. {@code markers} (record id -> item) is present whenever {@code itemsComplete}.
     * {@code leadsReadAt} is a time no later than the leads were read (epoch ms); the items are read after them.
     */
    public record Snapshot(Map<String, Lead> leads, boolean leadsComplete, Map<String, TrackerItem> items,
                           boolean itemsComplete, Map<String, TrackerItem> markers, long leadsReadAt) {
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
    private final Set<String> undecided = new LinkedHashSet<>();
    private final List<LinkStore.Seen> seenUnsettled = new ArrayList<>();

    /**
     * @param uncertainCreateWaitMillis how long a create whose answer never came may still land (a request
     *                                  stuck in a slow service): no second create is sent before that
     */
    public SyncPlanner(String pair, Supplier<StatusMapping> mappings, ItemTemplate template, LeadSchema schema,
                       SyncPolicy policy, LinkStore links, DeadLetterStore deadLetters, AuditLog audit,
                       long uncertainCreateWaitMillis) {
        this.uncertainCreateWaitMillis = uncertainCreateWaitMillis;
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

    public List<SyncAction> plan(Snapshot in) {
        mapping = mappings.get(); // looked up each cycle: an edited mapping applies without a restart
        undecided.clear();
        seenUnsettled.clear();
        leadsReadAt = in.leadsReadAt();
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
                    deadLetters.record(pair, item.recordId(), item.modifiedAt(), "item " + item.id()
                            + " carries the marker of a lead already linked to item " + owner.itemId()
                            + "; leaving the duplicate alone", true);
                }
            }
        }
        if (in.leadsComplete()) {
            planDeletedLeads(in, actions);
        }
        if (in.itemsComplete()) {
            planVanishedItems(in, leadWrites, seenItems);
        }
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
        boolean waitOver = pending != null && in.markers() != null && existing == null
                && System.currentTimeMillis() - pending.itemModified() >= uncertainCreateWaitMillis;
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
        if (existing != null) {
            // created by an earlier run whose state is lost: adopt it, the lead's side decides
            Link adopted = new Link(lead.id(), existing.id(), null, existing.closed() ? null : existing.bucket(),
                    existing.name(), existing.description(), false, 0, existing.modifiedAt());
            links.put(adopted);
            seenItems.add(existing.id());
            audit.event(pair, lead.id(), "relinked", "found item " + existing.id() + " by its marker");
            planLinked(lead, adopted, null, actions, leadWrites);
            return;
        }
        String bucket = mapping.bucketFor(status);
        if (bucket == null && waitOver) {
            forgetCreate(lead.id());
        }
        if (bucket == null || in.markers() == null) {
            return; // no card/task for this status; or no marker index, and a create is never made blind
        }
        if (pending != null && System.currentTimeMillis() - pending.itemModified() < uncertainCreateWaitMillis) {
            return; // the last create's answer never came and it may still land: look for its marker again later
        }
        ItemDraft draft = template.render(lead, bucket);
        Link next = new Link(lead.id(), null, status, bucket, draft.name(), draft.description(), false,
                lead.modifiedAt(), 0);
        actions.add(new SyncAction(Kind.CREATE_ITEM, pair, lead.id(), null, draft, null, null, List.of(next), false,
                lead.modifiedAt(), key("create", lead.id(), bucket, lead.modifiedAt()),
                "create " + pair + " item '" + draft.name() + "' in " + bucket + " for lead " + lead.id(), null));
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

    /** Reports and quarantines a lead whose status cannot be mapped; true when it can be synced. */
    private boolean acceptable(Lead lead, String status) {
        if (deadLetters.isQuarantined(pair, lead.id(), lead.modifiedAt())) {
            return false;
        }
        if (status.isBlank()) {
            deadLetters.record(pair, lead.id(), lead.modifiedAt(), "lead '" + lead.field(schema.name())
                    + "' has no " + schema.status() + "; set one of " + mapping.leadToTracker().keySet(), true);
            return false;
        }
        if (!mapping.knowsStatus(status)) {
            deadLetters.record(pair, lead.id(), lead.modifiedAt(), "status '" + status + "' of lead '"
                    + lead.field(schema.name()) + "' is not in the " + pair + " mapping (it knows "
                    + mapping.leadToTracker().keySet() + "); add it to the mapping in routes/", true);
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
        ItemChange change = new ItemChange(newName, newDescription, moveTo, archive, itemBucket);
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
        if (!change.isEmpty()) {
            Link itemNext = statusWrite ? link.withItemState(link.bucket(), shadowName, shadowDescription,
                    link.itemModified()) : next;
            actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, link.recordId(), link.itemId(), null, change, null,
                    List.of(itemNext), false, leadModified,
                    key("change", link.recordId(), change.toString(), leadModified),
                    describe(change, link), null));
        }
        if (statusWrite) {
            leadWrites.add(link.recordId(), Map.of(schema.status(), newStatus), change.isEmpty() ? next
                    : next.withItemState(itemBucket, link.name(), link.description(), itemModified), itemModified,
                    leadStatus);
        }
        if (change.isEmpty() && !statusWrite && !next.equals(link)) {
            links.put(next);
        } else if (statusWrite || change.placesItem()) {
            seenUnsettled.add(new LinkStore.Seen(link.recordId(), lead != null ? leadStatus : null,
                    item != null ? itemBucket : null));
        }
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
    }

    private void planDeletedLeads(Snapshot in, List<SyncAction> actions) {
        for (Link link : links.all()) {
            if (in.leads().containsKey(link.recordId())) {
                continue;
            }
            if (link.pending()) {
                // a create whose outcome was never learned: its item, if it exists, is found by the marker
                TrackerItem created = in.markers() == null ? null : in.markers().get(link.recordId());
                if (created == null && System.currentTimeMillis() - link.itemModified() < uncertainCreateWaitMillis) {
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
            audit.event(pair, link.recordId(), "lead-deleted", "archiving item " + link.itemId());
            ItemChange archive = new ItemChange(null, null, null, Boolean.TRUE, bucket);
            actions.add(new SyncAction(Kind.CHANGE_ITEM, pair, link.recordId(), link.itemId(), null, archive, null,
                    List.of(link.withItemState(null, link.name(), link.description(), link.itemModified())), true,
                    link.leadModified(), key("archive-deleted", link.recordId(), link.itemId(), link.leadModified()),
                    "archive " + pair + " item " + link.itemId() + " of deleted lead " + link.recordId(), null));
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
            parts.add("rename to '" + change.name() + "'");
        }
        if (change.description() != null) {
            parts.add("update description");
        }
        return pair + " item " + link.itemId() + " of lead " + link.recordId() + ": " + String.join(", ", parts);
    }
}
