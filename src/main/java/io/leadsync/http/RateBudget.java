package io.leadsync.http;

import io.leadsync.time.SlidingWindow;

/**
 * Client-side throttle for one published limit ("100 requests per 10 s per token"), shared by every route
 * using the same credential. A sliding-window log in which a request counts from the moment its answer
 * arrived ({@link #release}), not from when it left: the service saw it somewhere in between, so when a request
 * leaves our window it has certainly left the service's, whatever the network and scheduling jitter. The
 * window is also stretched by 2 % (at least 20 ms) for services that count a little differently; together they
 * cost about 2 % of the published rate. {@link #pauseUntil} holds everyone back after a 429 for as long as the
 * service asked; a {@link StopSignal} ends every wait. The counting is a {@link SlidingWindow}.
 */
public final class RateBudget {

    /** One counted request; in flight until released. */
    public static final class Permit {
        private final SlidingWindow.Entry counted;

        private Permit(SlidingWindow.Entry counted) {
            this.counted = counted;
        }
    }

    private final String name;
    private final int limit;
    private final long windowMillis;
    /** The published window stretched by the margin. */
    private final SlidingWindow sent;
    private long pausedUntil;
    private final StopSignal stop;

    public RateBudget(String name, int limit, long windowMillis, StopSignal stop) {
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.sent = new SlidingWindow(limit, windowMillis + Math.max(20, windowMillis / 50));
        this.stop = stop;
        stop.onRaise(this::wakeUp);
    }

    public String name() {
        return name;
    }

    /**
     * Blocks until one more request fits in the window, then counts it (in flight until {@link #release}).
     *
     * @throws StopSignal.Stopped when it would have to wait and leadsync is stopping
     */
    public synchronized Permit acquire() throws InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            long wait = pausedUntil - now;
            SlidingWindow.Entry counted = wait <= 0 ? sent.tryAdd(now, SlidingWindow.PENDING) : null;
            if (counted != null) {
                return new Permit(counted);
            }
            if (stop.raised()) {
                throw new StopSignal.Stopped(name + " rate limit");
            }
            if (wait <= 0) {
                long leavesAt = sent.oldestLeavesAt();
                wait = leavesAt == SlidingWindow.PENDING ? windowMillis : leavesAt - now + 1;
            }
            wait(Math.max(1, wait));
        }
    }

    /** The request's answer arrived (or it failed): it counts from now until it leaves the window. */
    public synchronized void release(Permit permit) {
        permit.counted.countFrom(System.currentTimeMillis());
        notifyAll();
    }

    /** Requests counted in the window now (in flight included), of {@link #limit}. */
    public synchronized int used() {
        return limit - sent.remaining(System.currentTimeMillis());
    }

    public int limit() {
        return limit;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Nobody sends on this budget before the given epoch millis. */
    public synchronized void pauseUntil(long epochMillis) {
        pausedUntil = Math.max(pausedUntil, epochMillis);
        notifyAll();
    }

    private synchronized void wakeUp() {
        notifyAll();
    }

    @Override
    public String toString() {
        return name + " (" + limit + " per " + windowMillis + " ms)";
    }
}
