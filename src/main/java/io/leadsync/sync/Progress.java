package io.leadsync.sync;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs done/total, rate and ETA of a long cycle (an initial sync of thousands of leads) every few seconds. */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long EVERY_MILLIS = 5_000;

    private final int total;
    private final long started = System.currentTimeMillis();
    private long lastLog = started;
    private int done;

    Progress(int total) {
        this.total = total;
    }

    synchronized void step() {
        done++;
        long now = System.currentTimeMillis();
        if (now - lastLog >= EVERY_MILLIS && done < total) {
            lastLog = now;
            double rate = done * 1000.0 / Math.max(1, now - started);
            long eta = (long) ((total - done) / Math.max(rate, 0.001));
            LOG.info("{}/{} changes pushed ({} /s, about {} left)", done, total,
                    String.format("%.1f", rate), Duration.ofSeconds(eta).toString().substring(2).toLowerCase());
        }
    }
}
