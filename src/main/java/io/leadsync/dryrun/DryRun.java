package io.leadsync.dryrun;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sync.SyncCycle;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean {@code dryRun}. With leadsync.dry-run=true, each enabled pair's first cycle hands it its plan instead of
 * pushing it (routes/sync-cycle.camel.yaml, {@code <pair>-unless-dry-run}); it logs the plan, keeps it as the
 * pair's preview, writes every pair's preview to leadsync.dry-run.report if set, and once every enabled pair has
 * reported stops leadsync (Camel Main ends when its context stops). In a running leadsync an operator may ask for
 * one such cycle of a pair (the dashboard's Dry run, {@link #ask}): its plan becomes the pair's preview, nothing is
 * written, and the pair goes on as before. It also reports the plan of a mapping edit waiting to be applied.
 */
public final class DryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlanPreviews previews;
    private final Supplier<Set<String>> enabledPairs;
    private final Path reportFile;
    private final CamelContext context;
    private final Clock clock;
    private final boolean everyPair;
    /** The pairs whose next cycle an operator asked to plan only (the dashboard's Dry run). */
    private final Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<String> done = new TreeSet<>();
    private boolean failed;

    /**
     * @param everyPair  leadsync.dry-run: every pair's first cycle plans only, then leadsync stops
     * @param reportFile where the previews go as JSON, or null
     */
    public DryRun(boolean everyPair, PlanPreviews previews, Supplier<Set<String>> enabledPairs, Path reportFile,
                  CamelContext context, Clock clock) {
        this.everyPair = everyPair;
        this.previews = previews;
        this.enabledPairs = enabledPairs;
        this.reportFile = reportFile;
        this.context = context;
        this.clock = clock;
    }

    /** An operator asks that the pair's next cycle only plan (its cycle is woken and made a full read by the caller). */
    public void ask(String pair) {
        asked.add(pair);
    }

    /** Whether this cycle of the pair only plans: a dry run, or an operator asked for one. */
    public boolean planOnly(@ExchangeProperty("pair") String pair) {
        return everyPair || asked.contains(pair);
    }

    /** A pair's plan: logged and kept (a later cycle of a pair that has reported, before leadsync stops, is not). */
    public synchronized void report(SyncCycle.Planned planned, @ExchangeProperty("tracker") String tracker) {
        if (!everyPair) {
            asked.remove(planned.pair());
            PlanPreview preview = PlanReport.preview(planned, tracker, "dry run", clock.instant());
            previews.put(planned.pair(), preview);
            PlanReport.lines(planned, preview, tracker).forEach(LOG::info);
            return;
        }
        if (!done.add(planned.pair())) {
            return;
        }
        PlanPreview preview = PlanReport.preview(planned, tracker, "dry run", clock.instant());
        previews.put(planned.pair(), preview);
        PlanReport.lines(planned, preview, tracker).forEach(LOG::info);
        if (reportFile != null) {
            Map<String, PlanPreview> all = new TreeMap<>(previews.all());
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(reportFile.toFile(), Map.of("previews", all));
            } catch (IOException e) {
                failed = true;
                LOG.error("dry-run: cannot write the report to {} ({}): set leadsync.dry-run.report to a writable file",
                        reportFile.toAbsolutePath(), e.getMessage());
            }
        }
        stopOnceAllReported();
    }

    /**
     * The plan of a mapping edit waiting to be applied (leadsync.mapping-changes=preview): kept as the pair's
     * preview, its summary line logged.
     */
    public void previewMappingChange(SyncCycle.Planned planned, @ExchangeProperty("tracker") String tracker) {
        PlanPreview preview = PlanReport.preview(planned, tracker, "mapping change", clock.instant());
        previews.put(planned.pair(), preview);
        LOG.info("{}; applied only by POST /api/pairs/{}/mapping/apply (or dropped by /mapping/discard)",
                PlanReport.lines(planned, preview, tracker, "mapping change").get(0), planned.pair());
    }

    /** The plan of a mapping edit could not be made: said once; the edit can still be applied or discarded. */
    public void mappingChangeNotPreviewed(@ExchangeProperty("pair") String pair,
                                          @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        LOG.error("mapping change {}: no preview, its plan failed ({}); POST /api/pairs/{}/mapping/apply or "
                + "/mapping/discard still decides it", pair, cause == null ? "unknown error" : cause.getMessage(), pair);
    }

    /** A pair whose read or plan failed: nothing to report for it; the dry run ends with exit code 2. */
    public synchronized void failed(@ExchangeProperty("pair") String pair,
                                    @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        if (!everyPair) {
            asked.remove(pair);
            LOG.error("dry-run {}: no plan, both sides could not be read: {}; the pair goes on as before", pair,
                    cause == null ? "unknown error" : cause.getMessage());
            return;
        }
        if (!done.add(pair)) {
            return;
        }
        failed = true;
        LOG.error("dry-run {}: no plan, both sides could not be read: {}", pair,
                cause == null ? "unknown error" : cause.getMessage());
        stopOnceAllReported();
    }

    /** Whether a pair could not be planned (or the report not written). */
    public synchronized boolean failed() {
        return failed;
    }

    private void stopOnceAllReported() {
        if (done.containsAll(enabledPairs.get())) {
            LOG.info("dry run done: {} pair(s) planned, nothing written to any service or to the data directory; "
                    + "leadsync stops", done.size());
            // not from the cycle's own thread: stopping waits for the exchanges in flight, this one among them
            context.getExecutorServiceManager().newThread("dry-run stop", context::stop).start();
        }
    }
}
