package io.leadsync.sync;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a pair's cycle runs: once every poll interval, and at once when something wakes the pair (a webhook
 * delivery). The cycle's timer ticks often (leadsync.tick) and each tick asks here, so a wake-up is acted on within
 * a tick instead of up to a whole interval later; a tick that is not due costs no request. Bound as
 * {@code <pair>Cadence}.
 */
public final class CycleCadence {

    private final String pair;
    private final long intervalMillis;
    private final Clock clock;
    private final AtomicBoolean woken = new AtomicBoolean();
    private long lastStart;
    private boolean started;

    public CycleCadence(String pair, long intervalMillis, Clock clock) {
        this.pair = pair;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /** The cycle's first step: true when this tick is not a cycle (no interval passed since the last, not woken). */
    public synchronized boolean notDue() {
        long now = clock.millis();
        boolean wake = woken.getAndSet(false);
        if (started && !wake && now - lastStart < intervalMillis) {
            return true;
        }
        started = true;
        lastStart = now;
        return false;
    }

    /** Runs the pair's cycle at the next tick; several wake-ups before it are one cycle. */
    public void wake() {
        woken.set(true);
    }

    @Override
    public String toString() {
        return pair + " every " + intervalMillis + " ms";
    }
}
