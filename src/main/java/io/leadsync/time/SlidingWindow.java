package io.leadsync.time;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A sliding-window log: at most {@code limit} entries count within any {@code windowMillis} (a limit of 0 or less:
 * no limit). The one count both sides build on: the sync's {@link io.leadsync.http.RateBudget} (an entry counts
 * from when its answer arrived) and the emulators' limiter (an entry counts from when the request came in). Not
 * thread-safe: its owner synchronizes.
 */
public final class SlidingWindow {

    /** One counted request; it leaves the window {@code windowMillis} after the moment it counts from. */
    public static final class Entry {
        private long countedFrom;

        private Entry(long countedFrom) {
            this.countedFrom = countedFrom;
        }

        /** Counts from {@code epochMillis} on (an entry added as {@link #PENDING} stays in until this is called). */
        public void countFrom(long epochMillis) {
            countedFrom = epochMillis;
        }
    }

    /** The moment an entry counts from while it is not yet known: it stays in the window until told. */
    public static final long PENDING = Long.MAX_VALUE;

    private final int limit;
    private final long windowMillis;
    /** In the order added; an entry still pending at the head keeps the ones behind it in (the safe side). */
    private final Deque<Entry> log = new ArrayDeque<>();

    public SlidingWindow(int limit, long windowMillis) {
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Adds an entry counting from {@code countedFrom} if one more fits at {@code now}; null if the window is full. */
    public Entry tryAdd(long now, long countedFrom) {
        while (!log.isEmpty() && log.peekFirst().countedFrom <= now - windowMillis) {
            log.pollFirst();
        }
        if (limit > 0 && log.size() >= limit) {
            return null;
        }
        Entry entry = new Entry(countedFrom);
        log.addLast(entry);
        return entry;
    }

    /** When the oldest entry leaves the window: {@link #PENDING} while it is pending (or the log is empty). */
    public long oldestLeavesAt() {
        Entry oldest = log.peekFirst();
        return oldest == null || oldest.countedFrom == PENDING ? PENDING : oldest.countedFrom + windowMillis;
    }

    /** Entries still allowed at {@code now}. */
    public int remaining(long now) {
        long inWindow = log.stream().filter(e -> e.countedFrom > now - windowMillis).count();
        return (int) Math.max(0, limit - inWindow);
    }
}
