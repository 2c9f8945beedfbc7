package io.leadsync.sandbox;

import java.util.HashMap;
import java.util.Map;

import io.leadsync.time.SlidingWindow;

/**
 * Server-side rate limit: at most {@code limit} requests per {@code windowMillis} per key, optionally
 * followed by a penalty during which every request is refused (Airtable's 30 s). A {@link SlidingWindow} per key,
 * a request counting from when it came in.
 */
public final class SlidingWindowLimiter {

    private final int limit;
    private final long windowMillis;
    private final long penaltyMillis;
    private final Map<String, SlidingWindow> hits = new HashMap<>();
    private final Map<String, Long> penaltyUntil = new HashMap<>();

    public SlidingWindowLimiter(int limit, long windowMillis, long penaltyMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.penaltyMillis = penaltyMillis;
    }

    /** Records a request; returns 0 if allowed, else the epoch millis when requests will be accepted again. */
    public synchronized long acquire(String key, long now) {
        Long blockedUntil = penaltyUntil.get(key);
        if (blockedUntil != null && now < blockedUntil) {
            return blockedUntil;
        }
        SlidingWindow window = hits.computeIfAbsent(key, k -> new SlidingWindow(limit, windowMillis));
        if (window.tryAdd(now, now) != null) {
            return 0;
        }
        long retryAt = penaltyMillis > 0 ? now + penaltyMillis : window.oldestLeavesAt();
        if (penaltyMillis > 0) {
            penaltyUntil.put(key, retryAt);
        }
        return retryAt;
    }

    public int limit() {
        return limit;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Requests still allowed in the current window for the key. */
    public synchronized int remaining(String key, long now) {
        SlidingWindow window = hits.get(key);
        return window == null ? Math.max(0, limit) : window.remaining(now);
    }
}
