package io.leadsync.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.campaign.LeadHistory.Part;
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
import io.leadsync.state.StateStorage;
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
 * With several pairs, each pair's items are checked as above against the lead's status and the pair's own
 * history (its moves, renames, archives, restores, deletions), and the last status edit is the last on any side:
 * it must be what every pair shows, or lost a recorded conflict; a move that lost to the value an earlier move
 * of another pair wrote into the lead was judged by the write's time instead of the move's, a violation.
 * A person's edit that a sync write overwrote at the service without the sync being able to see it is not a
 * violation but reported apart, with the evidence from the emulators' request journals: a write the service
 * received before the edit and applied after it (held back by a {@link io.leadsync.sandbox.Fault#DELAY}, the
 * client long gone), or a write sent right after the sync's last read of the record, that read made before the
 * edit and the write applied after it (the check-then-write race). None of the three APIs has conditional
 * writes, so no client can close either window. Reported with them: a move to exactly the place a move of the sync
 * sent earlier without an answer aimed at, made within the wait such a write may still land in, which the sync
 * took for that write landing late and undid, as its audit log says (no client can tell the two apart).
 */
final class Invariants {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status", "Last Modified");
    private static final ItemTemplate TEMPLATE = new ItemTemplate("{Name}", SCHEMA);
    /** How soon after its check a write must follow to count as racing it (the sync sends it at once). */
    private static final long CHECK_TO_WRITE_MILLIS = 250;

    private final Sandboxes sandboxes;
    private final List<TrackerSide> trackers;
    private final Map<String, StatusMapping> mappings = new LinkedHashMap<>();
    private final StateStorage state;
    private List<String> overwrittenInFlight = List.of();

    /** @param trackers the scenario's pairs, each with the default mapping of its kind ({@link Mappings}) */
    /** @param state where the sync keeps its state: the data directory's files, or the nodes' shared database */
    Invariants(Sandboxes sandboxes, List<TrackerSide> trackers, StateStorage state) {
        this.sandboxes = sandboxes;
        this.trackers = List.copyOf(trackers);
        trackers.forEach(t -> mappings.put(t.pair(), Mappings.expected(t.kind())));
        this.state = state;
    }

    /** The edits the last {@link #check} found overwritten at the service by a write it held back. */
    List<String> overwrittenInFlight() {
        return overwrittenInFlight;
    }

    /** With several pairs, which one a finding is about (" in trello2"); nothing with one. */
    private String in(TrackerSide tracker) {
        return trackers.size() == 1 ? "" : " in " + tracker.pair();
    }

    /** The violations of the services' state (the sync may still be running). */
    List<String> check(Map<String, LeadHistory> leads) {
        List<String> violations = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        overwrittenInFlight = inFlight;
        Evidence evidence = Evidence.read(state);
        Map<String, Map<String, List<Item>>> openByPair = new LinkedHashMap<>();
        for (TrackerSide tracker : trackers) {
            openByPair.put(tracker.pair(), checkCreations(tracker, leads, violations));
        }
        for (LeadHistory lead : leads.values()) {
            Map<String, List<Item>> open = new LinkedHashMap<>();
            openByPair.forEach((pair, byLead) -> open.put(pair, byLead.getOrDefault(lead.recordId, List.of())));
            checkLead(lead, open, evidence, violations, inFlight);
        }
        return violations;
    }

    /**
     * No lead of the pair ever got two items, and every item the tracker created carries a lead's marker;
     * returns the pair's open items by lead.
     */
    private Map<String, List<Item>> checkCreations(TrackerSide tracker, Map<String, LeadHistory> leads,
                                                   List<String> violations) {
        Map<String, String> deletedItemOwners = new LinkedHashMap<>();
        leads.values().forEach(l -> l.part(tracker.pair()).deletedItems.forEach(id -> deletedItemOwners.put(id, l.recordId)));
        Map<String, String> countedDeleted = new LinkedHashMap<>(deletedItemOwners);
        leads.values().forEach(l -> l.part(tracker.pair()).deletedBeforeLinked.forEach(countedDeleted::remove));
        List<Item> items = tracker.items();
        Map<String, List<Item>> byLead = new LinkedHashMap<>();
        items.forEach(i -> byLead.computeIfAbsent(i.recordId(), k -> new ArrayList<>()).add(i));
        int everCreated = items.size() + deletedItemOwners.size();
        if (tracker.created() != everCreated) {
            violations.add(tracker.pair() + " created " + tracker.created() + " items but " + everCreated
                    + " carry a lead's marker (an item without marker, or one created twice and lost?)");
        }
        Map<String, List<Item>> open = new LinkedHashMap<>();
        for (LeadHistory lead : leads.values()) {
            List<Item> own = byLead.getOrDefault(lead.recordId, List.of());
            long ever = own.size() + countedDeleted.values().stream().filter(lead.recordId::equals).count();
            if (ever > 1) {
                violations.add(lead + ": " + ever + " items were created for it" + in(tracker) + " (duplicates): "
                        + own);
            }
            open.put(lead.recordId, own.stream().filter(i -> !i.archived()).toList());
        }
        return open;
    }

    /**
     * The lead's items in each pair, then its last status edit across all sides (Airtable and every pair).
     *
     * @param open the lead's open items, by pair
     */
    private void checkLead(LeadHistory lead, Map<String, List<Item>> open, Evidence evidence, List<String> violations,
                           List<String> inFlight) {
        Optional<RecordSnapshot> record = sandboxes.airtable.record(Sandboxes.BASE, Sandboxes.TABLE, lead.recordId);
        if (lead.deleted() || record.isEmpty()) {
            if (!lead.deleted()) {
                violations.add(lead + ": the lead disappeared from Airtable, nobody deleted it");
            } else {
                for (TrackerSide tracker : trackers) {
                    if (!open.get(tracker.pair()).isEmpty()) {
                        violations.add(lead + ": deleted in Airtable, but its item is still open" + in(tracker) + ": "
                                + open.get(tracker.pair()));
                    }
                }
            }
            return;
        }
        String status = String.valueOf(record.get().field("Status"));
        boolean itemsAsExpected = true;
        for (TrackerSide tracker : trackers) {
            itemsAsExpected &= checkItems(lead, tracker, open.get(tracker.pair()), status, record.get(), evidence,
                    violations);
        }
        if (itemsAsExpected) {
            checkLastStatusEdit(lead, open, status, evidence, violations, inFlight);
        }
    }

    /**
     * The lead's items in one pair: none open when a person archived or deleted its item, else one open where
     * its status puts it (none for a status that maps to none), showing the lead's content. Returns false when the
     * number of open items is wrong, and then says so only.
     */
    private boolean checkItems(LeadHistory lead, TrackerSide tracker, List<Item> open, String status,
                               RecordSnapshot record, Evidence evidence, List<String> violations) {
        StatusMapping mapping = mappings.get(tracker.pair());
        Part part = lead.part(tracker.pair());
        String bucket = mapping.bucketFor(status);
        if (part.gone()) {
            if (!open.isEmpty() && !(part.goneAmbiguous && open.size() == 1
                    && Objects.equals(open.get(0).bucket(), bucket))) {
                violations.add(lead + ": a person archived/deleted its item" + in(tracker) + ", yet it has open "
                        + "item(s) " + open);
            }
            return true;
        }
        Item item = open.size() == 1 ? open.get(0) : null;
        if (bucket == null ? !open.isEmpty() : item == null) {
            violations.add(lead + " (status " + status + "): expected " + (bucket == null ? "no open item" : "one open "
                    + "item in " + bucket) + in(tracker) + ", found " + open + itemWrites(lead, tracker));
            return false;
        }
        if (item != null && !item.bucket().equals(bucket) && !unmappedMove(lead, tracker, item, bucket, evidence)) {
            violations.add(lead + ": status " + status + " maps to " + bucket + " but the item" + in(tracker)
                    + " is in " + item.bucket());
        }
        if (item != null) {
            checkContent(lead, tracker, record, item, evidence, violations);
        }
        return true;
    }

    /** A person's move into a bucket outside the mapping, dead-lettered: it may stay unmirrored. */
    private boolean unmappedMove(LeadHistory lead, TrackerSide tracker, Item item, String bucket, Evidence evidence) {
        Part part = lead.part(tracker.pair());
        return item != null && !mappings.get(tracker.pair()).knowsBucket(item.bucket()) && !item.bucket().equals(bucket)
                && item.bucket().equals(part.lastMoveTo) && part.lastMoveAt > part.restoredAt
                && evidence.deadLettered(lead.recordId);
    }

    /**
     * The last status edit of the lead, made on any side, is what every side shows (the pairs' buckets are checked
     * against the status by {@link #checkItems}), or the audit log records that it lost a conflict. A move in a
     * pair whose item a person has archived or deleted since is not checked; nor is a status set in Airtable when
     * every pair's item is gone, unless it came after the last of them went (then it stands unopposed).
     */
    private void checkLastStatusEdit(LeadHistory lead, Map<String, List<Item>> open, String status, Evidence evidence,
                                     List<String> violations, List<String> inFlight) {
        StatusEdit edit = lead.statusEditToCheck();
        if (edit == null || (!edit.airtable() && lead.part(edit.side()).gone())) {
            return;
        }
        List<TrackerSide> linked = trackers.stream().filter(t -> !lead.part(t.pair()).gone()).toList();
        if (linked.isEmpty()) {
            long lastGone = lead.parts().stream().mapToLong(p -> p.goneAt).max().orElse(0);
            if (edit.at() > lastGone && !edit.value().equals(status)) {
                // judged as a linked lead's edit is: a status write decided from the item's last move may have been
                // checked just before the edit and sent just after it (campaign trello:78)
                notKept(lead, edit, lead + ": unlinked lead's status was set to " + edit.value() + " after its item"
                        + (trackers.size() == 1 ? " was" : "s were") + " gone, but it is " + status, evidence,
                        violations, inFlight);
            }
            return;
        }
        Item moved = edit.airtable() ? null : single(open.get(edit.side()));
        boolean reflected = edit.airtable() ? edit.value().equals(status)
                : moved != null && edit.value().equals(moved.bucket());
        boolean unmappedMove = linked.stream().anyMatch(t -> unmappedMove(lead, t, single(open.get(t.pair())),
                mappings.get(t.pair()).bucketFor(status), evidence));
        if (edit.unseenRevert() || reflected || unmappedMove) {
            return;
        }
        List<JsonNode> lost = evidence.conflictsLost(lead.recordId, "status", edit.at(), edit.side());
        StatusEdit before = lead.previousStatusEdit;
        if (!lost.isEmpty() && !edit.airtable() && before != null && !before.airtable()
                && !before.side().equals(edit.side()) && !before.unseenRevert()
                && lost.stream().allMatch(c -> Evidence.lostToTheWriteOf(c, before.side(), edit.at())
                && wroteIt(c, before))) {
            // latest wins by the origin's time: a move written into the lead by another pair is that move's
            // change, made before this one, and must not beat it by the time of the write
            violations.add(lead + ": the last status edit (" + edit.describe() + ") lost to the lead's value "
                    + "that " + before.describe() + " " + (edit.at() - before.at()) + " ms earlier put there ("
                    + "judged by the time of its write, not of the move): " + lost);
            return;
        }
        if (!lost.isEmpty()) {
            return;
        }
        String where = linked.stream().map(t -> {
            Item item = single(open.get(t.pair()));
            return (trackers.size() == 1 ? "item" : t.pair()) + " in " + (item == null ? "-" : item.bucket());
        }).collect(java.util.stream.Collectors.joining(", "));
        notKept(lead, edit, lead + ": the last status edit (" + (trackers.size() == 1
                ? (edit.airtable() ? "Airtable status " : "moved to ") + edit.value() : edit.describe())
                + ") is neither reflected (lead " + status + ", " + where + ") nor recorded as a lost conflict",
                evidence, violations, inFlight);
    }

    /**
     * A status edit that was not kept: reported apart when the services' journals (and the sync's audit) show a
     * write no client could have held back, else a violation naming Airtable's writes to the lead.
     */
    private void notKept(LeadHistory lead, StatusEdit edit, String finding, Evidence evidence, List<String> violations,
                         List<String> inFlight) {
        Optional<String> unseen = overwrittenUnseen(lead, edit.at(), trackers)
                .or(() -> takenForALateLanding(lead, edit, evidence));
        if (unseen.isPresent()) {
            inFlight.add(finding + "; " + unseen.get());
        } else {
            violations.add(finding + "; " + writesToTheLeadSince(lead, edit.at()));
        }
    }

    /**
     * The move was taken for leadsync's own earlier move to the same place landing late, and undone: the sync had
     * sent that move to the item before the person's, had no answer, and was still within the wait such a write may
     * land in (leadsync.uncertain-create-wait). No client can tell the two apart: the item shows the same place
     * either way. Needs the sync's audit entry saying so and the service's journal showing a write of the sync to
     * the item received before the move.
     */
    private Optional<String> takenForALateLanding(LeadHistory lead, StatusEdit edit, Evidence evidence) {
        if (edit.airtable()) {
            return Optional.empty();
        }
        TrackerSide tracker = trackers.stream().filter(t -> t.pair().equals(edit.side())).findFirst().orElseThrow();
        List<String> ids = tracker.itemsOf(lead.recordId).stream().map(Item::id).toList();
        boolean sentBefore = tracker.service().handled().stream().anyMatch(h -> !"GET".equals(h.method())
                && h.arrivedAt() < edit.at() && ids.stream().anyMatch(h::concerns));
        return sentBefore ? evidence.takenForALateLanding(lead.recordId, edit.side(), edit.value(), edit.at())
                .map(decision -> "taken for leadsync's own move of unknown outcome landing late: "
                        + decision.path("detail").asText()) : Optional.empty();
    }

    /** The last writes (at most 6) the tracker applied to the lead's items, to tell how they came to be as they are. */
    private static String itemWrites(LeadHistory lead, TrackerSide tracker) {
        List<String> ids = new ArrayList<>(lead.part(tracker.pair()).deletedItems);
        tracker.itemsOf(lead.recordId).forEach(i -> ids.add(i.id()));
        List<String> writes = tracker.service().handled().stream()
                .filter(h -> !"GET".equals(h.method()) && ids.stream().anyMatch(h::concerns))
                .map(h -> h.method() + " " + h.path() + " " + h.query().replaceAll("(key|token)=[^&]*", "$1=***") + " "
                        + h.body().replaceAll("\\s+", " ")
                        + " (received at " + h.arrivedAt() + ", applied at " + h.handledAt() + ")").toList();
        return writes.isEmpty() ? "" : "; the last writes to its items" + (ids.size() > 1 ? " " + ids : "") + ": "
                + String.join(", ", writes.subList(Math.max(0, writes.size() - 6), writes.size()));
    }

    /** The writes Airtable applied to the lead from a little before the edit on (at most 6), to tell what won. */
    private String writesToTheLeadSince(LeadHistory lead, long editAt) {
        List<String> writes = sandboxes.airtable.handled().stream()
                .filter(h -> !"GET".equals(h.method()) && h.concerns(lead.recordId) && h.handledAt() >= editAt - 3_000)
                .map(h -> h.method() + " " + h.body().replaceAll("\\s+", " ") + " (received " + (h.arrivedAt() - editAt)
                        + " ms after the edit, applied " + (h.handledAt() - editAt) + " ms after it)")
                .toList();
        return writes.isEmpty() ? "Airtable applied no write to the lead from 3 s before the edit on"
                : "Airtable's writes to the lead from 3 s before the edit on: "
                + String.join(", ", writes.subList(Math.max(0, writes.size() - 6), writes.size()));
    }

    /**
     * Whether the lead's value the conflict weighed is the status the earlier move writes (its pair's trackerToLead):
     * a move within a list's statuses writes none (many-to-one), and then the value is someone else's.
     */
    private boolean wroteIt(JsonNode conflict, StatusEdit move) {
        String weighed = conflict.path("airtable").asText();
        int list = weighed.indexOf(" (list ");
        return Objects.equals(mappings.get(move.side()).trackerToLead().get(move.value()),
                list < 0 ? weighed : weighed.substring(0, list));
    }

    private static Item single(List<Item> open) {
        return open.size() == 1 ? open.get(0) : null;
    }

    /** How a sync write overwrote the edit without the sync being able to see it, if the journals show it. */
    private Optional<String> overwrittenUnseen(LeadHistory lead, long editAt, List<TrackerSide> sides) {
        List<String> ids = new ArrayList<>();
        sides.forEach(t -> ids.addAll(lead.part(t.pair()).deletedItems));
        ids.add(lead.recordId);
        sides.forEach(t -> t.itemsOf(lead.recordId).forEach(i -> ids.add(i.id())));
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

    private void checkContent(LeadHistory lead, TrackerSide tracker, RecordSnapshot record, Item item,
                              Evidence evidence, List<String> violations) {
        var draft = TEMPLATE.render(asLead(record), item.bucket());
        Part part = lead.part(tracker.pair());
        boolean renameWins = part.lastItemRename != null && part.lastItemRenameAt > lead.lastAirtableNameEdit;
        if (renameWins && !item.name().equals(part.lastItemRename)
                && !evidence.lostConflict(lead.recordId, "name", part.lastItemRenameAt, tracker.pair())) {
            String finding = lead + ": a person renamed its item" + in(tracker) + " to '" + part.lastItemRename
                    + "' after the last Airtable name edit; the item now says '" + item.name() + "' and no conflict "
                    + "was recorded";
            Optional<String> unseen = overwrittenUnseen(lead, part.lastItemRenameAt, List.of(tracker));
            if (unseen.isPresent()) {
                overwrittenInFlight.add(finding + "; " + unseen.get());
            } else {
                violations.add(finding);
            }
        } else if (!renameWins && !item.name().equals(draft.name())) {
            violations.add(lead + ": item" + in(tracker) + " named '" + item.name() + "', lead named '"
                    + draft.name() + "'");
        }
        if (!item.description().equals(draft.description())) {
            violations.add(lead + ": item" + in(tracker) + " description is not the lead's (expected " + draft.description()
                    .replace('\n', '|') + ", found " + item.description().replace('\n', '|') + ")");
        }
    }

    private static Lead asLead(RecordSnapshot record) {
        Map<String, String> fields = new LinkedHashMap<>();
        record.fields().forEach((k, v) -> fields.put(k, String.valueOf(v)));
        return new Lead(record.id(), fields, 0);
    }

    /** Once the sync has stopped: the state files load, and in each pair each lead with one open item is linked to it. */
    List<String> checkState(Map<String, LeadHistory> leads) {
        List<String> violations = new ArrayList<>();
        try {
            DurableIdempotentRepository keys = new DurableIdempotentRepository(state, 200_000);
            keys.start();
            keys.size();
            keys.stop();
        } catch (RuntimeException e) {
            violations.add("state store does not load: " + e);
        }
        for (TrackerSide tracker : trackers) {
            try (LinkStore links = new LinkStore(state, tracker.pair(), false)) {
                for (LeadHistory lead : leads.values()) {
                    List<Item> open = tracker.itemsOf(lead.recordId).stream().filter(i -> !i.archived()).toList();
                    if (lead.deleted() || lead.part(tracker.pair()).gone() || open.size() != 1) {
                        continue;
                    }
                    Link link = links.byRecord(lead.recordId);
                    if (link == null || link.detached() || !open.get(0).id().equals(link.itemId())) {
                        violations.add(lead + ": stored link" + in(tracker) + " " + link + " does not point at its "
                                + "open item " + open.get(0).id());
                    }
                }
            } catch (RuntimeException e) {
                violations.add("state store" + in(tracker) + " does not load: " + e);
            }
        }
        return violations;
    }
}
