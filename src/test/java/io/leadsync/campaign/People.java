package io.leadsync.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.leadsync.campaign.LeadHistory.Part;
import io.leadsync.campaign.LeadHistory.StatusEdit;
import io.leadsync.campaign.TrackerSide.Item;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.support.Sandboxes;

/**
 * Simulated people editing both sides while the sync runs: a sales rep creates leads, sets statuses, renames
 * them, changes emails and deletes leads in Airtable; a delivery lead moves, renames, archives, restores and
 * deletes cards/tasks. Which edit and which lead come from the seed alone, so a scenario replays the same
 * plan; whether an edit applies depends on the state at that moment (a lead without an open card cannot have
 * it moved), and every edit is recorded in the lead's {@link LeadHistory} and the {@link OpLog}.
 * <p>
 * With several pairs, each tracker edit picks its pair from the seed too, and two more kinds of edit put the
 * pairs' conflict policy to work: the same lead's items moved in two pairs within a second of each other, and
 * an item moved and the lead's status set in Airtable within a second (in either order). With one pair the
 * seed draws exactly what it drew before there were several.
 */
final class People {

    private static final List<String> STATUSES = LeadsSeed.STATUSES;
    /** The dice's extra faces with several pairs: 100-107 two moves, 108-114 a move and a status. */
    private static final int TOGETHER = 15;

    private final Random random;
    private final Sandboxes sandboxes;
    private final List<TrackerSide> trackers;
    private final Map<String, StatusMapping> mappings = new LinkedHashMap<>();
    private final OpLog log;
    private final Map<String, LeadHistory> leads = new LinkedHashMap<>();
    private int executed;
    private int skipped;
    private int together;
    private int counter;

    private final ToIntFunction<String> cycles;

    /** @param cycles each pair's completed cycles so far (to tell which edits a poll may have seen) */
    People(long seed, Sandboxes sandboxes, List<TrackerSide> trackers, OpLog log, ToIntFunction<String> cycles) {
        this.cycles = cycles;
        this.random = new Random(seed);
        this.sandboxes = sandboxes;
        this.trackers = List.copyOf(trackers);
        trackers.forEach(t -> mappings.put(t.pair(), Mappings.expected(t.kind())));
        this.log = log;
        for (RecordSnapshot lead : sandboxes.leads()) {
            track(lead.id(), String.valueOf(lead.field("Status")));
        }
    }

    private LeadHistory track(String recordId, String status) {
        LeadHistory history = new LeadHistory(recordId, "L" + leads.size(), mappings.keySet().stream().toList());
        mappings.forEach((pair, mapping) -> history.part(pair).noItemStatusUntil =
                mapping.bucketFor(status) == null ? Long.MAX_VALUE : 0);
        leads.put(recordId, history);
        return history;
    }

    Map<String, LeadHistory> leads() {
        return leads;
    }

    int executed() {
        return executed;
    }

    int skipped() {
        return skipped;
    }

    /** How many times both edits of {@link #moveInTwoPairs} or {@link #moveAndSetStatus} were made. */
    int together() {
        return together;
    }

    /** One random edit by one of the people (two at once, with several pairs). */
    void act() throws InterruptedException {
        boolean several = trackers.size() > 1;
        int dice = random.nextInt(several ? 100 + TOGETHER : 100);
        LeadHistory lead = pickLead();
        if (dice < 8 || lead == null) {
            count(createLead());
        } else if (dice < 33) {
            count(setStatus(lead));
        } else if (dice < 39) {
            count(renameLead(lead));
        } else if (dice < 43) {
            count(changeEmail(lead));
        } else if (dice < 46) {
            count(deleteLead(lead));
        } else if (dice < 71) {
            count(moveItem(lead, tracker()));
        } else if (dice < 77) {
            count(archiveItem(lead, tracker()));
        } else if (dice < 80) {
            count(deleteItem(lead, tracker()));
        } else if (dice < 84) {
            count(restoreItem(lead, tracker()));
        } else if (dice < 88) {
            count(renameItem(lead, tracker()));
        } else if (dice < 100) {
            count(setStatus(lead));
        } else if (dice < 108) {
            moveInTwoPairs(lead);
        } else {
            moveAndSetStatus(lead);
        }
    }

    private boolean count(boolean done) {
        if (done) {
            executed++;
        } else {
            skipped++;
        }
        return done;
    }

    /** The pair of a tracker edit: drawn only when there are several, so a one-pair plan is what it always was. */
    private TrackerSide tracker() {
        return trackers.size() == 1 ? trackers.get(0) : trackers.get(random.nextInt(trackers.size()));
    }

    /** The same lead's items moved in two pairs, the second move within a second of the first. */
    private void moveInTwoPairs(LeadHistory lead) throws InterruptedException {
        int first = random.nextInt(trackers.size());
        int second = (first + 1 + random.nextInt(trackers.size() - 1)) % trackers.size();
        long gap = random.nextInt(1_000);
        log.add("together: " + lead + "'s items in " + trackers.get(first).pair() + " and "
                + trackers.get(second).pair() + ", " + gap + " ms apart");
        boolean one = count(moveElsewhere(lead, trackers.get(first)));
        Thread.sleep(gap);
        boolean other = count(moveElsewhere(lead, trackers.get(second)));
        together += one && other ? 1 : 0;
    }

    /** An item moved and the lead's status set in Airtable within a second, in either order. */
    private void moveAndSetStatus(LeadHistory lead) throws InterruptedException {
        TrackerSide tracker = tracker();
        boolean moveFirst = random.nextBoolean();
        long gap = random.nextInt(1_000);
        log.add("together: " + lead + "'s item in " + tracker.pair() + " and its Airtable status, "
                + (moveFirst ? "move" : "status") + " first, " + gap + " ms apart");
        boolean one = count(moveFirst ? moveElsewhere(lead, tracker) : setOtherStatus(lead));
        Thread.sleep(gap);
        boolean other = count(moveFirst ? setOtherStatus(lead) : moveElsewhere(lead, tracker));
        together += one && other ? 1 : 0;
    }

    private LeadHistory pickLead() {
        List<LeadHistory> alive = leads.values().stream().filter(l -> !l.deleted()).toList();
        return alive.isEmpty() ? null : alive.get(random.nextInt(alive.size()));
    }

    // ------------------------------------------------------------------------------------------- Airtable

    private boolean createLead() {
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        String name = "Lead " + (++counter) + " " + Long.toString(random.nextLong() & 0xffff, 36);
        String id = sandboxes.airtable.createRecord(Sandboxes.BASE, Sandboxes.TABLE,
                Map.of("Name", name, "Email", "lead" + counter + "@example.com", "Status", status));
        LeadHistory history = track(id, status);
        log.add("airtable: create " + history + " '" + name + "' " + status);
        return true;
    }

    private boolean setStatus(LeadHistory lead) {
        String drawn = STATUSES.get(random.nextInt(STATUSES.size()));
        return setStatus(lead, current -> drawn);
    }

    /** A status set together with another edit: another one than the lead's, so that it is a change. */
    private boolean setOtherStatus(LeadHistory lead) {
        int pick = random.nextInt(STATUSES.size() - 1);
        return setStatus(lead, current -> {
            List<String> others = STATUSES.stream().filter(s -> !s.equals(current)).toList();
            return others.get(pick % others.size());
        });
    }

    /** @param choice the status to set, given the lead's (null when the lead is gone) */
    private boolean setStatus(LeadHistory lead, Function<Object, String> choice) {
        return sandboxes.airtable.withState(() -> {
            Optional<RecordSnapshot> now = record(lead);
            String status = choice.apply(now.map(r -> r.field("Status")).orElse(null));
            if (now.isEmpty() || status.equals(now.get().field("Status"))) {
                return skip("airtable: set status of " + lead + " to " + status + " (already so)");
            }
            sandboxes.setLead(lead.recordId, "Status", status);
            long at = System.currentTimeMillis();
            String before = String.valueOf(now.get().field("Status"));
            mappings.forEach((pair, mapping) -> {
                Part part = lead.part(pair);
                if (mapping.bucketFor(status) == null) {
                    part.noItemStatusUntil = Long.MAX_VALUE;
                } else if (mapping.bucketFor(before) == null) {
                    part.noItemStatusUntil = at;
                }
            });
            Map<String, Integer> cyclesNow = new LinkedHashMap<>();
            mappings.keySet().forEach(pair -> cyclesNow.put(pair, cycles.applyAsInt(pair)));
            // as for a move: a status set back before a poll may have seen the one it undoes (campaign trello:107);
            // with several pairs, before any of them may have
            boolean revert = status.equals(lead.lastStatusFrom) && before.equals(lead.lastStatusTo)
                    && fewerThanTwoCycles(cyclesNow, lead.lastStatusCycles);
            // or set back, in several edits, to the status before the first of them, all within two cycles of a
            // pair (A-B-C-A: trello+trello2+clickup:53)
            boolean runGoesOn = lead.statusRunFrom != null && before.equals(lead.lastStatusTo)
                    && fewerThanTwoCycles(cyclesNow, lead.statusRunCycles);
            if (!runGoesOn) {
                lead.statusRunFrom = before;
                lead.statusRunCycles = cyclesNow;
            }
            revert |= runGoesOn && status.equals(lead.statusRunFrom);
            lead.statusEdited(new StatusEdit(LeadHistory.AIRTABLE, status, at, revert));
            lead.lastStatusFrom = before;
            lead.lastStatusTo = status;
            lead.lastStatusCycles = cyclesNow;
            log.add("airtable: set status of " + lead + " " + before + " -> " + status + " (after cycle "
                    + (cyclesNow.size() == 1 ? cyclesNow.values().iterator().next() : cyclesNow)
                    + (revert ? ", undoes an unseen status edit" : "") + ")");
            return true;
        });
    }

    /** Whether some pair has completed fewer than two cycles since {@code then} (its cycles then, by pair). */
    private static boolean fewerThanTwoCycles(Map<String, Integer> now, Map<String, Integer> then) {
        return now.entrySet().stream().anyMatch(c -> c.getValue() - then.getOrDefault(c.getKey(), 0) < 2);
    }

    private boolean renameLead(LeadHistory lead) {
        return editContent(lead, "Name", "Renamed " + (++counter) + " " + Long.toString(random.nextLong() & 0xffff, 36));
    }

    private boolean changeEmail(LeadHistory lead) {
        return editContent(lead, "Email", "changed" + (++counter) + "@example.com");
    }

    private boolean editContent(LeadHistory lead, String field, String value) {
        return sandboxes.airtable.withState(() -> {
            if (record(lead).isEmpty()) {
                return skip("airtable: set " + field + " of " + lead + " (gone)");
            }
            sandboxes.setLead(lead.recordId, field, value);
            if (field.equals("Name")) {
                lead.lastAirtableNameEdit = System.currentTimeMillis();
            }
            log.add("airtable: set " + field + " of " + lead + " to '" + value + "'");
            return true;
        });
    }

    private boolean deleteLead(LeadHistory lead) {
        return sandboxes.airtable.withState(() -> {
            if (record(lead).isEmpty()) {
                return skip("airtable: delete " + lead + " (gone)");
            }
            sandboxes.airtable.deleteRecord(Sandboxes.BASE, Sandboxes.TABLE, lead.recordId);
            lead.deletedAt = System.currentTimeMillis();
            log.add("airtable: delete " + lead);
            return true;
        });
    }

    private Optional<RecordSnapshot> record(LeadHistory lead) {
        return sandboxes.airtable.record(Sandboxes.BASE, Sandboxes.TABLE, lead.recordId);
    }

    // -------------------------------------------------------------------------------------------- tracker

    private boolean moveItem(LeadHistory lead, TrackerSide tracker) {
        String drawn = tracker.buckets().get(random.nextInt(tracker.buckets().size()));
        return moveItem(lead, tracker, item -> drawn);
    }

    /** A move made together with another edit: into another bucket than the item's, so that it is a change. */
    private boolean moveElsewhere(LeadHistory lead, TrackerSide tracker) {
        int pick = random.nextInt(tracker.buckets().size() - 1);
        return moveItem(lead, tracker, item -> {
            if (item == null) {
                return "another bucket";
            }
            List<String> others = tracker.buckets().stream().filter(b -> !b.equals(item.bucket())).toList();
            return others.get(pick % others.size());
        });
    }

    private boolean moveItem(LeadHistory lead, TrackerSide tracker, Function<Item, String> target) {
        Part part = lead.part(tracker.pair());
        return tracker.locked(() -> {
            Item item = openItem(lead, tracker);
            String bucket = target.apply(item); // item null: what to say when skipping
            if (item == null || item.bucket().equals(bucket)) {
                return skip(tracker.pair() + ": move item of " + lead + " to " + bucket + " (no open item, or there)");
            }
            tracker.move(item.id(), bucket);
            long at = System.currentTimeMillis();
            int cyclesNow = cycles.applyAsInt(tracker.pair());
            // a cycle whose reads began after the previous move and that logged its plan before this one has seen
            // it; with fewer than two plans logged in between, none may have
            boolean revert = bucket.equals(part.lastMoveFrom) && item.bucket().equals(part.lastMoveTo)
                    && cyclesNow - part.lastMoveCycles < 2;
            lead.statusEdited(new StatusEdit(tracker.pair(), bucket, at, revert));
            part.lastMoveFrom = item.bucket();
            part.lastMoveTo = bucket;
            part.lastMoveAt = at;
            part.lastMoveCycles = cyclesNow;
            log.add(tracker.pair() + ": move " + item.id() + " of " + lead + " " + item.bucket() + " -> " + bucket
                    + " (after cycle " + cyclesNow + (revert ? ", undoes an unseen move" : "") + ")");
            return true;
        });
    }

    private boolean archiveItem(LeadHistory lead, TrackerSide tracker) {
        return tracker.locked(() -> {
            Item item = openItem(lead, tracker);
            if (item == null) {
                return skip(tracker.pair() + ": archive item of " + lead + " (no open item)");
            }
            tracker.archive(item.id(), true);
            markGone(lead, tracker, "archive " + item.id());
            return true;
        });
    }

    private boolean deleteItem(LeadHistory lead, TrackerSide tracker) {
        int pick = random.nextInt(1_000);
        Part part = lead.part(tracker.pair());
        return tracker.locked(() -> {
            List<Item> items = tracker.itemsOf(lead.recordId);
            if (items.isEmpty()) {
                return skip(tracker.pair() + ": delete item of " + lead + " (none)");
            }
            Item item = items.get(pick % items.size());
            boolean linked = record(lead).map(r -> item.id().equals(r.field(tracker.linkField()))).orElse(false);
            tracker.delete(item.id());
            part.deletedItems.add(item.id());
            if (!linked) {
                part.deletedBeforeLinked.add(item.id());
            }
            markGone(lead, tracker, "delete " + (item.archived() ? "archived " : "") + item.id()
                    + (linked ? "" : " (not linked yet)"));
            part.goneAmbiguous |= !linked;
            return true;
        });
    }

    private void markGone(LeadHistory lead, TrackerSide tracker, String what) {
        long at = System.currentTimeMillis();
        Part part = lead.part(tracker.pair());
        part.goneAt = at;
        // the sync archives the item of a lead whose status has none; a person doing the same within a few
        // cycles of that is indistinguishable from the sync's own archive
        part.goneAmbiguous = part.noItemStatusUntil > at - 5_000;
        log.add(tracker.pair() + ": " + what + " of " + lead + (part.goneAmbiguous ? " (lead had no-item status)" : ""));
    }

    private boolean restoreItem(LeadHistory lead, TrackerSide tracker) {
        Part part = lead.part(tracker.pair());
        return tracker.locked(() -> {
            if (!part.gone()) {
                return skip(tracker.pair() + ": restore item of " + lead + " (not archived by a person)");
            }
            List<Item> archived = tracker.itemsOf(lead.recordId).stream().filter(Item::archived).toList();
            if (archived.isEmpty() || tracker.itemsOf(lead.recordId).stream().anyMatch(i -> !i.archived())) {
                return skip(tracker.pair() + ": restore item of " + lead + " (nothing to restore)");
            }
            tracker.archive(archived.get(0).id(), false);
            part.restoredAt = System.currentTimeMillis();
            log.add(tracker.pair() + ": restore " + archived.get(0).id() + " of " + lead);
            return true;
        });
    }

    private boolean renameItem(LeadHistory lead, TrackerSide tracker) {
        String name = "Card name " + (++counter);
        Part part = lead.part(tracker.pair());
        return tracker.locked(() -> {
            Item item = openItem(lead, tracker);
            if (item == null) {
                return skip(tracker.pair() + ": rename item of " + lead + " (no open item)");
            }
            tracker.rename(item.id(), name);
            part.lastItemRename = name;
            part.lastItemRenameAt = System.currentTimeMillis();
            log.add(tracker.pair() + ": rename " + item.id() + " of " + lead + " to '" + name + "'");
            return true;
        });
    }

    private static Item openItem(LeadHistory lead, TrackerSide tracker) {
        List<Item> open = new ArrayList<>(tracker.itemsOf(lead.recordId).stream().filter(i -> !i.archived()).toList());
        return open.isEmpty() ? null : open.get(0);
    }

    private boolean skip(String what) {
        log.add("skip " + what);
        return false;
    }
}
