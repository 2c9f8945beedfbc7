package io.leadsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.http.BudgetGate;
import io.leadsync.state.Link;
import io.leadsync.sync.Decisions;
import io.leadsync.sync.Effects;
import io.leadsync.sync.Progress;
import io.leadsync.sync.PushTally;
import io.leadsync.sync.PushTally.Applied;
import io.leadsync.sync.PushTally.Failure;
import io.leadsync.sync.SyncCycle;
import io.leadsync.webhooks.WebhookHealth;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * What an operator sees of one pair, bound as {@code <pair>Watch}: fed by the last step of each cycle
 * ({@link #cycleEnded}, routes/sync-cycle.camel.yaml) from what the cycle's exchange carries, it keeps the last
 * cycle, the runs that did something, the items in sync, unlinked and ambiguous, the lag, and answers the pair's
 * health ({@link #health}, its Camel check's and the dashboard's) and the dashboard's view of it ({@link #view}).
 * Its meters ({@link PairMeters}) are read from the same state. Nothing here makes a request.
 */
public final class PairWatch implements AutoCloseable {

    /**
     * What the watch reads of its pair, each when asked.
     *
     * @param notConnected why the pair could not connect, or null once it has (or before it tried)
     * @param connected    whether the pair has connected
     * @param paused       whether an operator paused the pair
     * @param interval     how often a cycle is due now (ms)
     * @param inFlight     the tally of the cycle running now or of the last one (null before the first)
     * @param links        the pair's links
     * @param held         how many removals the safety rail holds back
     * @param deadLetters  how many dead letters the pair has recorded
     * @param webhooks     the pair's webhooks' health; null when webhooks are off (polling)
     * @param budgets      the rate budgets of the services the pair uses
     */
    public record Sources(boolean enabled, BooleanSupplier connected, Supplier<String> notConnected,
                          BooleanSupplier paused, BooleanSupplier ledElsewhere, LongSupplier interval, Supplier<PushTally> inFlight,
                          Supplier<Collection<Link>> links, IntSupplier held, IntSupplier deadLetters,
                          Supplier<WebhookHealth> webhooks, Supplier<List<BudgetGate.Usage>> budgets) {
    }

    /** The change detection part of the view. */
    public record Detection(String lastCycle, Long lastCycleMillis, long lagSeconds, String mode,
                            WebhookState webhooks, long idleCycles) {
    }

    public record WebhookState(String state, String reason) {
    }

    public record Items(int inSync, int unlinked, int ambiguous) {
    }

    /** One rate budget's use: requests in the current window of the limit; the window as an ISO-8601 duration. */
    public record Budget(String service, int used, int limit, String window) {
    }

    private final String pair;
    private final Sources sources;
    private final Clock clock;
    private final long watchedSince;
    private final RunHistory history = new RunHistory();
    private final PairMeters meters;

    // as of the last cycle
    private long lastEnded;
    private long lastMillis;
    private long lastActivity;
    private String lastFailure;
    private long oldestUnapplied;
    private final Set<String> unlinked = new HashSet<>();
    private int inSync;
    private int unlinkedCount;
    private int ambiguous;

    public PairWatch(String pair, Sources sources, MeterRegistry registry, Clock clock) {
        this.pair = pair;
        this.sources = sources;
        this.clock = clock;
        this.watchedSince = clock.millis();
        this.meters = new PairMeters(pair, registry, this);
    }

    public String pair() {
        return pair;
    }

    /**
     * The cycle's last step: what it applied and what failed, by kind (its tally), what it decided (null when its
     * read or decision failed: a failed cycle, with its reason), whether it read everything, when it started.
     */
    public synchronized void cycleEnded(@ExchangeProperty(PushTally.PROPERTY) PushTally tally,
                                        @Variable(SyncCycle.DECISIONS) Decisions decided,
                                        @ExchangeProperty(SyncCycle.FULL) boolean full,
                                        @ExchangeProperty(SyncCycle.STARTED) long started) {
        long now = clock.millis();
        tally.ended();
        String skipped = tally.skippedBecause();
        lastEnded = now;
        lastMillis = now - started;
        if (skipped == null) {
            lastActivity = now;
            lastFailure = null;
            oldestUnapplied = tally.oldestUnapplied();
        } else {
            lastFailure = skipped; // what was left unapplied before is still
        }
        if (decided != null) {
            countItems(decided, full);
        }
        String read = full ? "full" : "incremental";
        int failed = 0;
        for (Failure kind : Failure.values()) {
            failed += tally.failed(kind);
        }
        history.add(new RunHistory.Run(Instant.ofEpochMilli(started).toString(), lastMillis, read,
                tally.applied(Applied.CREATE), tally.applied(Applied.MOVE), tally.applied(Applied.UPDATE),
                tally.applied(Applied.ARCHIVE), tally.applied(Applied.LEAD_WRITE) + tally.applied(Applied.WRITE_BACK),
                failed, skipped));
        meters.cycle(read, skipped == null, Duration.ofMillis(lastMillis), tally, decided == null ? 0
                : (int) decided.effects().audit().stream().filter(e -> e instanceof Effects.Conflict).count());
    }

    /**
     * Items in sync: live links. Unlinked: leads a cycle decided to make an item for that have none yet (a full read
     * starts the count afresh; an incremental one adds its own), and pending links. Ambiguous: as the last full
     * read found (an incremental one sees only the leads it read).
     */
    private void countItems(Decisions decided, boolean full) {
        if (full) {
            unlinked.clear();
            ambiguous = decided.matchCounts().ambiguous();
        }
        for (Change change : decided.effects().changes()) {
            if (change instanceof CreateItem) {
                unlinked.add(change.recordId());
            }
        }
        Set<String> pending = new HashSet<>();
        int live = 0;
        Set<String> linked = new HashSet<>();
        for (Link link : sources.links().get()) {
            if (link.pending()) {
                pending.add(link.recordId());
            } else if (!link.detached()) {
                live++;
                linked.add(link.recordId());
            }
        }
        unlinked.removeAll(linked);
        pending.addAll(unlinked);
        inSync = live;
        unlinkedCount = pending.size();
    }

    /** UP, DOWN or UNKNOWN, and why (the pair's Camel health check reads it). */
    public PairHealth health() {
        long activity;
        String failure;
        synchronized (this) {
            activity = lastActivity;
            failure = lastFailure;
        }
        PushTally running = sources.inFlight().get();
        if (running != null) {
            // a cycle running now counts from when it began, or from its push's last step: a long one is alive
            activity = Math.max(activity, running.lastStep());
        }
        return PairHealth.of(new PairHealth.Facts(sources.enabled(), sources.connected().getAsBoolean(),
                sources.notConnected().get(), sources.paused().getAsBoolean(),
                sources.ledElsewhere().getAsBoolean(), activity, watchedSince,
                sources.interval().getAsLong(), failure), clock.millis());
    }

    /** Seconds since the oldest edit seen but not applied yet was made; 0 when none is waiting. */
    public long lagSeconds() {
        long oldest;
        synchronized (this) {
            oldest = oldestUnapplied;
        }
        PushTally running = sources.inFlight().get();
        long planned = running == null ? 0 : running.oldestUnapplied();
        if (planned > 0 && (oldest == 0 || planned < oldest)) {
            oldest = planned;
        }
        return oldest == 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000;
    }

    public synchronized Items items() {
        return new Items(inSync, unlinkedCount, ambiguous);
    }

    /** The push of the cycle running now, or null. */
    public Progress.Status progress() {
        PushTally running = sources.inFlight().get();
        return running == null ? null : running.progress();
    }

    /**
     * The pair's "health", "detection", "items", "progress", "budget" and "runs" of the dashboard's
     * {@code GET /api/pairs} (records Jackson writes as they are named).
     */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("health", health());
        view.put("detection", detection());
        view.put("items", items());
        view.put("progress", progress());
        view.put("budget", sources.budgets().get().stream().map(u -> new Budget(u.budget(), u.used(), u.limit(),
                Duration.ofMillis(u.windowMillis()).toString())).toList());
        view.put("runs", history.runs());
        return view;
    }

    private Detection detection() {
        WebhookHealth webhooks = sources.webhooks() == null ? null : sources.webhooks().get();
        long lag = lagSeconds();
        synchronized (this) {
            return new Detection(lastEnded == 0 ? null : Instant.ofEpochMilli(lastEnded).toString(),
                    lastEnded == 0 ? null : lastMillis, lag, webhooks == null ? "polling" : "webhooks",
                    webhooks == null ? null : new WebhookState(webhooks.healthy() ? "UP" : "DOWN", webhooks.reason()),
                    history.idle());
        }
    }

    Sources sources() {
        return sources;
    }

    /** Its meters leave the registry (the pair is made anew, or removed). */
    @Override
    public void close() {
        meters.close();
    }
}
