package io.leadsync.sync;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a cycle's push is: done/total, rate and time left, shown by the dashboard, and logged every few seconds
 * for a long one (an initial sync of thousands of leads).
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long EVERY_MILLIS = 5_000;

    /**
     * The push so far: changes done of the total, changes per second since it began, seconds left at that rate (null
     * before the first change is done).
     */
    public record Status(int done, int total, double perSecond, Long secondsLeft) {
    }

    private final int total;
    private final LongSupplier millis;
    private final long started;
    private long lastLog;
    private long lastStep;
    private int done;

    Progress(int total, LongSupplier millis) {
        this.total = total;
        this.millis = millis;
        this.started = millis.getAsLong();
        this.lastLog = started;
        this.lastStep = started;
    }

    synchronized void step() {
        done++;
        long now = millis.getAsLong();
        lastStep = now;
        if (now - lastLog >= EVERY_MILLIS && done < total) {
            lastLog = now;
            Status status = status(now);
            LOG.info("{}/{} changes pushed ({} /s, about {} left)", done, total,
                    String.format("%.1f", status.perSecond()),
                    Duration.ofSeconds(status.secondsLeft()).toString().substring(2).toLowerCase());
        }
    }

    synchronized Status status() {
        return status(millis.getAsLong());
    }

    synchronized long lastStep() {
        return lastStep;
    }

    private Status status(long now) {
        double rate = done * 1000.0 / Math.max(1, now - started);
        return new Status(done, total, rate, done == 0 ? null : (long) Math.ceil((total - done) / rate));
    }
}
