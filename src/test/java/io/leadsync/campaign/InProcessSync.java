package io.leadsync.campaign;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/** leadsync in this JVM ({@link LeadsyncRun}); a crash is a forced stop that does not wait for the cycle. */
final class InProcessSync implements SyncUnderTest {

    /** The pair whose cycle a thread runs: the sync-cycle template's timer is named after it. */
    static final Pattern CYCLE_THREAD = Pattern.compile("timer://([\\w-]+?)-sync");

    private final List<String> pairs;
    private final LeadsyncRun run;
    private boolean running;
    private final Map<String, AtomicInteger> cycles = new ConcurrentHashMap<>();
    private PlanCounter planLog;

    /** @param settings {@link Scenario#campaignSettings} */
    InProcessSync(Sandboxes sandboxes, Path dataDir, List<String> pairs, Map<String, String> settings) {
        this.pairs = List.copyOf(pairs);
        this.run = new LeadsyncRun(sandboxes, dataDir);
        settings.forEach(run::with);
    }

    /** In-process, the sync logs into {@link RecentLog}. */
    @Override
    public String logAbout(Pattern records) {
        return RecentLog.about(records);
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
     * per pair, not the ones skipped because a read failed: only those can have seen an edit.
     */
    private static final class PlanCounter extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> {
        private volatile String threadMarker = "";
        private final Map<String, AtomicInteger> cycles;

        PlanCounter(Map<String, AtomicInteger> cycles) {
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
                Matcher pair = CYCLE_THREAD.matcher(event.getThreadName());
                if (pair.find()) {
                    cycles.computeIfAbsent(pair.group(1), p -> new AtomicInteger()).incrementAndGet();
                }
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
    public int cyclesCompleted(String pair) {
        AtomicInteger count = cycles.get(pair);
        return count == null ? 0 : count.get();
    }

    @Override
    public void awaitCycles(int count) {
        pairs.forEach(pair -> run.awaitCycles(pair, count));
    }

    /** The status tables of the pair's mapping bean as the running sync has it (either type), or null. */
    StatusMapping mapping(String pair) {
        Object bean = run.context().getRegistry().lookupByName(pair + "Mapping");
        if (bean instanceof PairMapping mapping) {
            return mapping.statuses();
        }
        return bean instanceof StatusMapping mapping ? mapping : null;
    }
}
