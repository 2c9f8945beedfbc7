package io.leadsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.leadsync.state.PauseFlag;
import io.leadsync.webhooks.WebhookHealth;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a pair's cycle runs: once every poll interval, and at once when something wakes the pair (a webhook
 * delivery). The cycle's timer ticks often (leadsync.tick) and each tick asks here, so a wake-up is acted on within
 * a tick instead of up to a whole interval later; a tick that is not due costs no request. Bound as
 * {@code <pair>Cadence}.
 * <p>
 * With webhooks, polling is the safety net: while the pair's webhooks are healthy it polls only every safety-poll
 * interval. It falls back to the poll interval, saying so in one line, while they are not (missing, expired,
 * failing, suspended: what the upkeep found) or silent (a timed poll found an edit older than
 * {@link #DELIVERY_GRACE} that no delivery announced), and recovers by itself (the upkeep mended them, or a
 * delivery came). A cycle that left something to retry brings the next one at the poll interval either way.
 * <p>
 * An operator may pause the pair (the dashboard; kept across restarts in {@code data/<pair>-paused}): no cycle runs
 * while it is paused, and a wake-up that comes meanwhile is kept for the resume. "Sync now" runs one cycle at the
 * next tick, even while paused (the operator asked for exactly that one).
 */
public final class CycleCadence {

    private static final Logger LOG = LoggerFactory.getLogger(CycleCadence.class);
    /** How late a delivery may come after its edit (Airtable's pings take seconds) before it counts as missed. */
    static final Duration DELIVERY_GRACE = Duration.ofSeconds(30);

    private final String pair;
    private final long pollMillis;
    private final long safetyPollMillis;
    /** The pair's webhooks as the upkeep last found them; null when webhooks are off. */
    private final Supplier<WebhookHealth> webhooks;
    private final Clock clock;
    private final PauseFlag paused;
    private boolean woken;
    /** An operator asked for a cycle now. */
    private boolean asked;
    /** A delivery announced a deletion or an archive since the last cycle began; and whether this cycle reads all. */
    private boolean absenceAnnounced;
    private boolean thisCycleReadsAll;
    private long lastStart;
    private boolean started;
    /** Whether the cycle running now was woken (a delivery), and when a delivery last came (or the pair started). */
    private boolean thisCycleWoken;
    private long lastWake;
    /** Why the webhooks count as silent (a timed poll found what no delivery announced), or null. */
    private String silence;
    private boolean retrySoon;
    /** Whether the safety net polls at the long interval now (as last logged). */
    private boolean relying;

    /** A pair without webhooks: it polls every {@code pollMillis}. */
    public CycleCadence(String pair, long pollMillis, PauseFlag paused, Clock clock) {
        this(pair, pollMillis, pollMillis, null, paused, clock);
    }

    public CycleCadence(String pair, long pollMillis, long safetyPollMillis, Supplier<WebhookHealth> webhooks,
                        PauseFlag paused, Clock clock) {
        this.pair = pair;
        this.pollMillis = pollMillis;
        this.safetyPollMillis = safetyPollMillis;
        this.webhooks = webhooks;
        this.paused = paused;
        this.clock = clock;
        if (paused.raised()) {
            LOG.warn("pair {} is paused (by an operator, kept across restarts): no cycle runs until it is resumed on "
                    + "the dashboard", pair);
        }
    }

    /** The cycle's first step: true when this tick is not a cycle (no interval passed since the last, not woken). */
    public synchronized boolean notDue() {
        long now = clock.millis();
        boolean operator = asked;
        asked = false;
        if (paused.raised() && !operator) {
            return true; // a wake-up is kept for the resume
        }
        boolean wake = woken || operator;
        woken = false;
        if (started && !wake && now - lastStart < interval()) {
            return true;
        }
        if (!started) {
            lastWake = now; // what changed before the start was not for a delivery to announce
        }
        started = true;
        lastStart = now;
        thisCycleWoken = wake;
        thisCycleReadsAll = absenceAnnounced;
        absenceAnnounced = false;
        retrySoon = false;
        return false;
    }

    /** The interval now, logged once whenever the safety net changes its mind. */
    private long interval() {
        if (webhooks == null) {
            return pollMillis;
        }
        WebhookHealth health = webhooks.get();
        boolean rely = health.healthy() && silence == null;
        if (rely != relying) {
            relying = rely;
            if (rely) {
                LOG.info("pair {}: webhooks healthy; polling every {} as the safety net", pair,
                        Duration.ofMillis(safetyPollMillis));
            } else {
                LOG.warn("pair {}: {}; polling every {} until they are healthy again", pair,
                        health.healthy() ? silence : health.reason(), Duration.ofMillis(pollMillis));
            }
        }
        return intervalFor(health);
    }

    private long intervalFor(WebhookHealth health) {
        return health.healthy() && silence == null && !retrySoon ? safetyPollMillis : pollMillis;
    }

    /**
     * How often a cycle is due now, as {@link #notDue} decides (without logging): the poll interval, or the safety
     * poll's while the webhooks are healthy and not silent (and nothing is left to retry).
     */
    public synchronized long expectedInterval() {
        return webhooks == null ? pollMillis : intervalFor(webhooks.get());
    }

    /**
     * Runs the pair's cycle at the next tick; several wake-ups before it are one cycle. A delivery came: not silent.
     * {@code absence}: the delivery announced a deletion or an archive, which only a full read can see.
     */
    public synchronized void wake(boolean absence) {
        woken = true;
        absenceAnnounced |= absence;
        heard();
    }

    /**
     * An operator's action needs a cycle (a dead letter retried, a hold approved): the next tick runs one, or the
     * first after a resume. Not a delivery: the webhooks' silence is left as it is.
     */
    public synchronized void runSoon() {
        woken = true;
    }

    /** An operator's "sync now": the next tick runs a cycle, paused or not. */
    public synchronized void syncNow() {
        asked = true;
    }

    /** Pauses the pair's cycles (kept across restarts); false when it was paused already. The caller logs it. */
    public synchronized boolean pause() {
        return paused.raise(clock.instant().toString());
    }

    /** Resumes the pair's cycles: the next runs when due, or at once when a wake-up came meanwhile. */
    public synchronized boolean resume() {
        return paused.lower();
    }

    /** Reads the pause flag again from the state storage (see {@link SyncPair#reloadState}). */
    public synchronized void reloadState() {
        paused.reload();
    }

    public synchronized boolean paused() {
        return paused.raised();
    }

    /** A delivery came that wakes nothing (leadsync's own echo): the webhooks are not silent. */
    public synchronized void heard() {
        lastWake = clock.millis();
        silence = null;
    }

    /** After the cycle chose its read: a full one when a delivery announced that something is gone. */
    public synchronized void readAllIfAnnounced(Exchange exchange) {
        if (thisCycleReadsAll && !exchange.getProperty(SyncCycle.FULL, false, Boolean.class)) {
            LOG.info("pair {}: a webhook announced a deletion or an archive; this cycle reads everything (an "
                    + "incremental read cannot see what is gone)", pair);
            exchange.setProperty(SyncCycle.FULL, true);
        }
    }

    /**
     * The cycle's last step. Something left to retry (a failed read or push, a stop, an undecided record): the next
     * cycle comes at the poll interval. A timed incremental cycle that found edits made after the last delivery and
     * longer than {@link #DELIVERY_GRACE} ago: the webhooks are silent (a full read is left out: a mapping change
     * finds what no delivery could announce).
     */
    public synchronized void cycleEnded(@Variable(SyncCycle.DECISIONS) Decisions decided,
                                        @ExchangeProperty(PushTally.PROPERTY) PushTally tally,
                                        @ExchangeProperty(SyncCycle.FULL) boolean full) {
        retrySoon = decided == null || tally == null || !tally.retryable.isEmpty() || !tally.notStarted.isEmpty()
                || !decided.undecided().isEmpty();
        if (webhooks == null || decided == null || full || thisCycleWoken) {
            return;
        }
        long announcedBy = clock.millis() - DELIVERY_GRACE.toMillis();
        long missed = editTimes(decided).filter(t -> t > lastWake && t < announcedBy).count();
        if (missed > 0 && silence == null) {
            silence = "a poll found " + missed + " edit(s) that no webhook delivery announced";
        }
    }

    /** When the edits the plan acts on were made (a removal's, and a lead write's source). */
    private static LongStream editTimes(Decisions decided) {
        Stream<Effects> all = Stream.concat(Stream.of(decided.effects()),
                decided.removals().stream().map(SafetyRail.Removal::effects));
        return all.flatMapToLong(e -> LongStream.concat(
                e.changes().stream().mapToLong(c -> c.sourceModified()),
                e.leadWrites().stream().mapToLong(Effects.LeadWrite::sourceTime)));
    }

    @Override
    public String toString() {
        return pair + " every " + pollMillis + " ms" + (webhooks == null ? "" : ", " + safetyPollMillis
                + " ms while its webhooks are healthy");
    }
}
