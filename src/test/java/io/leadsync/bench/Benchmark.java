package io.leadsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.leadsync.campaign.Mappings;
import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.airtable.AirtableLimits;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.clickup.ClickUpSettings;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.sandbox.trello.TrelloEmulator;
import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.PairRoutes;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Postgres;
import io.leadsync.support.Sandboxes;
import io.leadsync.webhooks.WebhookServer;

/**
 * leadsync's benchmark: runs the fat jar as a child process against the emulators (in this JVM, at the real
 * services' published limits unless said otherwise) and prints one table, each figure with the command that
 * reproduces it. A tool, not a test: nothing here asserts.
 *
 * <pre>
 * mvn -B -q package -DskipTests      # the fat jar under test (built automatically when missing)
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.leadsync.bench.Benchmark
 * </pre>
 * Options (system properties): {@code bench.items} (idle,idle3,status,initial,delay,jar; default all; and
 * idle-hooks,delay-hooks, webhook mode, only when named), {@code bench.hookMinutes} (30, idle-hooks' window),
 * {@code bench.sizes} (default 1000,10000,100000), {@code bench.initialTrello} (1000), {@code bench.initialClickUp}
 * (1000; 800 creates at 100/min is 8 minutes), {@code bench.changes} (60), {@code bench.jar}
 * (target/leadsync.jar, e.g. another build to compare), {@code bench.echo=true} to echo leadsync's log,
 * {@code bench.state} (files; postgresql keeps each run's state in a fresh database of an embedded PostgreSQL).
 */
public final class Benchmark {

    static final String CMD = "mvn -B -q test-compile exec:java -Dexec.classpathScope=test "
            + "-Dexec.mainClass=io.leadsync.bench.Benchmark";
    private static final String BASE = LeadsSeed.BASE_ID;
    private static final String TABLE = LeadsSeed.TABLE_NAME;
    private static final long OVERLAP_MILLIS = 60_000; // application.properties
    private static final int IDLE_CYCLES = Integer.getInteger("bench.idleCycles", 12);
    /**
     * Idle cycles let pass before the measured ones: the JIT compiles the cycle's route steps during the first
     * minutes after a start, and that one-off cost is not what an idle cycle costs.
     */
    private static final int IDLE_WARMUP = Integer.getInteger("bench.idleWarmup", 12);

    record Row(String item, String figure, String goal, String result, String met, String reproduce) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Path jar = Path.of(System.getProperty("bench.jar", "target/leadsync.jar"));

    public static void main(String[] args) throws Exception {
        Benchmark bench = new Benchmark();
        List<String> items = List.of(System.getProperty("bench.items", "idle,idle3,status,initial,delay,jar").split(","));
        bench.ensureJar();
        if (items.contains("idle") || items.contains("status") || items.contains("delay")
                || items.contains("idle-hooks") || items.contains("delay-hooks")) {
            bench.steadyState(Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(","))
                    .map(String::trim).mapToInt(Integer::parseInt).toArray(), items);
        }
        if (items.contains("idle3")) {
            bench.idleThreePairs();
        }
        if (items.contains("initial")) {
            bench.initial("Trello", Integer.getInteger("bench.initialTrello", 1000), 100, 10_000,
                    "100 requests/10 s per token");
            bench.initial("ClickUp", Integer.getInteger("bench.initialClickUp", 1000), 100, 60_000,
                    "100 requests/min per token");
        }
        if (items.contains("jar")) {
            bench.jarStart();
        }
        String table = bench.table();
        System.out.println();
        System.out.println(table);
        Path out = Path.of("target", "benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println("(also written to " + out + ")");
        System.exit(0); // emulator threads
    }

    // ------------------------------------------------------------------------------------------- set-up

    private void ensureJar() throws IOException, InterruptedException {
        if (Files.exists(jar)) {
            return;
        }
        log("building the fat jar: mvn -B -q package -DskipTests");
        Process p = new ProcessBuilder("mvn", "-B", "-q", "package", "-DskipTests").inheritIO().start();
        if (p.waitFor() != 0 || !Files.exists(jar)) {
            throw new IllegalStateException("mvn package failed; build " + jar + " first");
        }
    }

    /** Emulators for one measurement: Airtable, Trello and ClickUp at their published limits. */
    static final class Env implements AutoCloseable {
        final AirtableEmulator airtable;
        final TrelloEmulator trello;
        final ClickUpEmulator clickup;

        Env(int leads) {
            this(leads, LeadsSeed.schema());
        }

        /** With another schema of the leads table (a second link field, say). */
        Env(int leads, List<FieldSpec> schema) {
            Clock clock = Clock.systemUTC();
            airtable = new AirtableEmulator(clock, 7, AirtableLimits.defaults());
            airtable.seedLeads(schema);
            if (leads > 10) {
                airtable.addGeneratedLeads(BASE, TABLE, leads - 10);
            }
            airtable.start(0);
            trello = new TrelloEmulator(clock, 7, TrelloConfig.defaults().withOpenCardsPerBoard(Math.max(5000, 2 * leads)));
            trello.start(0);
            clickup = new ClickUpEmulator(clock, 7, ClickUpSettings.defaults());
            clickup.start(0);
        }

        List<EmulatorServer> all() {
            return List.of(airtable, trello, clickup);
        }

        void rateLimits(boolean on) {
            all().forEach(e -> e.rateLimits(on));
        }

        void resetCalls() {
            all().forEach(EmulatorServer::resetCalls);
        }

        int totalCalls() {
            return all().stream().mapToInt(EmulatorServer::totalCalls).sum();
        }

        /** The calls counted since the last reset, per service and endpoint. */
        Map<String, Map<String, Integer>> calls() {
            Map<String, Map<String, Integer>> calls = new LinkedHashMap<>();
            calls.put("Airtable", airtable.calls());
            calls.put("Trello", trello.calls());
            calls.put("ClickUp", clickup.calls());
            return calls;
        }

        /** Leads that get a card (LOST has none in the Trello mapping) or a task (every status has one in ClickUp's). */
        long itemsExpected(boolean trello) {
            return airtable.records(BASE, TABLE).stream().filter(r -> r.field("Status") != null
                    && !(trello && "LOST".equals(r.field("Status")))).count();
        }

        long linked(String field) {
            return airtable.records(BASE, TABLE).stream().filter(r -> r.field(field) != null).count();
        }

        Map<String, String> properties(Path dataDir, String trackers) {
            Map<String, String> p = Sandboxes.pointingAt(airtable, trello, clickup);
            p.put("leadsync.trackers", trackers);
            p.put("leadsync.data-dir", dataDir.toString());
            p.put("camel.main.routes-reload-enabled", "false");
            if ("postgresql".equals(System.getProperty("bench.state", "files"))) {
                p.putAll(Postgres.server().newDatabase().properties());
            }
            return p;
        }

        @Override
        public void close() {
            all().forEach(EmulatorServer::close);
        }
    }

    /** The line that ends a cycle (-Dbench.completedLine="full cycle" for builds older than that line). */
    private static final String COMPLETED_LINE = System.getProperty("bench.completedLine", "cycle completed");
    private static final Predicate<String> COMPLETED = IdleWindow.line("trello", COMPLETED_LINE);
    private static final Predicate<String> TRELLO_CYCLE = IdleWindow.cycle("trello");
    private static final Predicate<String> TRELLO_FULL_CYCLE = IdleWindow.line("trello", "full cycle:");
    /** CycleCadence's line once the pair relies on its webhooks (the shipped safety poll: 5 min). */
    private static final Predicate<String> HEALTHY = l -> l.contains(
            "pair trello: webhooks healthy; polling every PT5M as the safety net");
    /** CycleCadence's line when the pair falls back to polling every 5 s. */
    private static final Predicate<String> FELL_BACK = l -> l.contains("pair trello: ")
            && l.contains("until they are healthy again");

    // --------------------------------------------------------------------- 1, 2, 4, 5: steady state at N

    private void steadyState(int[] sizes, List<String> items) throws Exception {
        for (int n : sizes) {
            try (Env env = new Env(n)) {
                Path work = Files.createTempDirectory("leadsync-bench-" + n);
                long setUpEnded = setUp(env, work, n);
                if (items.contains("idle") || items.contains("status") || items.contains("delay")) {
                    polling(env, work, n, setUpEnded, sizes, items);
                }
                if (items.contains("idle-hooks") || items.contains("delay-hooks")) {
                    webhookMode(env, work, n, setUpEnded, n == Arrays.stream(sizes).min().orElse(n), items);
                }
            }
        }
    }

    /** Items 1, 2, 4 and 5: leadsync polling every 5 s, the shipped settings. */
    private void polling(Env env, Path work, int n, long setUpEnded, int[] sizes, List<String> items)
            throws Exception {
        Map<String, String> props = env.properties(work.resolve("data"), "trello");
        try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, true)) {
            app.awaitCount(COMPLETED, 1, Duration.ofMinutes(30));
            // the first incremental cycle re-reads what changed within the overlap before the start-up
            // snapshot (at N = 100,000 the set-up's last minute of writes: minutes at 5 requests/s)
            app.awaitCount(TRELLO_CYCLE, 1, Duration.ofMinutes(30));
            long waitFor = setUpEnded + OVERLAP_MILLIS + 6_000 - System.currentTimeMillis();
            if (waitFor > 0) {
                log("N=" + n + ": waiting " + waitFor / 1000 + " s for the set-up writes to leave the "
                        + "60 s overlap window");
                Thread.sleep(waitFor);
            }
            if (items.contains("idle")) {
                idle(env, app, n, n == Arrays.stream(sizes).max().orElse(n));
            }
            if (n == Arrays.stream(sizes).min().orElse(n) && items.contains("status")) {
                statusChanges(env, app, n, 100);
            }
            if (n == Arrays.stream(sizes).min().orElse(n) && items.contains("delay")) {
                propagation(env, app, n, Integer.getInteger("bench.changes", 60), false);
            }
        }
    }

    /**
     * Items 4 and 1 in webhook mode: leadsync with the shipped settings (safety poll 5 min, upkeep 30 min, hourly
     * reconciliation) and its webhooks on, at a free loopback port the emulators in this JVM deliver to, Trello's
     * deliveries signed with the sandbox's app secret. Measured once the pair relies on its webhooks.
     */
    private void webhookMode(Env env, Path work, int n, long setUpEnded, boolean smallest, List<String> items)
            throws Exception {
        // started after the set-up's writes left the overlap window: the first read a delivery causes reads only
        // what the benchmark changed
        long waitFor = setUpEnded + OVERLAP_MILLIS + 6_000 - System.currentTimeMillis();
        if (waitFor > 0) {
            log("N=" + n + ": waiting " + waitFor / 1000 + " s for the set-up writes to leave the 60 s overlap window");
            Thread.sleep(waitFor);
        }
        int port = WebhookServer.resolvePort(0);
        Map<String, String> props = env.properties(work.resolve("data"), "trello");
        props.put("leadsync.webhooks.public-url", "http://127.0.0.1:" + port);
        props.put("leadsync.webhooks.port", String.valueOf(port));
        props.put("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET);
        try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, true)) {
            app.awaitCount(COMPLETED, 1, Duration.ofMinutes(30));
            app.awaitCount(HEALTHY, 1, Duration.ofMinutes(5));
            log("N=" + n + ": webhooks healthy");
            if (items.contains("idle-hooks")) {
                idleWithWebhooks(env, app, n);
            }
            if (smallest && items.contains("delay-hooks")) {
                propagation(env, app, n, Integer.getInteger("bench.changes", 60), true);
            }
        }
        String note = "Webhook mode (rows marked so): after the set-up, leadsync restarted with the shipped "
                + "application.properties plus leadsync.webhooks.public-url=http://127.0.0.1:<free port>, "
                + "leadsync.webhooks.port=<that port> and leadsync.trello.secret=<the sandbox's app secret>, the "
                + "emulators in the benchmark's JVM delivering to it; measured once it logged \"webhooks healthy; "
                + "polling every PT5M as the safety net\".";
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /**
     * Item 1 in webhook mode: every API call the three emulators receive over {@code bench.hookMinutes} of an
     * idle pair relying on its webhooks, per hour, by cause. When the window held no hourly reconciliation, one
     * full read is measured after it: a lead with no card deleted in Airtable, whose ping announces a deletion, so
     * that the cycle it wakes reads everything, as the reconciliation does (and has nothing to push).
     */
    private void idleWithWebhooks(Env env, LeadsyncProcess app, int n) throws Exception {
        int minutes = Integer.getInteger("bench.hookMinutes", 30);
        awaitQuiet(env);
        int from = app.lineCount();
        CallLedger window = ledger(env, app);
        long started = System.nanoTime();
        log("N=" + n + ": idle window of " + minutes + " min with healthy webhooks");
        Thread.sleep(minutes * 60_000L);
        awaitQuiet(env);
        app.onLine(line -> { });
        window.close(env.calls());
        double hours = (System.nanoTime() - started) / 3.6e12;
        List<String> lines = app.linesSince(from);
        boolean fellBack = lines.stream().anyMatch(FELL_BACK);
        long busy = lines.stream().filter(TRELLO_CYCLE).count()
                - lines.stream().filter(IdleWindow.line("trello", IdleWindow.IDLE_LINE)).count();

        CallLedger full = window.reconciliations() > 0 ? window : fullRead(env, app);
        double reconciliation = full.calls(CallLedger.Cause.RECONCILIATION) / (double) full.reconciliations();
        String how = full == window ? "measured in the window" : "measured after the window as the full read a "
                + "ping announcing a deletion causes (a lead with no card deleted)";
        double polls = window.calls(CallLedger.Cause.SAFETY_POLLS) / hours;
        double upkeep = window.calls(CallLedger.Cause.UPKEEP) / hours;
        double other = window.calls(CallLedger.Cause.OTHER) / hours;
        double perHour = polls + upkeep + reconciliation + other;
        rows.add(new Row("1", String.format("Idle API calls per hour, webhooks healthy (safety poll 5 min, upkeep "
                + "30 min, reconciliation hourly), N = %,d leads", n), "<= 30 (1,440 polling every 5 s)",
                String.format("%s per hour: safety polls %s (%d cycles in %.1f min: %s); upkeep %s (%s); hourly "
                                + "reconciliation %s (one full read, %s: %s); other %s (%s)%s%s",
                        fmt(perHour), fmt(polls), window.polls(), hours * 60, window.describe(CallLedger.Cause.SAFETY_POLLS),
                        fmt(upkeep), window.describe(CallLedger.Cause.UPKEEP), fmt(reconciliation), how,
                        full.describe(CallLedger.Cause.RECONCILIATION), fmt(other),
                        window.describe(CallLedger.Cause.OTHER),
                        busy == 0 ? "" : " [" + busy + " incremental cycle(s) were not idle]",
                        fellBack ? " [the pair fell back to polling in the window]" : ""),
                perHour <= 30 && !fellBack ? "yes" : "no",
                CMD + " -Dbench.items=idle-hooks -Dbench.sizes=" + n + " -Dbench.hookMinutes=" + minutes));
        log("N=" + n + ": " + fmt(perHour) + " idle calls per hour with webhooks (polls " + fmt(polls) + ", upkeep "
                + fmt(upkeep) + ", reconciliation " + fmt(reconciliation) + ", other " + fmt(other) + ")");
    }

    /** A ledger open from now, told of each cycle the trello pair logs. */
    private static CallLedger ledger(Env env, LeadsyncProcess app) {
        CallLedger ledger = new CallLedger(env.calls());
        app.onLine(line -> {
            if (TRELLO_FULL_CYCLE.test(line)) {
                ledger.cycle(true, env.calls());
            } else if (TRELLO_CYCLE.test(line)) {
                ledger.cycle(false, env.calls());
            }
        });
        return ledger;
    }

    /** One full read of the idle pair, woken by the ping that announces a lead (one with no card) deleted. */
    private static CallLedger fullRead(Env env, LeadsyncProcess app) throws InterruptedException {
        String lead = env.airtable.records(BASE, TABLE).stream()
                .filter(r -> "LOST".equals(r.field("Status")) && r.field("Trello Card") == null)
                .findFirst().orElseThrow().id();
        int before = app.count(TRELLO_FULL_CYCLE);
        CallLedger ledger = ledger(env, app);
        env.airtable.deleteRecord(BASE, TABLE, lead);
        app.awaitCount(TRELLO_FULL_CYCLE, before + 1, Duration.ofMinutes(10));
        awaitQuiet(env);
        app.onLine(line -> { });
        ledger.close(env.calls());
        return ledger;
    }

    /** Initial sync with every limit lifted (emulators and client); returns when the last write ended. */
    private long setUp(Env env, Path work, int n) throws Exception {
        long items = env.itemsExpected(true);
        log("N=" + n + ": set-up, limits lifted: " + items + " cards to create and link");
        env.rateLimits(false);
        Map<String, String> props = env.properties(work.resolve("data"), "trello");
        props.put("leadsync.airtable.requests-per-second", "1000000");
        props.put("leadsync.airtable.token-requests-per-second", "1000000");
        props.put("leadsync.trello.token-requests-per-window", "100000000");
        props.put("leadsync.trello.key-requests-per-window", "100000000");
        props.put("leadsync.poll-interval", "1000");
        long started = System.nanoTime();
        try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, false)) {
            awaitTrue(() -> env.trello.calls("POST /1/cards") >= items && env.linked("Trello Card") >= items,
                    Duration.ofMinutes(60), Duration.ofSeconds(2), () -> app.tail(20));
            Thread.sleep(2_000); // the last write-back's cycle ends
        }
        log("N=" + n + ": set-up done in " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        env.rateLimits(true);
        return System.currentTimeMillis();
    }

    private void idle(Env env, LeadsyncProcess app, int n, boolean heap) throws Exception {
        IdleWindow window = idleWindow(env, app, List.of("trello"), IDLE_WARMUP);
        int cycles = window.totalCycles();
        double perCycle = window.callsPerPairCycle();
        String reproduce = CMD + " -Dbench.items=idle -Dbench.sizes=" + n;
        rows.add(new Row("1", String.format("API calls per idle cycle, N = %,d leads", n), "<= 3, constant in N",
                fmt(perCycle) + " (" + window.perCycle("Airtable", cycles) + "; "
                        + window.perCycle("Trello", cycles) + ")"
                        + (window.allIdle() ? "" : " [cycles were not all idle]"),
                perCycle <= 3 ? "yes" : "no", reproduce));
        double cpuPerCycle = window.cpuMillis() / (double) cycles;
        rows.add(new Row("5", String.format("CPU time per idle cycle, N = %,d (whole leadsync process)", n), "-",
                fmt(cpuPerCycle) + " ms", "-", reproduce));
        if (heap) {
            double mb = app.heapAfterGcMb();
            rows.add(new Row("5", String.format("Heap used after GC at steady state, N = %,d", n), "< 256 MB",
                    fmt(mb) + " MB", mb < 256 ? "yes" : "no", reproduce));
        }
        log("N=" + n + ": " + fmt(perCycle) + " calls per idle cycle, " + fmt(cpuPerCycle) + " ms CPU");
    }

    /**
     * Lets {@code warmup} cycles of each pair pass, then counts the API calls of all services (and leadsync's CPU
     * time) until each pair has logged {@link #IDLE_CYCLES} more cycles. The window opens and closes in a quiet
     * second between cycles, so that no cycle has made its reads on one side of it and logged on the other.
     */
    private static IdleWindow idleWindow(Env env, LeadsyncProcess app, List<String> pairs, int warmup)
            throws InterruptedException {
        for (String pair : pairs) {
            app.awaitCount(IdleWindow.cycle(pair), app.count(IdleWindow.cycle(pair)) + warmup + 1,
                    Duration.ofMinutes(2 + warmup / 6));
        }
        awaitQuiet(env);
        env.resetCalls();
        int from = app.lineCount();
        long cpu0 = app.cpuMillis();
        for (String pair : pairs) {
            awaitTrue(() -> app.linesSince(from).stream().filter(IdleWindow.cycle(pair)).count() >= IDLE_CYCLES,
                    Duration.ofMinutes(1 + IDLE_CYCLES / 6), Duration.ofMillis(100), () -> app.tail(20));
        }
        awaitQuiet(env);
        long cpu1 = app.cpuMillis();
        List<String> lines = app.linesSince(from);
        return IdleWindow.of(pairs, lines, env.calls(), cpu1 - cpu0);
    }

    /** Until the emulators have had no call for a second. */
    private static void awaitQuiet(Env env) throws InterruptedException {
        int before;
        int now = env.totalCalls();
        do {
            before = now;
            Thread.sleep(1_000);
            now = env.totalCalls();
        } while (now != before);
    }

    // ---------------------------------------------------------- 1: idle cost of three pairs on one table

    private static final String SECOND_BOARD = "Second Board";
    private static final String SECOND_LINK_FIELD = "Trello Card 2";
    private static final List<String> THREE_PAIRS = List.of("trello", "trello2", "clickup");

    /**
     * Three pairs from the seeded table in one process: the shipped trello and clickup pairs and trello2, a second
     * board with its own link field added as a routes file of its own (README "Adding a pair"), at the shipped
     * settings against emulators at the published limits. Once every item is linked and every pair has had an idle
     * cycle, the calls of {@link #IDLE_CYCLES} idle cycles of each pair.
     */
    private void idleThreePairs() throws Exception {
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        schema.add(FieldSpec.text(SECOND_LINK_FIELD));
        try (Env env = new Env(10, schema)) {
            String board = env.trello.control().createBoard(SECOND_BOARD);
            env.trello.control().createList(board, "TODO");
            env.trello.control().createList(board, "DONE");
            Path work = Files.createTempDirectory("leadsync-idle3");
            Path routes = Files.createDirectories(work.resolve("routes")); // the jar reads ./routes when present
            RoutesCopy.of(routes);
            Files.writeString(routes.resolve("trello2.camel.yaml"), PairRoutes.of("The benchmark's pair trello2, "
                    + "written by " + Benchmark.class.getName(), "trello2", "trello", SECOND_BOARD, SECOND_LINK_FIELD,
                    Mappings.expected("trello")));
            long cards = env.itemsExpected(true);
            long tasks = env.itemsExpected(false);
            log("three pairs on one table: " + cards + " cards on each board, " + tasks + " tasks");
            try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, env.properties(work.resolve("data"),
                    "trello,clickup"), true)) {
                awaitTrue(() -> env.linked("Trello Card") >= cards && env.linked(SECOND_LINK_FIELD) >= cards
                        && env.linked("ClickUp Task ID") >= tasks, Duration.ofMinutes(5), Duration.ofSeconds(1),
                        () -> app.tail(20));
                // the initial sync's writes are read again until they leave the 60 s overlap window
                for (String pair : THREE_PAIRS) {
                    app.awaitCount(IdleWindow.line(pair, IdleWindow.IDLE_LINE), 1, Duration.ofMinutes(3));
                }
                IdleWindow window = idleWindow(env, app, THREE_PAIRS, 0);
                double perPair = window.callsPerPairCycle();
                rows.add(new Row("1", "API calls per pair per idle cycle, three pairs on one table (trello, trello2 "
                        + "on a second board, clickup), N = 10 leads", "2 (1 Airtable read, 1 tracker read)",
                        fmt(perPair) + " (" + window.split() + ")"
                                + (window.allIdle() ? "" : " [cycles were not all idle]"),
                        perPair <= 2 ? "yes" : "no", CMD + " -Dbench.items=idle3"));
                notes.add("Three pairs (1): the ten seeded leads, no set-up phase; leadsync with the shipped "
                        + "application.properties, the shipped routes and routes/trello2.camel.yaml; measured over "
                        + IDLE_CYCLES + " cycles of each pair once every item was linked and each pair had logged "
                        + "an idle cycle (the initial sync's writes had left the overlap window).");
                log("three pairs: " + fmt(perPair) + " calls per pair per idle cycle (" + window.split() + ")");
            }
        }
    }

    static String describe(Map<String, Integer> calls, int cycles) {
        List<String> parts = new ArrayList<>();
        calls.forEach((k, v) -> parts.add(fmt(v / (double) cycles) + " x " + k));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /**
     * k cards moved to DONE in Trello between two cycles (what it costs to bring the leads to QUALIFIED), then k
     * other leads set to QUALIFIED in Airtable (what it costs to move their cards to DONE).
     */
    private void statusChanges(Env env, LeadsyncProcess app, int n, int k) throws Exception {
        String board = env.trello.control().defaultBoardId();
        List<String[]> todo = new ArrayList<>(); // record id, card id
        for (CardSnapshot c : env.trello.control().cards(board)) {
            String record = recordIdIn(c.desc());
            if (record != null && !c.closed() && "TODO".equals(c.listName()) && todo.size() < 2 * k) {
                todo.add(new String[] {record, c.id()});
            }
        }
        List<String[]> moved = todo.subList(0, k);
        measureStatusChanges(env, app, () -> moved.forEach(l -> env.trello.control().moveCard(l[1], "DONE")),
                () -> moved.stream().allMatch(l -> "QUALIFIED".equals(
                        env.airtable.record(BASE, TABLE, l[0]).orElseThrow().field("Status"))));
        int writes = env.airtable.calls("PATCH") + env.airtable.calls("POST") + env.airtable.calls("PUT");
        rows.add(new Row("2", String.format("Calls to apply k = %d status changes made in Trello to Airtable (N = %,d)",
                k, n), "<= 10 Airtable writes", writes + " Airtable writes; " + callsInAll(env),
                writes <= 10 ? "yes" : "no", CMD + " -Dbench.items=status -Dbench.sizes=" + n));
        log("k=" + k + " Trello -> Airtable: " + writes + " Airtable writes");

        List<String[]> set = todo.subList(k, 2 * k);
        measureStatusChanges(env, app, () -> set.forEach(l -> env.airtable.setField(BASE, TABLE, l[0], "Status",
                "QUALIFIED")), () -> set.stream().allMatch(l -> env.trello.control().findCard(l[1])
                .map(c -> "DONE".equals(c.listName())).orElse(false)));
        double perChange = (env.trello.calls("GET /1/cards") + env.trello.calls("PUT")) / (double) k;
        rows.add(new Row("2", String.format("Calls to apply k = %d status changes made in Airtable to Trello (N = %,d)",
                k, n), "<= 2 Trello calls per change (check, move)", fmt(perChange) + " Trello calls per change; "
                + callsInAll(env), perChange <= 2 ? "yes" : "no", CMD + " -Dbench.items=status -Dbench.sizes=" + n));
        log("k=" + k + " Airtable -> Trello: " + fmt(perChange) + " Trello calls per change");
    }

    /** Makes the changes right after a cycle has read, and waits until they landed plus two more cycles. */
    private void measureStatusChanges(Env env, LeadsyncProcess app, Runnable changes,
                                      Supplier<Boolean> landed) throws Exception {
        int before = app.count(TRELLO_CYCLE);
        app.awaitCount(TRELLO_CYCLE, before + 1, Duration.ofMinutes(1));
        env.resetCalls();
        changes.run();
        awaitTrue(landed, Duration.ofMinutes(2), Duration.ofMillis(100), () -> app.tail(20));
        int seen = app.count(TRELLO_CYCLE);
        app.awaitCount(TRELLO_CYCLE, seen + 2, Duration.ofMinutes(1));
    }

    private static String callsInAll(Env env) {
        return (env.airtable.totalCalls() + env.trello.totalCalls()) + " calls in all until they landed plus two "
                + "cycles (" + describe(env.airtable.calls(), 1) + "; " + describe(env.trello.calls(), 1) + ")";
    }

    /**
     * Changes on both sides at random moments; time until each shows on the other side ({@code hooks}: leadsync in
     * webhook mode).
     */
    private void propagation(Env env, LeadsyncProcess app, int n, int changes, boolean hooks) throws Exception {
        int from = app.lineCount();
        String board = env.trello.control().defaultBoardId();
        List<String[]> todo = new ArrayList<>(); // record id, card id
        for (CardSnapshot c : env.trello.control().cards(board)) {
            String record = recordIdIn(c.desc());
            if (record != null && !c.closed() && "TODO".equals(c.listName())) {
                todo.add(new String[] {record, c.id()});
            }
        }
        Random random = new Random(11);
        java.util.Collections.shuffle(todo, random);
        Map<Integer, Long> started = new ConcurrentHashMap<>();
        Map<Integer, Long> delays = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (delays.size() < changes && !Thread.currentThread().isInterrupted()) {
                started.forEach((i, t0) -> {
                    if (delays.containsKey(i)) {
                        return;
                    }
                    String[] lead = todo.get(i);
                    boolean arrived = i % 2 == 0
                            ? env.trello.control().findCard(lead[1]).map(c -> "DONE".equals(c.listName())).orElse(false)
                            : "QUALIFIED".equals(env.airtable.record(BASE, TABLE, lead[0]).orElseThrow().field("Status"));
                    if (arrived) {
                        delays.put(i, (System.nanoTime() - t0) / 1_000_000);
                    }
                });
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        for (int i = 0; i < changes; i++) {
            Thread.sleep(500 + random.nextInt(2000));
            String[] lead = todo.get(i);
            if (i % 2 == 0) {
                env.airtable.setField(BASE, TABLE, lead[0], "Status", "QUALIFIED"); // Airtable -> Trello
            } else {
                env.trello.control().moveCard(lead[1], "DONE"); // Trello -> Airtable
            }
            started.put(i, System.nanoTime());
        }
        awaitTrue(() -> delays.size() == changes, Duration.ofMinutes(2), Duration.ofMillis(100), () -> app.tail(20));
        watcher.interrupt();
        List<Long> all = delays.values().stream().sorted().toList();
        List<Long> toTrello = delays.entrySet().stream().filter(e -> e.getKey() % 2 == 0).map(Map.Entry::getValue).sorted().toList();
        List<Long> toAirtable = delays.entrySet().stream().filter(e -> e.getKey() % 2 == 1).map(Map.Entry::getValue).sorted().toList();
        String measured = String.format("p50 %.1f s, p95 %.1f s, p99 %.1f s, max %.1f s (Airtable->Trello p50 %.1f / "
                        + "p99 %.1f; Trello->Airtable p50 %.1f / p99 %.1f)", pct(all, 50), pct(all, 95), pct(all, 99),
                all.get(all.size() - 1) / 1000.0, pct(toTrello, 50), pct(toTrello, 99), pct(toAirtable, 50),
                pct(toAirtable, 99));
        if (hooks) {
            boolean fellBack = app.linesSince(from).stream().anyMatch(FELL_BACK);
            rows.add(new Row("4", String.format("Change propagation delay, webhook mode (%d changes, N = %,d)", changes,
                    n), "p99 < 1 s on loopback", measured + (fellBack ? " [the pair fell back to polling meanwhile]" : ""),
                    pct(all, 99) < 1.0 && !fellBack ? "yes" : "no", CMD + " -Dbench.items=delay-hooks -Dbench.sizes=" + n
                            + (changes == 60 ? "" : " -Dbench.changes=" + changes)));
        } else {
            rows.add(new Row("4", String.format("Change propagation delay, polling every 5 s (%d changes, N = %,d)",
                    changes, n), "about the interval", measured, pct(all, 99) <= 5.0 + 2.0 ? "yes" : "no",
                    CMD + " -Dbench.items=delay -Dbench.sizes=" + n));
        }
        log("propagation: p50 " + pct(all, 50) + " s, p99 " + pct(all, 99) + " s");
    }

    /** Nearest-rank percentile, seconds. */
    private static double pct(List<Long> sortedMillis, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedMillis.size());
        return sortedMillis.get(Math.max(0, rank - 1)) / 1000.0;
    }

    // ------------------------------------------------------------------------- 3: initial sync at limits

    /** Initial sync of n leads to one tracker at its published limit (limit requests per window ms). */
    private void initial(String service, int n, int limit, long window, String limitText) throws Exception {
        if (n <= 0) {
            return;
        }
        boolean trello = service.equals("Trello");
        try (Env env = new Env(n)) {
            Path work = Files.createTempDirectory("leadsync-initial-" + service.toLowerCase());
            long items = env.itemsExpected(trello);
            log("initial sync to " + service + " at " + limitText + ": " + n + " leads, " + items + " items");
            EmulatorServer tracker = trello ? env.trello : env.clickup;
            String create = trello ? "POST /1/cards" : "POST /api/v2/list/{list_id}/task";
            String linkField = trello ? "Trello Card" : "ClickUp Task ID";
            Measured m = measureInitial(tracker, () -> tracker.calls(create), items,
                    LeadsyncProcess.fromJar(jar, work, env.properties(work.resolve("data"), service.toLowerCase()), false),
                    () -> env.linked(linkField) >= items, limit, window);
            addInitialRow(m, service, n, items, limitText, work, CMD + " -Dbench.items=initial -Dbench.initialTrello="
                    + (trello ? n : 0) + " -Dbench.initialClickUp=" + (trello ? 0 : n));
        }
    }

    private record Measured(int requests, long millis, double bound, int tooMany, int created) {
    }

    private Measured measureInitial(EmulatorServer tracker, Supplier<Integer> creates, long items,
                                    LeadsyncProcess app, Supplier<Boolean> linked, int limit, long window)
            throws Exception {
        try (app) {
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(40).toNanos();
            while (first == 0) {
                if (tracker.totalCalls() > 0) {
                    first = System.nanoTime();
                }
                Thread.sleep(1);
            }
            while (creates.get() < items) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("initial sync did not finish:\n" + app.tail(20));
                }
                Thread.sleep(2);
            }
            long last = System.nanoTime();
            int requests = tracker.totalCalls();
            awaitTrue(linked::get, Duration.ofMinutes(10), Duration.ofSeconds(1), () -> app.tail(20));
            long millis = (last - first) / 1_000_000;
            double bound = (Math.ceil(requests / (double) limit) - 1) * window;
            return new Measured(requests, millis, bound, tracker.answers(429), creates.get());
        }
    }

    private void addInitialRow(Measured m, String service, int n, long items, String limit, Path work,
                               String reproduce) throws IOException {
        Path deadLetters = work.resolve("data").resolve("dead-letters.jsonl");
        long failed = Files.exists(deadLetters) ? Files.readAllLines(deadLetters).stream().filter(l -> !l.isBlank()).count() : 0;
        double share = m.bound() / m.millis();
        rows.add(new Row("3", String.format("Initial sync of N = %,d leads to %s at the real limit (%s)", n, service,
                limit), ">= 90 % of the limit bound, 0 failed", String.format("%.1f %% (%d requests in %.1f s; the "
                        + "limit allows them in %.0f s at best); %d %s created, %d failed, %d 429s",
                100 * share, m.requests(), m.millis() / 1000.0, m.bound() / 1000, m.created(),
                service.equals("Trello") ? "cards" : "tasks", failed, m.tooMany()),
                share >= 0.9 && failed == 0 && m.created() == items ? "yes" : "no", reproduce));
        log(service + ": " + String.format("%.1f %%", 100 * share));
    }

    // ------------------------------------------------------------------------------ 6: jar start-up

    private void jarStart() throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path work = Files.createTempDirectory("leadsync-jar");
            Map<String, String> props = new LinkedHashMap<>();
            props.put("leadsync.sandbox.airtable-port", "0");
            props.put("leadsync.sandbox.trello-port", "0");
            props.put("leadsync.sandbox.clickup-port", "0");
            props.put("leadsync.webhooks.port", "0");
            try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, false)) {
                long seen = app.awaitCount(COMPLETED, 1, Duration.ofMinutes(1));
                times.add((seen - app.startedNanos()) / 1_000_000);
            }
        }
        List<Long> sorted = times.stream().sorted().toList();
        double median = sorted.get(1) / 1000.0;
        rows.add(new Row("6", "Fat jar start (sandbox mode, fresh directory) to the first completed cycle", "< 5 s",
                String.format("%.2f s (median of 3: %s ms)", median, times), median < 5 ? "yes" : "no",
                "mvn -B -q package -DskipTests && " + CMD + " -Dbench.items=jar"));
    }

    // ------------------------------------------------------------------------------------ helpers

    private String table() throws IOException, InterruptedException {
        StringBuilder sb = new StringBuilder();
        sb.append("| # | Figure | Goal | Result | Met | Reproduce |\n|---|---|---|---|---|---|\n");
        rows.stream().sorted((a, b) -> a.item().compareTo(b.item())).forEach(r -> sb.append("| ").append(r.item())
                .append(" | ").append(r.figure()).append(" | ").append(r.goal()).append(" | ").append(r.result())
                .append(" | ").append(r.met()).append(" | `").append(r.reproduce()).append("` |\n"));
        sb.append("\nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(memory()).append(" memory, ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        sb.append("Set-up for the steady-state figures (1, 2, 4, 5): the initial sync ran with the emulators' rate "
                + "limits switched off, the client budgets lifted (leadsync.airtable.requests-per-second, "
                + "leadsync.airtable.token-requests-per-second, leadsync.trello.token-requests-per-window, "
                + "leadsync.trello.key-requests-per-window) and the Trello open-card limit raised to 2 x N "
                + "(TrelloConfig.withOpenCardsPerBoard); leadsync was then restarted with the shipped "
                + "application.properties (real limits, 5 s polling, 60 s overlap) against emulators at the "
                + "published limits, and measured after its start-up reconciliation and once the set-up's writes "
                + "had left the overlap window. Figures 1 and 5 are averages over " + IDLE_CYCLES + " idle cycles after "
                + IDLE_WARMUP + " more to let the JIT settle; "
                + "CPU is the whole leadsync JVM (ProcessHandle totalCpuDuration), heap is jcmd GC.heap_info after "
                + "GC.run.\n");
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }

    private static String memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.exists(meminfo)) {
            return "?";
        }
        String total = Files.readAllLines(meminfo).get(0).replaceAll("\\D+", "");
        return String.format("%.1f GiB", Long.parseLong(total) / 1024.0 / 1024.0);
    }

    static void awaitTrue(Supplier<Boolean> condition, Duration timeout, Duration poll, Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout + "; leadsync's last lines:\n" + context.get());
            }
            Thread.sleep(poll.toMillis());
        }
    }

    private static String recordIdIn(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[leadsync:(rec\\w+)]").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
    }

    static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
