package io.leadsync.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.leadsync.sync.PushTally;
import io.leadsync.sync.PushTally.Applied;
import io.leadsync.sync.PushTally.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * One pair's meters (tag {@code pair}), in the registry Prometheus's {@code /observe/metrics} serves: cycles by read
 * and outcome and their duration, changes applied and failed by kind, conflicts decided, dead letters recorded,
 * removals held, items by state and the lag; the gauges read the pair's watch when scraped. All are made at once,
 * at 0, and leave the registry with the pair ({@link #close}).
 */
final class PairMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> made = new ArrayList<>();
    private final Map<Applied, Counter> applied = new EnumMap<>(Applied.class);
    private final Map<Failure, Counter> failed = new EnumMap<>(Failure.class);
    private final Counter conflicts;
    private final String pair;

    PairMeters(String pair, MeterRegistry registry, PairWatch watch) {
        this.pair = pair;
        this.registry = registry;
        for (String read : List.of("full", "incremental")) {
            for (String outcome : List.of("ok", "failed")) {
                keep(cycles(read, outcome));
            }
            keep(duration(read));
        }
        for (Applied kind : Applied.values()) {
            applied.put(kind, keep(Counter.builder("leadsync.changes.applied").description("changes applied, by kind")
                    .tags("pair", pair, "kind", name(kind)).register(registry)));
        }
        for (Failure kind : Failure.values()) {
            failed.put(kind, keep(Counter.builder("leadsync.changes.failed")
                    .description("changes that failed, by kind of failure").tags("pair", pair, "kind", name(kind))
                    .register(registry)));
        }
        conflicts = keep(Counter.builder("leadsync.conflicts").description("conflicts decided by the policy")
                .tag("pair", pair).register(registry));
        PairWatch.Sources sources = watch.sources();
        keep(FunctionCounter.builder("leadsync.dead.letters", sources, s -> s.deadLetters().getAsInt())
                .description("dead letters recorded").tag("pair", pair).register(registry));
        gauge("leadsync.held.actions", "removals the safety rail holds for approval", watch,
                w -> w.sources().held().getAsInt(), null);
        String items = "items by state: in_sync (live links), unlinked (leads to have an item that have none yet), "
                + "ambiguous (leads matching several items)";
        gauge("leadsync.items", items, watch, w -> w.items().inSync(), "in_sync");
        gauge("leadsync.items", items, watch, w -> w.items().unlinked(), "unlinked");
        gauge("leadsync.items", items, watch, w -> w.items().ambiguous(), "ambiguous");
        keep(Gauge.builder("leadsync.lag", watch, PairWatch::lagSeconds).strongReference(true).baseUnit("seconds")
                .description("now minus the oldest edit seen but not applied yet").tag("pair", pair)
                .register(registry));
    }

    private static String name(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private Counter cycles(String read, String outcome) {
        return Counter.builder("leadsync.cycles").description("sync cycles, by read and outcome")
                .tags("pair", pair, "read", read, "outcome", outcome).register(registry);
    }

    private Timer duration(String read) {
        return Timer.builder("leadsync.cycle.duration").description("how long a sync cycle took")
                .tags("pair", pair, "read", read).register(registry);
    }

    private void gauge(String name, String description, PairWatch watch, ToDoubleFunction<PairWatch> value,
                       String state) {
        Gauge.Builder<PairWatch> builder = Gauge.builder(name, watch, value).strongReference(true)
                .description(description).tag("pair", pair);
        keep((state == null ? builder : builder.tag("state", state)).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        made.add(meter);
        return meter;
    }

    /** A cycle ended: ok, or failed (skipped: its read or decision failed). */
    void cycle(String read, boolean ok, Duration took, PushTally tally, int conflictsDecided) {
        cycles(read, ok ? "ok" : "failed").increment();
        duration(read).record(took);
        applied.forEach((kind, counter) -> counter.increment(tally.applied(kind)));
        failed.forEach((kind, counter) -> counter.increment(tally.failed(kind)));
        conflicts.increment(conflictsDecided);
    }

    @Override
    public void close() {
        made.forEach(registry::remove);
    }
}
