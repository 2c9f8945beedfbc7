package io.leadsync.sync;

import java.time.Clock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.WriteBackIds;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Airtable table <-> one work tracker: the push side of a pair's YAML route, bound as {@code <pair>Sync}. The
 * cycle's read and detect steps are {@link SyncCycle}'s ({@code <pair>Cycle}); then the route splits the changes
 * through an idempotent consumer into the route of each kind of change (steps on {@link #itemWrites()} and
 * {@link #leadWrites()}, then {@link #applied}; {@link #writeBacksReady} after each: card ids written back to
 * Airtable as soon as 10 are ready), asks for the remaining {@link #followUps} and ends with {@link #completeCycle}.
 * A push that failed ends in the step its kind of failure has here. What a cycle's pushes leave behind is in its
 * exchange ({@link PushTally}); the fields are what outlives a cycle.
 */
public final class SyncPair implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPair.class);

    private final String name;
    private final String trackerKind;
    private final Supplier<Set<String>> tableFields;
    private volatile boolean connected;
    /** Why the pair could not connect when its cycle last tried: each reason is logged once. */
    private String notConnectedBecause;
    private final WorkTracker tracker;
    private final SafetyRail rail;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final Runnable connectTracker;
    private String linkField;
    private long writeBackSerial;
    private final SyncCycle cycle;
    private final Clock clock;
    private final ItemWrites itemWrites;
    private final LeadWrites leadWrites;

    /**
     * @param name           the pair's name: its state files, its idempotency keys, its log lines
     * @param trackerKind    trello or clickup: the routes its cycle reads and writes items through
     * @param connectTracker checks the credentials, the board/list and the mapping
     * @param tableFields    checks the table (once for every pair on it) and names its fields
     * @param origins        where the statuses this pair writes to leads are journaled, with why (their items' moves)
     * @param audit          where each change that landed is recorded (the activity log)
     * @param linkField      Airtable field that receives the card/task id, or null when the table has none
     */
    public SyncPair(String name, String trackerKind, AirtableClient airtable, LeadSchema schema, WorkTracker tracker,
                    Runnable connectTracker, Supplier<Set<String>> tableFields, SyncPlanner planner, SafetyRail rail,
                    LinkStore links, DeadLetterStore deadLetters, StatusOriginJournal origins, AuditLog audit,
                    String linkField, long reconcileEveryMillis, long overlapMillis, Clock clock) {
        this.name = name;
        this.trackerKind = trackerKind;
        this.tableFields = tableFields;
        this.rail = rail;
        this.connectTracker = connectTracker;
        this.tracker = tracker;
        this.links = links;
        this.deadLetters = deadLetters;
        this.linkField = linkField;
        SeenAtWrite seenAtWrite = new SeenAtWrite(); // outlives a cycle: read by the next ones
        this.cycle = new SyncCycle(name, airtable, schema, tracker, planner, rail, links, deadLetters, seenAtWrite,
                linkField, reconcileEveryMillis, overlapMillis, clock);
        this.clock = clock;
        this.itemWrites = new ItemWrites(name, tracker, links, seenAtWrite, this::created, planner.lateWrites(),
                audit, clock);
        this.leadWrites = new LeadWrites(name, airtable, schema, links, deadLetters, seenAtWrite, origins, audit,
                trackerKind, clock);
    }

    public String name() {
        return name;
    }

    /** trello or clickup: the cycle's exchange property tracker, which names the routes of its items. */
    public String trackerKind() {
        return trackerKind;
    }

    /** Whether the pair has connected (its table, board or list and mapping checked). */
    public boolean connected() {
        return connected;
    }

    /** The pair's safety rail: its pending hold, and an operator's approval or discard of it. */
    public SafetyRail rail() {
        return rail;
    }

    /**
     * An operator's resync of a linked lead: the next cycle reads both sides whole and decides the lead and its item
     * again as if their shadow were lost ({@link SyncPlanner#resync}). False when the lead has no live link (an
     * unlinked lead is decided by every cycle anyway).
     */
    public boolean resync(String recordId) {
        if (!live(links.byRecord(recordId))) {
            return false;
        }
        cycle.planner().resync(recordId);
        cycle.readAllNext();
        return true;
    }

    /** The read and detect steps of the cycle, bound as {@code <pair>Cycle}. */
    public SyncCycle cycle() {
        return cycle;
    }

    /** The steps of the routes that write cards/tasks, bound as {@code <pair>ItemWrites}. */
    public ItemWrites itemWrites() {
        return itemWrites;
    }

    /** The steps of the routes that write to Airtable, bound as {@code <pair>LeadWrites}. */
    public LeadWrites leadWrites() {
        return leadWrites;
    }

    /**
     * Checks the tracker and its mapping, and the table and whether it can take the item ids; throws an
     * {@link IllegalStateException} whose message says what to fix.
     */
    public synchronized void connect() {
        try {
            Set<String> fields = tableFields.get();
            connectTracker.run();
            if (linkField != null && !fields.contains(linkField)) {
                LOG.info("Airtable table has no field '{}': {} ids are not written back (optional)", linkField,
                        name());
                linkField = null;
                cycle.linkField(null);
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Pair '" + name + "': " + e.getMessage(), e);
        }
        connected = true;
    }

    /**
     * A step at the start of each cycle: true while the pair cannot connect (a pair added while leadsync runs connects
     * before its first cycle; one of start-up has connected already). Each reason is logged once, as an ERROR,
     * and tried again quietly on every tick until the pair's file (or the service) is fixed.
     */
    public synchronized boolean unconnected() {
        if (connected) {
            return false;
        }
        try {
            connect();
            notConnectedBecause = null;
            LOG.info("pair {} connected", name);
            return false;
        } catch (RuntimeException e) {
            String reason = e.getMessage();
            if (!Objects.equals(reason, notConnectedBecause)) {
                notConnectedBecause = reason;
                LOG.error("{}{} does not run until that is fixed", reason, reason != null && reason.endsWith(".")
                        ? " The pair" : "; the pair");
            }
            return true;
        }
    }

    /** Why the pair could not connect when its cycle last tried, or null. */
    public synchronized String notConnectedBecause() {
        return connected ? null : notConnectedBecause;
    }

    /** A pair whose route now connects something else is made anew: this one lets its state files go. */
    @Override
    public void close() {
        links.close();
    }

    /**
     * Reads the pair's links and hold again from the state storage, dropping what memory held: for a node that
     * gains the pair (it sees what the previous leader wrote). The pause flag is the cadence's
     * ({@link CycleCadence#reloadState}).
     */
    public synchronized void reloadState() {
        links.reload();
        rail.reload();
    }

    static boolean live(Link link) {
        return link != null && !link.pending() && !link.detached();
    }

    /**
     * The last step of every push: the change's key may now be recorded by the route's idempotent consumer (only a
     * change marked so is, whatever path its exchange took to completion).
     */
    public void applied(Change change, Exchange exchange) {
        exchange.setProperty(DurableIdempotentRepository.APPLIED, true);
        exchange.getProperty(PushTally.PROPERTY, PushTally.class).applied(change);
        LOG.info("{}", change.summary());
    }

    /**
     * An action the route did not start because leadsync is stopping: it is planned again by a later cycle (the
     * read cursors stay where they are).
     */
    public synchronized void notStarted(Change action, @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        if (tally.notStarted.isEmpty()) {
            LOG.info("stopping: changes not started yet are left for the next run");
        }
        tally.notStarted(action);
    }

    /**
     * The change's state could not be stored (the state database went away, and said so once): it is not written,
     * and neither is any later change of the cycle; all are planned again once the state can be stored.
     */
    public synchronized void stateUnavailable(Change change, @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        tally.loseState(change);
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
    public synchronized List<Change> writeBacksReady(@ExchangeProperty(PushTally.PROPERTY) PushTally tally,
                                                    @ExchangeProperty(SyncCycle.STARTED) long cycleStarted) {
        return tally.writeBackFailed ? List.of() : writeBacks(false, cycleStarted);
    }

    /** At the end of a cycle: every card/task id still owed to Airtable, in batches of 10. */
    public synchronized List<Change> followUps(@ExchangeProperty(SyncCycle.STARTED) long cycleStarted) {
        return writeBacks(true, cycleStarted);
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

    private List<Change> writeBacks(boolean all, long cycleStarted) {
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
                                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                             @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        failed(change, PushTally.Failure.UNCERTAIN, tally);
        deadLetters.record(name(), change.recordId(), change.sourceModified(), change.summary()
                + " may or may not have happened (" + reason(cause) + "); the next cycle looks for it by its marker "
                + "before creating anything", false);
    }

    /**
     * A person changed the target after the cycle read it: the same window is read again, or an incremental read
     * would never show that change to the next cycle's decision.
     */
    public synchronized void changedMeanwhile(Change change,
                                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                              @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        failed(change, PushTally.Failure.CHANGED_MEANWHILE, tally);
        LOG.info("{}: {}", change.summary(), reason(cause));
    }

    /** Retries exhausted (or cut short by a stop): the next cycle reads the same window again. */
    public synchronized void transientFailure(Change change,
                                              @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                              @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        failed(change, PushTally.Failure.TRANSIENT, tally);
        deadLetters.record(name(), change.recordId(), change.sourceModified(), change.summary() + ": "
                + reason(cause), false);
    }

    /** Refused by the service, or bad data: dead-lettered and skipped until the record changes. */
    public synchronized void refused(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                     @ExchangeProperty(PushTally.PROPERTY) PushTally tally) {
        failed(change, PushTally.Failure.REFUSED, tally);
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
    private void failed(Change change, PushTally.Failure kind, PushTally tally) {
        boolean mayHaveLanded = kind == PushTally.Failure.UNCERTAIN;
        tally.failed(kind, change);
        tally.writeBackFailed |= change instanceof WriteBackIds;
        Link link = links.byRecord(change.recordId());
        if (change instanceof CreateItem && !mayHaveLanded && link != null && link.pending()) {
            links.remove(change.recordId());
        }
    }

    /**
     * Advances the polling cursors (the exchange properties the snapshot step set), unless something failed or was
     * left undecided and must be read again.
     */
    public synchronized void completeCycle(@ExchangeProperty(PushTally.PROPERTY) PushTally tally, @ExchangeProperty(SyncCycle.FULL) boolean full,
                                           @ExchangeProperty(SyncCycle.STARTED) long started,
                                           @Variable(SyncCycle.DECISIONS) Decisions decided, Exchange exchange) {
        rail.cycleCompleted();
        Set<Change> retryable = tally.retryable;
        Set<Change> notStarted = tally.notStarted;
        // Card ids owed to Airtable place nothing: a write-back left for later (a 429, a stop) must not keep the
        // mapping's cursors behind, or a later mapping edit is compared with the wrong one and its moves are lost.
        // A change to an item that was not started or failed is still to come: then the mapping only joins the ones
        // items may still be placed by, and the rendering and filter cursors stay.
        boolean allPlaced = java.util.stream.Stream.concat(retryable.stream(), notStarted.stream())
                .allMatch(c -> c instanceof WriteBackIds);
        if (decided != null) {
            // placed all: every linked item is placed and rendered by this mapping, every lead judged by its filter
            decided.mappingCursors(links.cursor(SyncPlanner.MAPPING_CURSOR), full && allPlaced && !rail.holding())
                    .forEach(links::saveCursor);
        }
        if (full || tally.planned > 0 || !retryable.isEmpty()) {
            LOG.info("cycle completed in {} ms: {} change(s) planned, {} to retry",
                    clock.millis() - started, tally.planned, retryable.size() + notStarted.size());
        }
        if (full) {
            cycle.fullReadCompleted(retryable.isEmpty() && notStarted.isEmpty());
        }
        if (!notStarted.isEmpty()) {
            return;
        }
        if (!retryable.isEmpty()) {
            LOG.warn("{} change(s) not pushed (failed, or the target changed meanwhile); the same window is read again next cycle",
                    retryable.size());
            return;
        }
        if (decided != null && !decided.undecided().isEmpty()) {
            return;
        }
        String nextAirtableCursor = exchange.getProperty(SyncCycle.NEXT_AIRTABLE_CURSOR, String.class);
        if (nextAirtableCursor != null) {
            links.saveCursor(SyncCycle.AIRTABLE_CURSOR, nextAirtableCursor);
        }
        String nextTrackerCursor = exchange.getProperty(SyncCycle.NEXT_TRACKER_CURSOR, String.class);
        if (nextTrackerCursor != null) {
            links.saveCursor(SyncCycle.TRACKER_CURSOR, nextTrackerCursor);
        }
    }
}
