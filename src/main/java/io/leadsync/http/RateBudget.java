package io.leadsync.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Client-side throttle for one published limit ("100 requests per 10 s per token"), shared by every route
 * using the same credential. A sliding-window log: a request waits until fewer than {@code limit} requests
 * were sent in the last window, stretched by a margin of 2 % (at least 20 ms): a request can reach the service
 * a little later than the one it follows out of the window, and the service must never count more than
 * {@code limit} in its own window. The margin costs 2 % of the published rate.
 * {@link #pauseUntil} holds everyone back after a 429 for as long as the service asked.
 */
public final class RateBudget {

    private final String name;
    private final int limit;
    private final long windowMillis;
    private final long margin;
    private final Deque<Long> sent = new ArrayDeque<>();
    private long pausedUntil;

    public RateBudget(String name, int limit, long windowMillis) {
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.margin = Math.max(20, windowMillis / 50);
    }

    public String name() {
        return name;
    }

    /** Blocks until one more request fits in the window, then counts it. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.currentTimeMillis();
            while (!sent.isEmpty() && sent.peekFirst() <= now - windowMillis - margin) {
                sent.pollFirst();
            }
            long wait = pausedUntil - now;
            if (wait <= 0 && (limit <= 0 || sent.size() < limit)) {
                sent.addLast(now);
                return;
            }
            if (wait <= 0) {
                wait = sent.peekFirst() + windowMillis + margin - now + 1;
            }
            wait(Math.max(1, wait));
        }
    }

    /** Nobody sends on this budget before the given epoch millis. */
    public synchronized void pauseUntil(long epochMillis) {
        pausedUntil = Math.max(pausedUntil, epochMillis);
        notifyAll();
    }

    @Override
    public String toString() {
        return name + " (" + limit + " per " + windowMillis + " ms)";
    }
}
