package io.leadsync.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

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
 */
final class People {

    private static final List<String> STATUSES = LeadsSeed.STATUSES;

    private final Random random;
    private final Sandboxes sandboxes;
    private final TrackerSide tracker;
    private final StatusMapping mapping;
    private final OpLog log;
    private final Map<String, LeadHistory> leads = new LinkedHashMap<>();
    private int executed;
    private int skipped;
    private int counter;

    private final java.util.function.IntSupplier cycles;

    /** @param cycles the sync's completed cycles so far (to tell which edits a poll may have seen) */
    People(long seed, Sandboxes sandboxes, TrackerSide tracker, StatusMapping mapping, OpLog log,
           java.util.function.IntSupplier cycles) {
        this.cycles = cycles;
        this.random = new Random(seed);
        this.sandboxes = sandboxes;
        this.tracker = tracker;
        this.mapping = mapping;
        this.log = log;
        for (RecordSnapshot lead : sandboxes.leads()) {
            LeadHistory history = new LeadHistory(lead.id(), "L" + leads.size());
            history.noItemStatusUntil = mapping.bucketFor(String.valueOf(lead.field("Status"))) == null
                    ? Long.MAX_VALUE : 0;
            leads.put(lead.id(), history);
        }
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

    /** One random edit by one of the people. */
    void act() {
        int dice = random.nextInt(100);
        LeadHistory lead = pickLead();
        boolean done;
        if (dice < 8 || lead == null) {
            done = createLead();
        } else if (dice < 33) {
            done = setStatus(lead);
        } else if (dice < 39) {
            done = renameLead(lead);
        } else if (dice < 43) {
            done = changeEmail(lead);
        } else if (dice < 46) {
            done = deleteLead(lead);
        } else if (dice < 71) {
            done = moveItem(lead);
        } else if (dice < 77) {
            done = archiveItem(lead);
        } else if (dice < 80) {
            done = deleteItem(lead);
        } else if (dice < 84) {
            done = restoreItem(lead);
        } else if (dice < 88) {
            done = renameItem(lead);
        } else {
            done = setStatus(lead);
        }
        if (done) {
            executed++;
        } else {
            skipped++;
        }
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
        LeadHistory history = new LeadHistory(id, "L" + leads.size());
        history.noItemStatusUntil = mapping.bucketFor(status) == null ? Long.MAX_VALUE : 0;
        leads.put(id, history);
        log.add("airtable: create " + history + " '" + name + "' " + status);
        return true;
    }

    private boolean setStatus(LeadHistory lead) {
        String status = STATUSES.get(random.nextInt(STATUSES.size()));
        return sandboxes.airtable.withState(() -> {
            Optional<RecordSnapshot> now = record(lead);
            if (now.isEmpty() || status.equals(now.get().field("Status"))) {
                return skip("airtable: set status of " + lead + " to " + status + " (already so)");
            }
            sandboxes.setLead(lead.recordId, "Status", status);
            long at = System.currentTimeMillis();
            String before = String.valueOf(now.get().field("Status"));
            boolean hadNoItem = mapping.bucketFor(before) == null;
            if (mapping.bucketFor(status) == null) {
                lead.noItemStatusUntil = Long.MAX_VALUE;
            } else if (hadNoItem) {
                lead.noItemStatusUntil = at;
            }
            int cyclesNow = cycles.getAsInt();
            // as for a move: a status set back before a poll may have seen the one it undoes (campaign trello:107)
            boolean revert = status.equals(lead.lastStatusFrom) && before.equals(lead.lastStatusTo)
                    && cyclesNow - lead.lastStatusCycles < 2;
            lead.lastStatusEdit = new StatusEdit(true, status, at, revert);
            lead.lastStatusFrom = before;
            lead.lastStatusTo = status;
            lead.lastStatusCycles = cyclesNow;
            log.add("airtable: set status of " + lead + " " + before + " -> " + status + " (after cycle " + cyclesNow
                    + (revert ? ", undoes an unseen status edit" : "") + ")");
            return true;
        });
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

    private boolean moveItem(LeadHistory lead) {
        String bucket = tracker.buckets().get(random.nextInt(tracker.buckets().size()));
        return tracker.locked(() -> {
            Item item = openItem(lead);
            if (item == null || item.bucket().equals(bucket)) {
                return skip(tracker.pair() + ": move item of " + lead + " to " + bucket + " (no open item, or there)");
            }
            tracker.move(item.id(), bucket);
            long at = System.currentTimeMillis();
            int cyclesNow = cycles.getAsInt();
            // a cycle whose reads began after the previous move and that logged its plan before this one has seen
            // it; with fewer than two plans logged in between, none may have
            boolean revert = bucket.equals(lead.lastMoveFrom) && item.bucket().equals(lead.lastMoveTo)
                    && cyclesNow - lead.lastMoveCycles < 2;
            lead.lastStatusEdit = new StatusEdit(false, bucket, at, revert);
            lead.lastMoveFrom = item.bucket();
            lead.lastMoveTo = bucket;
            lead.lastMoveAt = at;
            lead.lastMoveCycles = cyclesNow;
            log.add(tracker.pair() + ": move " + item.id() + " of " + lead + " " + item.bucket() + " -> " + bucket
                    + " (after cycle " + cyclesNow + (revert ? ", undoes an unseen move" : "") + ")");
            return true;
        });
    }

    private boolean archiveItem(LeadHistory lead) {
        return tracker.locked(() -> {
            Item item = openItem(lead);
            if (item == null) {
                return skip(tracker.pair() + ": archive item of " + lead + " (no open item)");
            }
            tracker.archive(item.id(), true);
            markGone(lead, "archive " + item.id());
            return true;
        });
    }

    private boolean deleteItem(LeadHistory lead) {
        int pick = random.nextInt(1_000);
        return tracker.locked(() -> {
            List<Item> items = tracker.itemsOf(lead.recordId);
            if (items.isEmpty()) {
                return skip(tracker.pair() + ": delete item of " + lead + " (none)");
            }
            Item item = items.get(pick % items.size());
            boolean linked = record(lead).map(r -> item.id().equals(r.field(tracker.linkField()))).orElse(false);
            tracker.delete(item.id());
            lead.deletedItems.add(item.id());
            if (!linked) {
                lead.deletedBeforeLinked.add(item.id());
            }
            markGone(lead, "delete " + (item.archived() ? "archived " : "") + item.id() + (linked ? "" : " (not linked yet)"));
            lead.goneAmbiguous |= !linked;
            return true;
        });
    }

    private void markGone(LeadHistory lead, String what) {
        long at = System.currentTimeMillis();
        lead.goneAt = at;
        // the sync archives the item of a lead whose status has none; a person doing the same within a few
        // cycles of that is indistinguishable from the sync's own archive
        lead.goneAmbiguous = lead.noItemStatusUntil > at - 5_000;
        log.add(tracker.pair() + ": " + what + " of " + lead + (lead.goneAmbiguous ? " (lead had no-item status)" : ""));
    }

    private boolean restoreItem(LeadHistory lead) {
        return tracker.locked(() -> {
            if (!lead.gone()) {
                return skip(tracker.pair() + ": restore item of " + lead + " (not archived by a person)");
            }
            List<Item> archived = tracker.itemsOf(lead.recordId).stream().filter(Item::archived).toList();
            if (archived.isEmpty() || tracker.itemsOf(lead.recordId).stream().anyMatch(i -> !i.archived())) {
                return skip(tracker.pair() + ": restore item of " + lead + " (nothing to restore)");
            }
            tracker.archive(archived.get(0).id(), false);
            lead.restoredAt = System.currentTimeMillis();
            log.add(tracker.pair() + ": restore " + archived.get(0).id() + " of " + lead);
            return true;
        });
    }

    private boolean renameItem(LeadHistory lead) {
        String name = "Card name " + (++counter);
        return tracker.locked(() -> {
            Item item = openItem(lead);
            if (item == null) {
                return skip(tracker.pair() + ": rename item of " + lead + " (no open item)");
            }
            tracker.rename(item.id(), name);
            lead.lastItemRename = name;
            lead.lastItemRenameAt = System.currentTimeMillis();
            log.add(tracker.pair() + ": rename " + item.id() + " of " + lead + " to '" + name + "'");
            return true;
        });
    }

    private Item openItem(LeadHistory lead) {
        List<Item> open = new ArrayList<>(tracker.itemsOf(lead.recordId).stream().filter(i -> !i.archived()).toList());
        return open.isEmpty() ? null : open.get(0);
    }

    private boolean skip(String what) {
        log.add("skip " + what);
        return false;
    }
}
