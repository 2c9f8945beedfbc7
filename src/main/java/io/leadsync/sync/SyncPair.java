package io.leadsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.Formula;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.WriteBackIds;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Airtable table <-> one work tracker: the bean behind a pair's YAML route. Each timer tick the route calls
 * {@link #plan()}, splits the changes through an idempotent consumer into the route of each kind of change (steps on
 * {@link #itemWrites()} and {@link #leadWrites()}, then {@link #applied}; {@link #writeBacksReady()} after each: card
 * ids written back to Airtable as soon as 10 are ready), asks for the remaining {@link #followUps()} and ends with
 * {@link #completeCycle()}. A push that failed ends in the step its kind of failure has here.
 */
public final class SyncPair {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPair.class);
    private static final String AIRTABLE_CURSOR = "airtable";
    private static final String TRACKER_CURSOR = "tracker";

    private final AirtableClient airtable;
    private final LeadSchema schema;
    private final WorkTracker tracker;
    private final SyncPlanner planner;
    private final PersistDecisions persist;
    private final SafetyRail rail;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final Runnable connectTracker;
    private String linkField;
    private final long reconcileEveryMillis;
    private final long overlapMillis;
    private final Clock clock;

    private long lastFullRead;
    private String nextAirtableCursor;
    private String nextTrackerCursor;
    private final Set<Change> retryable = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Change> notStarted = Collections.newSetFromMap(new IdentityHashMap<>());
    private Set<String> unsettledByFullRead = Set.of();
    private long writeBackSerial;
    private boolean writeBackFailed;
    private final SeenAtWrite seenAtWrite = new SeenAtWrite();
    private final ItemWrites itemWrites;
    private final LeadWrites leadWrites;
    private Progress progress;
    private long cycleStarted;
    private boolean cycleFull;
    private int cycleActions;
    /** What the last plan left undecided, and the mapping placements it was made with. */
    private Set<String> undecided = Set.of();
    private String placements;

    /**
     * @param linkField Airtable field that receives the card/task id, or null when the table has none
     * @param clock leadsync's own time: when a cycle runs, reconciles and decides (tests move it on)
     */
    public SyncPair(AirtableClient airtable, LeadSchema schema, WorkTracker tracker, Runnable connectTracker,
                    SyncPlanner planner, PersistDecisions persist, SafetyRail rail, LinkStore links,
                    DeadLetterStore deadLetters, String linkField, long reconcileEveryMillis, long overlapMillis,
                    Clock clock) {
        this.rail = rail;
        this.connectTracker = connectTracker;
        this.airtable = airtable;
        this.schema = schema;
        this.tracker = tracker;
        this.planner = planner;
        this.persist = persist;
        this.links = links;
        this.deadLetters = deadLetters;
        this.linkField = linkField;
        this.reconcileEveryMillis = reconcileEveryMillis;
        this.overlapMillis = overlapMillis;
        this.clock = clock;
        this.itemWrites = new ItemWrites(tracker, links, deadLetters, seenAtWrite, this::created, clock);
        this.leadWrites = new LeadWrites(tracker.name(), airtable, schema, links, deadLetters, seenAtWrite);
    }

    public String name() {
        return tracker.name();
    }

    /** The steps of the routes that write cards/tasks, bound as {@code <pair>ItemWrites}. */
    public ItemWrites itemWrites() {
        return itemWrites;
    }

    /** The steps of the routes that write to Airtable, bound as {@code <pair>LeadWrites}. */
    public LeadWrites leadWrites() {
        return leadWrites;
    }

    /** Start-up: checks the tracker and its mapping, and whether the table can take the item ids. */
    public void connect(Set<String> tableFields) {
        connectTracker.run();
        if (linkField != null && !tableFields.contains(linkField)) {
            LOG.info("Airtable table has no field '{}': {} ids are not written back (optional)", linkField, name());
            linkField = null;
        }
    }

    /** Reads both sides (incrementally when it can) and decides what to push. Never throws: a failed read skips the cycle. */
    public synchronized List<Change> plan() {
        retryable.clear();
        notStarted.clear();
        writeBackFailed = false;
        long now = clock.millis();
        cycleStarted = now;
        cycleFull = false;
        cycleActions = 0;
        try {
            rail.readRequests();
            // a create of unknown outcome, or a relinked item whose lead was not read yet, needs a full read; so do
            // an approved hold and an edited mapping (unless removals it causes are held: then a hold's approval).
            // What a full read could not settle (the lead's status is outside the mapping, the lead is
            // quarantined) waits for the lead's next edit, which an incremental read sees
            boolean unresolved = links.unresolved().stream().anyMatch(id -> !unsettledByFullRead.contains(id));
            boolean mappingChanged = planner.mappingChanged();
            boolean full = lastFullRead == 0 || now - lastFullRead >= reconcileEveryMillis || unresolved
                    || links.cursor(AIRTABLE_CURSOR) == null || seenAtWrite.fullReadWanted() || rail.fullReadWanted()
                    || mappingChanged && !rail.holding();
            String cursor = links.cursor(AIRTABLE_CURSOR);
            long leadsReadAt = clock.millis(); // the leads are read after this, the items after them
            AirtableClient.Listing listing = full ? airtable.list(null, schema) : airtable.list(
                    Formula.modifiedAfter(Instant.parse(cursor).minusMillis(overlapMillis)), schema);
            Map<String, Lead> leads = new LinkedHashMap<>(listing.leads());
            TrackerRead read = full ? tracker.readAll()
                    : tracker.readChanges(links.cursor(TRACKER_CURSOR), this::lastSynced);
            if (!read.complete() && planner.needsMarkers(leads.values())) {
                read = new TrackerRead(tracker.readAll().items(), true, read.cursor());
            }
            Map<String, TrackerItem> items = new LinkedHashMap<>();
            read.items().forEach(i -> items.put(i.id(), i));
            seenAtWrite.addSeen(leads, full, items, read.complete());
            Map<String, TrackerItem> markers = read.complete()
                    ? markers(read.items(), new CrossReferences(leads.values(), linkField)) : null;
            // the next read starts where this one's snapshot was taken (less the overlap), not at the newest
            // change seen: what changed while it ran is read again, and an idle window slides forward
            Instant snapshot = Instant.ofEpochMilli(listing.snapshotAt());
            nextAirtableCursor = (cursor != null && snapshot.isBefore(Instant.parse(cursor)) ? Instant.parse(cursor)
                    : snapshot).toString();
            if (markers != null) {
                addArchivedCreations(markers);
            }
            nextTrackerCursor = read.cursor();
            Decisions decided = planner.plan(new SyncPlanner.Snapshot(leads, full, items, read.complete(),
                    markers, leadsReadAt, linkField, now));
            Effects effects = decided.afterRail(rail.filter(decided.removals(), decided.linked(),
                    full && read.complete()));
            persist.persist(effects); // before any of the writes can land, or be lost to a crash
            List<Change> actions = effects.changes();
            if (full && mappingChanged) {
                LOG.info("mapping changed: {} items will move", decided.remapped());
            }
            logMatches(lastFullRead == 0, decided.matchCounts());
            undecided = decided.undecided();
            placements = decided.placements();
            if (!undecided.isEmpty()) {
                LOG.info("lead(s) {} and their items changed at about the same time (the item after the lead "
                        + "was read): decided next cycle, after reading both again", undecided);
            }
            oweDifferingLinkFields(leads.values());
            if (full) {
                lastFullRead = now;
                seenAtWrite.fullReadDone();
            }
            cycleFull = full;
            cycleActions = actions.size();
            boolean quiet = !full && leads.isEmpty() && items.isEmpty() && actions.isEmpty();
            String line = "{} cycle: {} lead(s) and {} item(s) read, {} change(s) to push";
            if (quiet) { // an idle cycle every few seconds would drown the log
                LOG.debug(line, "incremental", 0, 0, 0);
            } else {
                LOG.info(line, full ? "full" : "incremental", leads.size(), items.size(), actions.size());
            }
            progress = new Progress(actions.size());
            return actions;
        } catch (RuntimeException e) {
            LOG.error("cycle skipped: {}", e.getMessage());
            nextAirtableCursor = null;
            nextTrackerCursor = null;
            return List.of();
        }
    }

    /**
     * Every lead read whose link field does not hold its linked item's id (a write-back lost to a stop, an item
     * adopted by its marker, a field a person cleared or changed) owes a write-back; a full read so repairs them
     * all. A detached link (the item was archived or deleted in the tracker) leaves the field as it is.
     */
    private void oweDifferingLinkFields(Collection<Lead> leads) {
        if (linkField == null) {
            return;
        }
        List<String> owed = new ArrayList<>();
        for (Lead lead : leads) {
            Link link = links.byRecord(lead.id());
            if (live(link) && !link.itemId().equals(lead.field(linkField))) {
                owed.add(lead.id());
            }
        }
        links.oweLinkFields(owed);
    }

    private static boolean live(Link link) {
        return link != null && !link.pending() && !link.detached();
    }

    /** The item as the last sync left it (the link's shadow), or null when no live link names it. */
    private TrackerItem lastSynced(String itemId) {
        Link link = links.byItem(itemId);
        if (link == null || link.pending()) {
            return null;
        }
        return new TrackerItem(itemId, link.name(), link.description(), link.bucket(), link.bucket() == null, false,
                link.itemModified(), link.recordId());
    }

    /**
     * A create whose answer was lost may have made an item that a person archived before leadsync linked it:
     * such items are looked up among the archived ones, so that the archive counts (unlink) instead of a
     * second item being created.
     */
    private void addArchivedCreations(Map<String, TrackerItem> markers) {
        Set<String> lost = new HashSet<>();
        links.all().stream().filter(l -> l.pending() && l.status() != null && !markers.containsKey(l.recordId()))
                .forEach(l -> lost.add(l.recordId()));
        if (!lost.isEmpty()) {
            tracker.archived().stream().filter(i -> lost.contains(i.recordId()))
                    .forEach(i -> markers.putIfAbsent(i.recordId(), i));
        }
    }

    /**
     * record id -> item, from the markers/cross-references on items; a duplicated marker is reported, and the
     * item that counts is the same whatever order the items were read in (see {@link CrossReferences#preferred}).
     */
    private Map<String, TrackerItem> markers(List<TrackerItem> items, CrossReferences crossReferences) {
        Map<String, TrackerItem> byRecord = new HashMap<>();
        for (TrackerItem item : items) {
            if (item.recordId() == null || item.deleted()) {
                continue;
            }
            TrackerItem other = byRecord.putIfAbsent(item.recordId(), item);
            if (other != null) {
                TrackerItem counts = crossReferences.preferred(other, item);
                byRecord.put(item.recordId(), counts);
                // reported, not quarantined: the quarantine is keyed by a time, and an item's time that equals the
                // lead's would hold the lead back until it changes
                deadLetters.record(name(), item.recordId(), Math.max(item.modifiedAt(), other.modifiedAt()), "items "
                        + other.id() + " and " + item.id() + " both carry the marker of this lead; using "
                        + counts.id(), false);
            }
        }
        return byRecord;
    }

    /** The start-up cycle says what happened to leads without an item; later ones only when one was matched or ambiguous. */
    private void logMatches(boolean startUp, SyncPlanner.MatchCounts counts) {
        if (startUp || counts.matched() > 0 || counts.ambiguous() > 0) {
            LOG.info("leads without an item: {} matched to an existing item, {} to create, {} ambiguous "
                    + "(left alone, see dead-letters.jsonl)", counts.matched(), counts.created(),
                    counts.ambiguous());
        }
    }

    /**
     * The last step of every push: the change's key may now be recorded by the route's idempotent consumer (only a
     * change marked so is, whatever path its exchange took to completion).
     */
    public void applied(Change change, Exchange exchange) {
        exchange.setProperty(DurableIdempotentRepository.APPLIED, true);
        if (!(change instanceof WriteBackIds)) {
            progress.step();
        }
        LOG.info("{}", change.summary());
    }

    /**
     * An action the route did not start because leadsync is stopping: it is planned again by a later cycle (the
     * read cursors stay where they are).
     */
    public synchronized void notStarted(Change action) {
        if (notStarted.isEmpty()) {
            LOG.info("stopping: changes not started yet are left for the next run");
        }
        notStarted.add(action);
    }

    private void created(String recordId) {
        if (linkField != null) {
            links.oweLinkFields(List.of(recordId));
        }
    }

    /**
     * Card/task ids to write back to Airtable now: a batch of 10 as soon as 10 are owed, else nothing (and nothing
     * more once one failed this cycle: Airtable is not retried after every create, the end of the cycle tries).
     */
    public synchronized List<Change> writeBacksReady() {
        return writeBackFailed ? List.of() : writeBacks(false);
    }

    /** At the end of a cycle: every card/task id still owed to Airtable, in batches of 10. */
    public synchronized List<Change> followUps() {
        return writeBacks(true);
    }

    /**
     * A status write to the lead whose outcome is not known yet is judged by whether the lead changed after it
     * (see {@link UnsettledWrites}); the id written into the lead's link field would look like such a change, so it
     * waits until the next read has settled that write.
     */
    private boolean awaitsAStatusWrite(String recordId) {
        LinkStore.Intent intent = links.intent(recordId);
        return intent != null && !intent.itemWrite();
    }

    private List<Change> writeBacks(boolean all) {
        List<Change> out = new ArrayList<>();
        if (linkField == null) {
            return out;
        }
        List<String> gone = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String id : links.linkFieldsOwed()) {
            if (!live(links.byRecord(id))) {
                gone.add(id);
            } else if (!awaitsAStatusWrite(id)) {
                ids.add(id);
            }
        }
        links.linkFieldsWritten(gone); // unlinked meanwhile: nothing to write
        for (int from = 0; from < ids.size(); from += AirtableClient.MAX_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + AirtableClient.MAX_BATCH));
            if (!all && batch.size() < AirtableClient.MAX_BATCH) {
                break;
            }
            Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
            for (String id : batch) {
                fields.put(id, Map.of(linkField, links.byRecord(id).itemId()));
            }
            // no next links: a write-back changes no shadow and must not settle a write of unknown outcome; a fresh
            // key each time: the same id is written again after a person cleared the field
            out.add(new WriteBackIds(batch.get(0), fields, WriteBackIds.KEY_PREFIX + name() + "|"
                    + ChangeKeys.digest(fields.toString()) + "|" + cycleStarted + "|" + ++writeBackSerial, "write "
                    + fields.size() + " " + name() + " id(s) back to Airtable field '" + linkField + "'"));
        }
        return out;
    }

    // What a failed push leaves behind. Each is the step of one onException in sync-errors.camel.yaml, the one
    // place that tells failures apart.

    /**
     * A create whose outcome is unknown stays written ahead, so the next cycles look for its marker before creating
     * again.
     */
    public synchronized void uncertainCreate(Change change,
                                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        failed(change, true);
        deadLetters.record(name(), change.recordId(), change.sourceModified(), change.summary()
                + " may or may not have happened (" + reason(cause) + "); the next cycle looks for it by its marker "
                + "before creating anything", false);
    }

    /**
     * A person changed the target after the cycle read it: the same window is read again, or an incremental read
     * would never show that change to the next cycle's decision.
     */
    public synchronized void changedMeanwhile(Change change,
                                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        failed(change, false);
        retryable.add(change);
        LOG.info("{}: {}", change.summary(), reason(cause));
    }

    /** Retries exhausted (or cut short by a stop): the next cycle reads the same window again. */
    public synchronized void transientFailure(Change change,
                                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        failed(change, false);
        retryable.add(change);
        deadLetters.record(name(), change.recordId(), change.sourceModified(), change.summary() + ": "
                + reason(cause), false);
    }

    /** Refused by the service, or bad data: dead-lettered and skipped until the record changes. */
    public synchronized void refused(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        failed(change, false);
        deadLetters.record(name(), change.recordId(), change.sourceModified(), change.summary() + ": "
                + reason(cause), true);
    }

    private static String reason(Exception cause) {
        return cause == null ? "unknown error" : cause.getMessage();
    }

    /**
     * Airtable is not retried after every create once a write-back failed (the end of the cycle tries); a create
     * that certainly did not happen has no reason to wait for its item to land.
     */
    private void failed(Change change, boolean mayHaveLanded) {
        writeBackFailed |= change instanceof WriteBackIds;
        Link link = links.byRecord(change.recordId());
        if (change instanceof CreateItem && !mayHaveLanded && link != null && link.pending()) {
            links.remove(change.recordId());
        }
    }

    /** Advances the polling cursors, unless something failed or was left undecided and must be read again. */
    public synchronized void completeCycle() {
        rail.cycleCompleted();
        if (cycleFull && retryable.isEmpty() && !rail.holding()) {
            links.saveCursor(SyncPlanner.MAPPING_CURSOR, placements); // every linked item is now placed by it
        }
        if (cycleFull || cycleActions > 0 || !retryable.isEmpty()) {
            LOG.info("cycle completed in {} ms: {} change(s) planned, {} to retry",
                    clock.millis() - cycleStarted, cycleActions, retryable.size() + notStarted.size());
        }
        if (cycleFull) {
            // what this full read left unresolved, with nothing to retry, another full read would not resolve
            // either; pending creates are not among them: they resolve once their wait is over
            unsettledByFullRead = retryable.isEmpty() && notStarted.isEmpty() ? links.unresolved().stream()
                    .filter(id -> !links.byRecord(id).pending()).collect(java.util.stream.Collectors.toSet())
                    : Set.of();
        }
        if (!notStarted.isEmpty()) {
            return;
        }
        if (!retryable.isEmpty()) {
            LOG.warn("{} change(s) not pushed (failed, or the target changed meanwhile); the same window is read again "
                    + "next cycle", retryable.size());
            return;
        }
        if (!undecided.isEmpty()) {
            return;
        }
        if (nextAirtableCursor != null) {
            links.saveCursor(AIRTABLE_CURSOR, nextAirtableCursor);
        }
        if (nextTrackerCursor != null) {
            links.saveCursor(TRACKER_CURSOR, nextTrackerCursor);
        }
    }
}
