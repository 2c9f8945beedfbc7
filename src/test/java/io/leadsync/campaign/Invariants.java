package io.leadsync.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.campaign.LeadHistory.StatusEdit;
import io.leadsync.campaign.TrackerSide.Item;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.EmulatorServer.Handled;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.support.Sandboxes;

/**
 * The campaign's invariants over the final state of both services and the sync's data directory, given what
 * people did ({@link LeadHistory}). Each violation is one readable line naming the lead.
 * <ul>
 *   <li>no lead ever got two items (existing, archived and deleted ones counted; an item a person deleted
 *       before the sync had written its id back may have been unknown to it, and be created again);</li>
 *   <li>a deleted lead, and a lead whose item a person archived or deleted, has no open item (unlink policy);</li>
 *   <li>any other lead has exactly one open item when its status maps to a bucket, none when it maps to none,
 *       and the item's bucket is the one its status maps to (many-to-one: any status of that bucket);</li>
 *   <li>the last status edit of each lead (a status set in Airtable, a move in the tracker) is what both sides
 *       show, or the audit log records that it lost a conflict; a person's move into a bucket outside the
 *       mapping may stay unmirrored if it was dead-lettered; a move that undoes the previous one, or a status
 *       set back to the one before the previous status edit, before two cycles of the sync read both sides may
 *       go unseen by any poll (A-B-A inside one interval), so it only has to leave both sides consistent;</li>
 *   <li>the item shows the lead's name and description, unless a person renamed the item after the lead's
 *       last name edit in Airtable (kept), or that rename lost a recorded conflict;</li>
 *   <li>after the sync stopped: its state files load and every link points at the lead's open item.</li>
 * </ul>
 * A person's edit that a sync write overwrote at the service without the sync being able to see it is not a
 * violation but reported apart, with the evidence from the emulators' request journals: a write the service
 * received before the edit and applied after it (held back by a {@link io.leadsync.sandbox.Fault#DELAY}, the
 * client long gone), or a write sent right after the sync's last read of the record, that read made before the
 * edit and the write applied after it (the check-then-write race). None of the three APIs has conditional
 * writes, so no client can close either window.
 */
final class Invariants {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status", "Last Modified");
    private static final ItemTemplate TEMPLATE = new ItemTemplate("{Name}", SCHEMA);
    /** How soon after its check a write must follow to count as racing it (the sync sends it at once). */
    private static final long CHECK_TO_WRITE_MILLIS = 250;

    private final Sandboxes sandboxes;
    private final TrackerSide tracker;
    private final StatusMapping mapping;
    private final Path dataDir;
    private List<String> overwrittenInFlight = List.of();

    Invariants(Sandboxes sandboxes, TrackerSide tracker, StatusMapping mapping, Path dataDir) {
        this.sandboxes = sandboxes;
        this.tracker = tracker;
        this.mapping = mapping;
        this.dataDir = dataDir;
    }

    /** The edits the last {@link #check} found overwritten at the service by a write it held back. */
    List<String> overwrittenInFlight() {
        return overwrittenInFlight;
    }

    /** The violations of the services' state (the sync may still be running). */
    List<String> check(Map<String, LeadHistory> leads) {
        List<String> violations = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        overwrittenInFlight = inFlight;
        Map<String, String> deletedItemOwners = new LinkedHashMap<>();
        leads.values().forEach(l -> l.deletedItems.forEach(id -> deletedItemOwners.put(id, l.recordId)));
        Map<String, String> countedDeleted = new LinkedHashMap<>(deletedItemOwners);
        leads.values().forEach(l -> l.deletedBeforeLinked.forEach(countedDeleted::remove));
        Evidence evidence = Evidence.read(dataDir);
        List<Item> items = tracker.items();
        Map<String, List<Item>> byLead = new LinkedHashMap<>();
        items.forEach(i -> byLead.computeIfAbsent(i.recordId(), k -> new ArrayList<>()).add(i));
        int everCreated = items.size() + deletedItemOwners.size();
        if (tracker.created() != everCreated) {
            violations.add(tracker.pair() + " created " + tracker.created() + " items but " + everCreated
                    + " carry a lead's marker (an item without marker, or one created twice and lost?)");
        }
        for (LeadHistory lead : leads.values()) {
            List<Item> own = byLead.getOrDefault(lead.recordId, List.of());
            long ever = own.size() + countedDeleted.values().stream().filter(lead.recordId::equals).count();
            if (ever > 1) {
                violations.add(lead + ": " + ever + " items were created for it (duplicates): " + own);
            }
            List<Item> open = own.stream().filter(i -> !i.archived()).toList();
            checkLead(lead, open, evidence, violations, inFlight);
        }
        return violations;
    }

    private void checkLead(LeadHistory lead, List<Item> open, Evidence evidence, List<String> violations,
                           List<String> inFlight) {
        Optional<RecordSnapshot> record = sandboxes.airtable.record(Sandboxes.BASE, Sandboxes.TABLE, lead.recordId);
        if (lead.deleted() || record.isEmpty()) {
            if (!lead.deleted()) {
                violations.add(lead + ": the lead disappeared from Airtable, nobody deleted it");
            } else if (!open.isEmpty()) {
                violations.add(lead + ": deleted in Airtable, but its item is still open: " + open);
            }
            return;
        }
        String status = String.valueOf(record.get().field("Status"));
        if (lead.gone()) {
            if (!open.isEmpty() && !(lead.goneAmbiguous && open.size() == 1
                    && Objects.equals(open.get(0).bucket(), mapping.bucketFor(status)))) {
                violations.add(lead + ": a person archived/deleted its item, yet it has open item(s) " + open);
            }
            StatusEdit edit = lead.lastStatusEdit;
            if (edit != null && edit.airtable() && edit.at() > lead.goneAt && !edit.value().equals(status)) {
                violations.add(lead + ": unlinked lead's status was set to " + edit.value() + " after its item was "
                        + "gone, but it is " + status);
            }
            return;
        }
        String bucket = mapping.bucketFor(status);
        Item item = open.size() == 1 ? open.get(0) : null;
        if (bucket == null ? !open.isEmpty() : item == null) {
            violations.add(lead + " (status " + status + "): expected " + (bucket == null ? "no open item" : "one open item in "
                    + bucket) + ", found " + open);
            return;
        }
        StatusEdit edit = lead.statusEditToCheck();
        boolean unmappedMove = item != null && !mapping.knowsBucket(item.bucket()) && !item.bucket().equals(bucket)
                && item.bucket().equals(lead.lastMoveTo) && lead.lastMoveAt > lead.restoredAt
                && evidence.deadLettered(lead.recordId);
        if (item != null && !item.bucket().equals(bucket) && !unmappedMove) {
            violations.add(lead + ": status " + status + " maps to " + bucket + " but the item is in " + item.bucket());
        }
        if (edit != null && !edit.unseenRevert() && !reflected(edit, status, item) && !unmappedMove
                && !evidence.lostConflict(lead.recordId, "status", edit.at(), edit.airtable())) {
            String finding = lead + ": the last status edit (" + (edit.airtable() ? "Airtable status " : "moved to ")
                    + edit.value() + ") is neither reflected (lead " + status + ", item in "
                    + (item == null ? "-" : item.bucket()) + ") nor recorded as a lost conflict";
            Optional<String> unseen = overwrittenUnseen(lead, edit.at());
            if (unseen.isPresent()) {
                inFlight.add(finding + "; " + unseen.get());
            } else {
                violations.add(finding);
            }
        }
        if (item != null) {
            checkContent(lead, record.get(), item, evidence, violations);
        }
    }

    /** How a sync write overwrote the edit without the sync being able to see it, if the journals show it. */
    private Optional<String> overwrittenUnseen(LeadHistory lead, long editAt) {
        List<String> ids = new ArrayList<>(lead.deletedItems);
        ids.add(lead.recordId);
        tracker.itemsOf(lead.recordId).forEach(i -> ids.add(i.id()));
        for (EmulatorServer service : List.of(sandboxes.airtable, sandboxes.trello, sandboxes.clickup)) {
            Handled lastRead = null;
            for (Handled h : service.handled()) {
                if (ids.stream().noneMatch(h::concerns)) {
                    continue;
                }
                if ("GET".equals(h.method())) {
                    lastRead = h;
                } else if (h.handledAt() >= editAt && h.arrivedAt() <= editAt) {
                    return Optional.of("overwritten by a write the service held back past it: " + describe(h));
                } else if (h.handledAt() >= editAt && lastRead != null && lastRead.handledAt() <= editAt
                        && h.arrivedAt() - lastRead.handledAt() <= CHECK_TO_WRITE_MILLIS) {
                    return Optional.of("overwritten by a write sent " + (h.arrivedAt() - lastRead.handledAt())
                            + " ms after the sync's last read of it, which came " + (editAt - lastRead.handledAt())
                            + " ms before the edit: " + describe(h));
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(Handled write) {
        return write.endpoint() + " " + write.path() + " " + write.body().replaceAll("\\s+", " ") + " (received at "
                + write.arrivedAt() + ", applied at " + write.handledAt() + ")";
    }

    private static boolean reflected(StatusEdit edit, String status, Item item) {
        return edit.airtable() ? edit.value().equals(status) : item != null && edit.value().equals(item.bucket());
    }

    private void checkContent(LeadHistory lead, RecordSnapshot record, Item item, Evidence evidence,
                              List<String> violations) {
        var draft = TEMPLATE.render(asLead(record), item.bucket());
        boolean renameWins = lead.lastItemRename != null && lead.lastItemRenameAt > lead.lastAirtableNameEdit;
        if (renameWins && !item.name().equals(lead.lastItemRename)
                && !evidence.lostConflict(lead.recordId, "name", lead.lastItemRenameAt, false)) {
            String finding = lead + ": a person renamed its item to '" + lead.lastItemRename + "' after the last "
                    + "Airtable name edit; the item now says '" + item.name() + "' and no conflict was recorded";
            Optional<String> unseen = overwrittenUnseen(lead, lead.lastItemRenameAt);
            if (unseen.isPresent()) {
                overwrittenInFlight.add(finding + "; " + unseen.get());
            } else {
                violations.add(finding);
            }
        } else if (!renameWins && !item.name().equals(draft.name())) {
            violations.add(lead + ": item named '" + item.name() + "', lead named '" + draft.name() + "'");
        }
        if (!item.description().equals(draft.description())) {
            violations.add(lead + ": item description is not the lead's (expected " + draft.description()
                    .replace('\n', '|') + ", found " + item.description().replace('\n', '|') + ")");
        }
    }

    private static Lead asLead(RecordSnapshot record) {
        Map<String, String> fields = new LinkedHashMap<>();
        record.fields().forEach((k, v) -> fields.put(k, String.valueOf(v)));
        return new Lead(record.id(), fields, 0);
    }

    /** Once the sync has stopped: the state files load, and each lead with one open item is linked to it. */
    List<String> checkState(Map<String, LeadHistory> leads) {
        List<String> violations = new ArrayList<>();
        try (LinkStore links = new LinkStore(dataDir.toString(), tracker.pair())) {
            DurableIdempotentRepository keys = new DurableIdempotentRepository(dataDir.toString(), 200_000);
            keys.start();
            keys.size();
            keys.stop();
            for (LeadHistory lead : leads.values()) {
                List<Item> open = tracker.itemsOf(lead.recordId).stream().filter(i -> !i.archived()).toList();
                if (lead.deleted() || lead.gone() || open.size() != 1) {
                    continue;
                }
                Link link = links.byRecord(lead.recordId);
                if (link == null || link.detached() || !open.get(0).id().equals(link.itemId())) {
                    violations.add(lead + ": stored link " + link + " does not point at its open item " + open.get(0).id());
                }
            }
        } catch (RuntimeException e) {
            violations.add("state store does not load: " + e);
        }
        return violations;
    }
}
