package io.leadsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.leadsync.airtable.AirtableBodies;
import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.Formula;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.http.ApiFailures;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StateUnavailableException;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read and detect steps of a pair's cycle (routes/sync-cycle.camel.yaml), bound as {@code <pair>Cycle}: choose
 * the read, the requests of the leads and the items and what the routes read, build the snapshot, let the safety rail filter the decisions, log the
 * cycle. What one cycle decides travels in its exchange (properties and variables named here); the fields hold
 * only what must outlive a cycle: when the last full read was, what it could not settle, what was seen at a write.
 */
public final class SyncCycle {

    /** Exchange properties of a cycle. */
    public static final String STARTED = "cycleStarted";
    public static final String FULL = "fullRead";
    static final String MAPPING_CHANGED = "mappingChanged";
    static final String LEADS_READ_AT = "leadsReadAt";
    private static final String LISTING_STARTED = "leadsListingStarted";
    static final String NEXT_AIRTABLE_CURSOR = "nextAirtableCursor";
    static final String NEXT_TRACKER_CURSOR = "nextTrackerCursor";
    /** Exchange variables of a cycle: what was read, what was decided. */
    static final String LEADS = "leads";
    static final String ITEMS = "items";
    static final String ALL_ITEMS = "allItems";
    public static final String DECISIONS = "decisions";
    static final String AIRTABLE_CURSOR = "airtable";
    static final String TRACKER_CURSOR = "tracker";

    // logged as the pair's own lines
    private static final Logger LOG = LoggerFactory.getLogger(SyncPair.class);

    private final String name;
    private final AirtableClient airtable;
    private final LeadSchema schema;
    private final WorkTracker tracker;
    private final SyncPlanner planner;
    private final SafetyRail rail;
    private final LinkStore links;
    private final DeadLetterStore deadLetters;
    private final SeenAtWrite seenAtWrite;
    private final long reconcileEveryMillis;
    private final long overlapMillis;
    private final Clock clock;
    private String linkField;

    // outlive a cycle
    private long lastFullRead;
    private Set<String> unsettledByFullRead = Set.of();
    /** The tally of the cycle running now (or of the last one): what the pair's watch shows of a push. */
    private volatile PushTally current;
    /** An operator's action needs the next cycle to read everything (a dead letter released, a resync). */
    private volatile boolean fullReadAsked;

    SyncCycle(String name, AirtableClient airtable, LeadSchema schema, WorkTracker tracker, SyncPlanner planner, SafetyRail rail,
              LinkStore links, DeadLetterStore deadLetters, SeenAtWrite seenAtWrite, String linkField,
              long reconcileEveryMillis, long overlapMillis, Clock clock) {
        this.name = name;
        this.airtable = airtable;
        this.schema = schema;
        this.tracker = tracker;
        this.planner = planner;
        this.rail = rail;
        this.links = links;
        this.deadLetters = deadLetters;
        this.seenAtWrite = seenAtWrite;
        this.linkField = linkField;
        this.reconcileEveryMillis = reconcileEveryMillis;
        this.overlapMillis = overlapMillis;
        this.clock = clock;
    }

    void linkField(String field) {
        this.linkField = field;
    }

    /** The tally of the cycle running now, or of the last one (null before the first). */
    public PushTally current() {
        return current;
    }

    /** The cycle's detection, pure: bound as {@code <pair>Planner}. */
    public SyncPlanner planner() {
        return planner;
    }

    /**
     * The next cycle reads both sides completely: an operator released a dead letter or asked for a resync, and an
     * incremental read would not show a lead that did not change since.
     */
    public void readAllNext() {
        fullReadAsked = true;
    }

    /**
     * First step: full or incremental. A create of unknown outcome, or a relinked item whose lead was not read
     * yet, needs a full read; so do an approved hold and an edited mapping (unless removals it causes are held:
     * then a hold's approval). What a full read could not settle (the lead's status is outside the mapping, the
     * lead is quarantined) waits for the lead's next edit, which an incremental read sees.
     */
    public void chooseRead(Exchange exchange) {
        long now = clock.millis();
        // first: the cycle's end needs them even when what follows fails
        exchange.setProperty(STARTED, now);
        exchange.setProperty(FULL, false);
        current = new PushTally(clock::millis);
        exchange.setProperty(PushTally.PROPERTY, current);
        // the state database was away when the last cycle wrote: plan from what it holds
        links.reloadIfRefused();
        rail.readRequests();
        boolean unresolved = links.unresolved().stream().anyMatch(id -> !unsettledByFullRead.contains(id));
        boolean mappingChanged = planner.mappingChanged();
        boolean asked = fullReadAsked;
        fullReadAsked = false;
        boolean full = asked || lastFullRead == 0 || now - lastFullRead >= reconcileEveryMillis || unresolved
                || links.cursor(AIRTABLE_CURSOR) == null || seenAtWrite.fullReadWanted() || rail.fullReadWanted()
                || mappingChanged && !rail.holding();
        exchange.setProperty(FULL, full);
        exchange.setProperty(MAPPING_CHANGED, mappingChanged);
    }

    /**
     * The request of the leads to read (direct:airtable-read-leads): every lead (full), or those modified since the
     * cursor less the overlap.
     */
    public void leadsRequest(@ExchangeProperty(FULL) boolean full, Exchange exchange) {
        exchange.setProperty(LEADS_READ_AT, clock.millis()); // the items are read after the leads
        exchange.setProperty(LISTING_STARTED, System.currentTimeMillis()); // compared with the service's clock
        String cursor = links.cursor(AIRTABLE_CURSOR);
        airtable.listingRequest(full ? null : Formula.modifiedAfter(Instant.parse(cursor).minusMillis(overlapMillis)),
                exchange.getMessage());
    }

    /** The pages the listing route read, as leads. */
    public AirtableClient.Listing leads(List<AirtableBodies.RecordsPage> pages,
                                       @Header(ApiFailures.SERVER_TIME) long serverTime,
                                       @ExchangeProperty(LISTING_STARTED) long started) {
        return airtable.listing(pages, serverTime, started, schema);
    }

    /** The request of the items' read of changes (direct:&lt;pair&gt;-read-changes): its cursor, the shadows. */
    public void itemsRequest(Exchange exchange) {
        exchange.setProperty(WorkTracker.CURSOR, links.cursor(TRACKER_CURSOR));
        exchange.setProperty(WorkTracker.LAST_SYNCED, (Function<String, TrackerItem>) this::lastSynced);
    }

    /** An incomplete read of the items lacks the markers some lead read needs: every item is read too. */
    public boolean needsAllItems(@Variable(ITEMS) TrackerRead read, @Variable(LEADS) AirtableClient.Listing leads) {
        return !read.complete() && planner.needsMarkers(leads.leads().values());
    }

    /** Every item, read for the markers; the next read of changes still starts where the incremental one ended. */
    public TrackerRead allItems(@Variable(ALL_ITEMS) TrackerRead all, @Variable(ITEMS) TrackerRead read) {
        return new TrackerRead(all.items(), true, read.cursor());
    }

    /** What the planner decides on: the reads, the markers on the items, what was seen at a write. */
    public SyncPlanner.Snapshot snapshot(@Variable(LEADS) AirtableClient.Listing listing,
                                         @Variable(ITEMS) TrackerRead read, Exchange exchange) {
        boolean full = exchange.getProperty(FULL, Boolean.class);
        Map<String, Lead> leads = new LinkedHashMap<>(listing.leads());
        Map<String, TrackerItem> items = new LinkedHashMap<>();
        read.items().forEach(i -> items.put(i.id(), i));
        seenAtWrite.addSeen(leads, full, items, read.complete());
        Map<String, TrackerItem> markers = read.complete()
                ? markers(read.items(), new CrossReferences(leads.values(), linkField)) : null;
        // the next read starts where this one's snapshot was taken (less the overlap), not at the newest change
        // seen: what changed while it ran is read again, and an idle window slides forward
        String cursor = links.cursor(AIRTABLE_CURSOR);
        Instant snapshot = Instant.ofEpochMilli(listing.snapshotAt());
        exchange.setProperty(NEXT_AIRTABLE_CURSOR, (cursor != null && snapshot.isBefore(Instant.parse(cursor))
                ? Instant.parse(cursor) : snapshot).toString());
        if (markers != null) {
            addArchivedCreations(markers);
        }
        exchange.setProperty(NEXT_TRACKER_CURSOR, read.cursor());
        return new SyncPlanner.Snapshot(leads, full, items, read.complete(), markers,
                exchange.getProperty(LEADS_READ_AT, Long.class), linkField, exchange.getProperty(STARTED, Long.class));
    }

    /** The safety rail holds back mass removals; a complete read on both sides may count them. */
    public Effects afterRail(Decisions decided, @ExchangeProperty(FULL) boolean full,
                             @Variable(ITEMS) TrackerRead read) {
        return decided.afterRail(rail.filter(decided.removals(), decided.linked(), full && read.complete()));
    }

    /**
     * A dry run's step in place of the rail and what follows it: the plan as the cycle would push it (the lead
     * writes not yet batched) and how many removals the rail would hold. Nothing is journaled or logged here.
     */
    public Planned planned(Decisions decided, @ExchangeProperty(FULL) boolean full,
                           @Variable(ITEMS) TrackerRead read) {
        SafetyRail.Judgement judged = rail.wouldFilter(decided.removals(), decided.linked(), full && read.complete());
        return new Planned(decided.pair(), decided.effects().and(
                judged.allowed().stream().map(SafetyRail.Removal::effects).toList()), judged.held());
    }

    /** What a cycle would do: its effects once the rail let its removals through, and how many it would hold. */
    public record Planned(String pair, Effects effects, int held) {
    }

    /** Logs what the cycle read and decided, and remembers a full read; the changes to push. */
    public List<Change> logged(Effects effects, @Variable(DECISIONS) Decisions decided,
                               @Variable(LEADS) AirtableClient.Listing leads, @Variable(ITEMS) TrackerRead items,
                               Exchange exchange) {
        boolean full = exchange.getProperty(FULL, Boolean.class);
        List<Change> actions = effects.changes();
        if (full && exchange.getProperty(MAPPING_CHANGED, Boolean.class)) {
            LOG.info("mapping changed: {} items will move; {} lead(s) left the record filter, {} came back",
                    decided.remapped(), crossings(decided, "filter-left"), crossings(decided, "filter-entered"));
        }
        logMatches(lastFullRead == 0, decided.matchCounts());
        if (!decided.undecided().isEmpty()) {
            LOG.info("lead(s) {} and their items changed at about the same time (the item after the lead "
                    + "was read): decided next cycle, after reading both again", decided.undecided());
        }
        oweDifferingLinkFields(leads.leads().values());
        if (full) {
            lastFullRead = exchange.getProperty(STARTED, Long.class);
            seenAtWrite.fullReadDone();
        }
        int read = leads.leads().size();
        int itemCount = items.items().size();
        String line = "{} cycle: {} lead(s) and {} item(s) read, {} change(s) to push";
        if (!full && read == 0 && itemCount == 0 && actions.isEmpty()) { // an idle cycle every few seconds
            LOG.debug(line, "incremental", 0, 0, 0);
        } else {
            LOG.info(line, full ? "full" : "incremental", read, itemCount, actions.size());
        }
        exchange.getProperty(PushTally.PROPERTY, PushTally.class).planned(actions);
        return actions;
    }

    /** How many leads the plan saw cross the record filter one way (its audit events of that name). */
    private static long crossings(Decisions decided, String event) {
        return decided.effects().audit().stream()
                .filter(e -> e instanceof Effects.Event ev && ev.event().equals(event)).count();
    }

    /** A failed read or decision skips the cycle: nothing is pushed and the cursors stay where they are. */
    public List<Change> skipped(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause, Exchange exchange) {
        String reason = cause == null ? "unknown error" : cause.getMessage();
        if (cause instanceof StateUnavailableException) {
            // said once by the storage when it went away, and when it is back
            LOG.debug("cycle skipped: {}", reason);
        } else {
            LOG.error("cycle skipped: {}", reason);
        }
        exchange.getProperty(PushTally.PROPERTY, PushTally.class).skipped(reason);
        exchange.removeProperty(NEXT_AIRTABLE_CURSOR);
        exchange.removeProperty(NEXT_TRACKER_CURSOR);
        exchange.removeVariable(DECISIONS);
        return List.of();
    }

    /**
     * End of a full cycle: what it left unresolved, with nothing to retry, another full read would not resolve
     * either; pending creates are not among them: they resolve once their wait is over.
     */
    void fullReadCompleted(boolean nothingLeft) {
        unsettledByFullRead = nothingLeft ? links.unresolved().stream()
                .filter(id -> !links.byRecord(id).pending()).collect(Collectors.toSet()) : Set.of();
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
            if (SyncPair.live(link) && !link.itemId().equals(lead.field(linkField))) {
                owed.add(lead.id());
            }
        }
        links.oweLinkFields(owed);
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
                deadLetters.record(name, item.recordId(), Math.max(item.modifiedAt(), other.modifiedAt()), "items "
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
}
