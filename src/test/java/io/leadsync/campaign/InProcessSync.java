package io.leadsync.campaign;

import java.nio.file.Path;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/** leadsync in this JVM ({@link LeadsyncRun}); a crash is a forced stop that does not wait for the cycle. */
final class InProcessSync implements SyncUnderTest {

    private final String pair;
    private final LeadsyncRun run;
    private boolean running;
    private final java.util.concurrent.atomic.AtomicInteger cycles = new java.util.concurrent.atomic.AtomicInteger();
    private PlanCounter planLog;

    InProcessSync(Sandboxes sandboxes, Path dataDir, String pair, long seed) {
        this.pair = pair;
        this.run = new LeadsyncRun(sandboxes, dataDir);
        Scenario.campaignSettings(pair).forEach(run::with);
    }

    @Override
    public void start() throws Exception {
        try {
            run.start();
        } catch (Exception e) {
            run.stop();
            throw e;
        }
        running = true;
        if (planLog == null) {
            planLog = new PlanCounter(cycles);
        }
        planLog.threadMarker = run.threadPrefix() + " "; // each start is a new context
    }

    /**
     * Counts this instance's cycles that read both sides (its log line "... cycle: N lead(s) and M item(s) read"),
     * not the ones skipped because a read failed: only those can have seen an edit.
     */
    private static final class PlanCounter extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> {
        private volatile String threadMarker = "";
        private final java.util.concurrent.atomic.AtomicInteger cycles;

        PlanCounter(java.util.concurrent.atomic.AtomicInteger cycles) {
            this.cycles = cycles;
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                    org.slf4j.LoggerFactory.getLogger(io.leadsync.sync.SyncPair.class);
            setContext(logger.getLoggerContext());
            start();
            logger.addAppender(this);
        }

        @Override
        protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
            if (event.getThreadName().contains(threadMarker) && event.getFormattedMessage().contains(" cycle: ")) {
                cycles.incrementAndGet();
            }
        }

        void detach() {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(io.leadsync.sync.SyncPair.class))
                    .detachAppender(this);
            stop();
        }
    }

    @Override
    public void close() {
        stop();
        if (planLog != null) {
            planLog.detach();
        }
    }

    @Override
    public void stop() {
        if (running) {
            run.stop();
            running = false;
        }
    }

    @Override
    public void crash() {
        if (running) {
            run.crash();
            running = false;
        }
    }

    @Override
    public String crashKind() {
        return "in-process forced stop";
    }

    @Override
    public int cyclesCompleted() {
        return cycles.get();
    }

    @Override
    public void awaitCycles(int cycles) {
        run.awaitCycles(pair, cycles);
    }

    io.leadsync.mapping.StatusMapping mapping() {
        return run.context().getRegistry().lookupByNameAndType(pair + "Mapping", io.leadsync.mapping.StatusMapping.class);
    }
}
