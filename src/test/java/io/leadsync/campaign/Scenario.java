package io.leadsync.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.DeliveryFault;
import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.support.PairRoutes;
import io.leadsync.state.FileStateStorage;
import io.leadsync.state.PostgresStateStorage;
import io.leadsync.state.StateStorage;
import io.leadsync.support.Postgres;
import io.leadsync.support.Sandboxes;
import io.leadsync.webhooks.WebhookServer;

/**
 * One seeded scenario of the fault campaign: emulators with random faults, the sync running, people editing
 * both sides, abrupt restarts in the middle; then a quiet period (faults off) until the invariants hold and
 * keep holding for a few more cycles, or a deadline passes and the violations are reported.
 */
final class Scenario {

    /**
     * @param jar      run the fat jar as a child process (crashes are kill -9) instead of in-process
     * @param webhooks the sync relies on webhooks (polling as the safety net), whose deliveries the emulators drop,
     *                 duplicate, delay and reorder at the fault rate; an Airtable webhook expires and a ClickUp
     *                 webhook is suspended during the scenario
     * @param nodes    1, or 2: two fat jars share a PostgreSQL database and a ZooKeeper election, and each crash is
     *                 kill -9 of the node leading the pair ({@link TwoNodes})
     */
    record Spec(long seed, String pair, int operations, double faultRate, int restarts, boolean jar,
                boolean webhooks, int nodes) {

        /** The pairs that run together: "trello+trello2+clickup" is three in one process, "trello" one. */
        List<String> pairs() {
            return List.of(pair.split("\\+"));
        }

        String replayCommand() {
            return "mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass="
                    + Campaign.class.getName() + " -Dcampaign.replay=" + pair + ":" + seed
                    + " -Dcampaign.operations=" + operations + " -Dcampaign.faultRate=" + faultRate
                    + " -Dcampaign.restarts=" + restarts + (jar ? " -Dcampaign.jar=true" : "")
                    + (webhooks ? " -Dcampaign.webhooks=true" : "") + (nodes > 1 ? " -Dcampaign.nodes=" + nodes : "");
        }
    }

    /** Every fault the emulators can inject into an API call. */
    static final Fault[] FAULTS = {Fault.RATE_LIMIT, Fault.SERVER_ERROR_500, Fault.BAD_GATEWAY_502,
            Fault.UNAVAILABLE_503, Fault.DELAY, Fault.DROP_CONNECTION, Fault.LOSE_RESPONSE, Fault.MALFORMED_JSON,
            Fault.HTML_200};
    private static final long EMULATOR_DELAY_MILLIS = 3_000;
    private static final long SETTLE_DEADLINE_MILLIS = 30_000;
    /**
     * With webhooks: the safety net's poll, scaled down as the poll interval is (200 ms), so a lost delivery is
     * made up for within the scenario; and the upkeep's, so an expired or suspended webhook is mended in it.
     */
    private static final long SAFETY_POLL_MILLIS = 3_000;
    private static final long UPKEEP_MILLIS = 2_000;

    private final Spec spec;
    private final Path workDir;
    private final Path jar;
    private final OpLog log = new OpLog();
    private int stops;
    private int crashes;

    Scenario(Spec spec, Path workDir, Path jar) {
        this.spec = spec;
        this.workDir = workDir;
        this.jar = jar;
    }

    /** The pairs leadsync ships (routes/trello.camel.yaml, clickup.camel.yaml), enabled by leadsync.trackers. */
    private static final List<String> SHIPPED = List.of("trello", "clickup");

    /**
     * Settings every campaign run adds to the test defaults: the scenario's pairs, frequent full reconciliations.
     * The shipped pairs are switched on by leadsync.trackers; any other pair is a routes file of its own
     * ({@link #pairRoutes}) in {@code routesDir}, which the in-process sync includes (the fat jar runs a copy of
     * routes/ with it, {@link JarSync}).
     */
    static Map<String, String> campaignSettings(List<String> pairs, Path routesDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> shipped = pairs.stream().filter(SHIPPED::contains).toList();
        if (shipped.isEmpty()) {
            throw new IllegalArgumentException("pairs " + pairs + " have neither trello nor clickup: run one beside them");
        }
        settings.put("leadsync.trackers", String.join(",", shipped));
        settings.put("leadsync.reconcile-interval", "2000");
        if (shipped.size() < pairs.size()) {
            settings.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:"
                    + routesDir.toAbsolutePath() + "/*.camel.yaml");
        }
        return settings;
    }

    /**
     * The routes file of a pair leadsync does not ship (trello2: the second board, its own link field, the trello
     * pair's mapping), as a user adds one; empty for a shipped pair.
     */
    static Optional<String> pairRoutes(TrackerSide tracker) {
        if (SHIPPED.contains(tracker.pair())) {
            return Optional.empty();
        }
        return Optional.of(PairRoutes.of("The fault campaign's pair " + tracker.pair() + ", written by "
                + Scenario.class.getName(), tracker.pair(), tracker.kind(), tracker.place(), tracker.linkField(),
                Mappings.expected(tracker.kind())));
    }

    ScenarioResult run() throws Exception {
        long started = System.currentTimeMillis();
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        Path routesDir = workDir.resolve("pairs");
        Random plan = new Random(spec.seed() * 7919 + 17);
        Postgres.Database db = spec.nodes() > 1 ? Postgres.server().newDatabase() : null;
        try (Sandboxes sandboxes = sandboxes(); StateStorage state = db == null
                ? new FileStateStorage(dataDir.toString())
                : PostgresStateStorage.connect(db.url(), db.user(), db.password(), 2, "the campaign's database")) {
            List<TrackerSide> trackers = spec.pairs().stream().map(p -> TrackerSide.of(p, sandboxes)).toList();
            for (TrackerSide tracker : trackers) {
                Optional<String> routes = pairRoutes(tracker);
                if (routes.isPresent()) {
                    Files.createDirectories(routesDir);
                    Files.writeString(routesDir.resolve(tracker.pair() + ".camel.yaml"), routes.get());
                }
            }
            Map<String, String> settings = campaignSettings(spec.pairs(), routesDir);
            if (spec.webhooks()) {
                settings.putAll(webhookSettings(sandboxes));
            }
            Invariants invariants = new Invariants(sandboxes, trackers, state);
            List<EmulatorServer> emulators = List.of(sandboxes.airtable, sandboxes.trello, sandboxes.clickup);
            for (int i = 0; i < emulators.size(); i++) {
                emulators.get(i).faults().randomly(spec.faultRate(), spec.seed() * 31 + i, FAULTS);
                if (spec.webhooks()) {
                    emulators.get(i).deliveries().delayFaultMillis(EMULATOR_DELAY_MILLIS);
                    emulators.get(i).deliveries().faults().randomly(spec.faultRate(), spec.seed() * 37 + i,
                            DeliveryFault.values());
                }
            }
            List<String> violations = new ArrayList<>();
            List<String> overwrittenInFlight = new ArrayList<>();
            SyncUnderTest sync = db != null ? twoNodes(sandboxes, db, settings, routesDir)
                    : spec.jar() ? new JarSync(jar, sandboxes, dataDir, spec.pairs(), settings, routesDir)
                    : new InProcessSync(sandboxes, dataDir, spec.pairs(), settings);
            People people = new People(spec.seed(), sandboxes, trackers, log, sync::cyclesCompleted);
            try (sync) {
                start(sync);
                if (sync instanceof InProcessSync inProcess) {
                    for (TrackerSide tracker : trackers) {
                        StatusMapping mapping = inProcess.mapping(tracker.pair());
                        if (mapping == null || !Mappings.same(mapping, Mappings.expected(tracker.kind()))) {
                            violations.add("the " + tracker.pair() + " pair has another mapping than the campaign "
                                    + "expects: " + mapping);
                        }
                    }
                }
                sync.awaitCycles(3); // people start on a synced board, as they would in real life
                Set<Integer> restartAt = restartPoints(plan);
                int expireAt = plan.nextInt(spec.operations());
                int suspendAt = plan.nextInt(spec.operations());
                for (int op = 0; op < spec.operations(); op++) {
                    if (restartAt.contains(op)) {
                        restart(sync, sandboxes, plan.nextInt(3) > 0);
                    }
                    if (spec.webhooks() && op == expireAt) {
                        sandboxes.airtable.expireWebhooks(Sandboxes.BASE);
                        log.add("airtable: the base's webhooks expired");
                    }
                    if (spec.webhooks() && op == suspendAt && spec.pairs().contains("clickup")) {
                        sandboxes.clickup.webhookIds().forEach(sandboxes.clickup::suspendWebhook);
                        log.add("clickup: the list's webhook suspended");
                    }
                    people.act();
                    Thread.sleep(plan.nextInt(250));
                }
                emulators.forEach(e -> e.faults().clear());
                emulators.forEach(e -> e.deliveries().faults().clear());
                log.add("faults off; quiet period");
                violations.addAll(settle(sync, invariants, people));
                overwrittenInFlight.addAll(invariants.overwrittenInFlight());
                sync.stop();
                log.add("sync stopped");
            }
            violations.addAll(invariants.checkState(people.leads()));
            Pattern records = RecentLog.records(violations);
            String syncLog = records == null ? "" : sync.logAbout(records);
            Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
            emulators.forEach(e -> e.faults().injected().forEach((k, v) -> faults.merge(k, v, Integer::sum)));
            Map<DeliveryFault, Integer> deliveryFaults = new EnumMap<>(DeliveryFault.class);
            emulators.forEach(e -> e.deliveries().faults().injected()
                    .forEach((k, v) -> deliveryFaults.merge(k, v, Integer::sum)));
            return new ScenarioResult(spec, people.executed(), people.skipped(), people.together(), faults,
                    deliveryFaults, stops, crashes,
                    sync.crashKind(), violations, overwrittenInFlight,
                    log.toString(), RecentLog.stateAbout(state, violations), syncLog,
                    System.currentTimeMillis() - started);
        }
    }

    /**
     * Two fat jars, each in a working directory of its own (node-a, node-b), on the scenario's database and in one
     * election of the campaign's ZooKeeper; sessions end 2 s after a node is killed.
     */
    private TwoNodes twoNodes(Sandboxes sandboxes, Postgres.Database db, Map<String, String> settings,
                              Path routesDir) throws java.io.IOException {
        String election = "/campaign-" + spec.seed() + "-" + System.nanoTime();
        List<JarSync> nodes = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            Map<String, String> own = new LinkedHashMap<>(settings);
            own.putAll(db.properties());
            own.put("leadsync.cluster", "zookeeper");
            own.put("leadsync.cluster.node-id", node);
            own.put("leadsync.cluster.zookeeper.nodes", Elections.connectString());
            own.put("leadsync.cluster.zookeeper.base-path", election);
            own.put("leadsync.cluster.zookeeper.session-timeout", "2000");
            own.put("leadsync.cluster.zookeeper.connect-timeout", "1000");
            Path data = Files.createDirectories(workDir.resolve(node).resolve("data"));
            nodes.add(new JarSync(jar, sandboxes, data, spec.pairs(), own, routesDir));
        }
        return new TwoNodes(spec.pairs(), nodes.get(0), nodes.get(1));
    }

    /**
     * Webhooks on, at a fixed port for the scenario (the webhooks registered stay valid across its restarts), the
     * Trello deliveries signed with the sandbox's app secret; the services retry failed deliveries within seconds.
     */
    private static Map<String, String> webhookSettings(Sandboxes sandboxes) throws java.io.IOException {
        int port = WebhookServer.resolvePort(0);
        sandboxes.airtable.webhookRetryBackoff(java.time.Duration.ofMillis(500));
        sandboxes.clickup.webhookRetryDelay(java.time.Duration.ofMillis(500));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("leadsync.webhooks.port", String.valueOf(port));
        settings.put("leadsync.webhooks.public-url", "http://127.0.0.1:" + port);
        settings.put("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET);
        settings.put("leadsync.webhooks.safety-poll", String.valueOf(SAFETY_POLL_MILLIS));
        settings.put("leadsync.webhooks.upkeep-interval", String.valueOf(UPKEEP_MILLIS));
        return settings;
    }

    /**
     * The emulators from the seed; with the pair trello2, the table has its link field "Trello Card 2" and Trello
     * its board "Second Board" with lists TODO and DONE.
     */
    private Sandboxes sandboxes() {
        if (!spec.pairs().contains("trello2")) {
            return Sandboxes.fast(spec.seed());
        }
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        schema.add(FieldSpec.text(TrelloSide.SECOND_LINK_FIELD));
        Sandboxes sandboxes = Sandboxes.fast(spec.seed(), schema);
        TrelloControl trello = sandboxes.trello.control();
        String board = trello.createBoard(TrelloSide.SECOND_BOARD);
        trello.createList(board, "TODO");
        trello.createList(board, "DONE");
        return sandboxes;
    }

    private Set<Integer> restartPoints(Random plan) {
        Set<Integer> points = new TreeSet<>();
        while (points.size() < Math.min(spec.restarts(), spec.operations() / 2)) {
            points.add(spec.operations() / 5 + plan.nextInt(spec.operations() - spec.operations() / 5));
        }
        return points;
    }

    /** Starts the sync; a start-up that a fault made fail is tried again, as a supervisor would. */
    private void start(SyncUnderTest sync) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                sync.start();
                log.add("sync started");
                return;
            } catch (Exception e) {
                if (attempt == 5) {
                    throw e;
                }
                log.add("sync start failed (" + e.getMessage() + "); again");
            }
        }
    }

    /** Stops the sync, abruptly (right as a write goes out) or not, and starts it again. */
    private void restart(SyncUnderTest sync, Sandboxes sandboxes, boolean abrupt) throws Exception {
        if (abrupt || spec.jar()) {
            awaitWriteInFlight(sandboxes);
            sync.crash();
            crashes++;
            log.add("sync crashed (" + sync.crashKind() + ")");
        } else {
            sync.stop();
            stops++;
            log.add("sync stopped");
        }
        start(sync);
    }

    /** Waits (at most 2 s) until the sync sends a write to any service, so that the crash lands mid-work. */
    private static void awaitWriteInFlight(Sandboxes sandboxes) throws InterruptedException {
        int before = writes(sandboxes);
        long deadline = System.currentTimeMillis() + 2_000;
        while (writes(sandboxes) == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
    }

    private static int writes(Sandboxes s) {
        return s.trello.calls("POST") + s.trello.calls("PUT") + s.clickup.calls("POST") + s.clickup.calls("PUT")
                + s.airtable.calls("PATCH");
    }

    /**
     * Lets the sync run without faults until the invariants hold twice, three cycles apart (one safety poll with
     * webhooks), after any delayed request has landed; returns the last violations found when that does not happen
     * in time.
     */
    private List<String> settle(SyncUnderTest sync, Invariants invariants, People people) throws InterruptedException {
        long quietSince = System.currentTimeMillis();
        List<String> last = List.of("not checked");
        boolean heldOnce = false;
        long deadline = SETTLE_DEADLINE_MILLIS + (spec.webhooks() ? 6 * SAFETY_POLL_MILLIS : 0);
        while (System.currentTimeMillis() - quietSince < deadline) {
            try {
                // with webhooks an idle cycle comes once per safety poll: one is as far apart in time as three
                sync.awaitCycles(spec.webhooks() ? 1 : 3);
            } catch (AssertionError e) {
                return List.of("the sync stalled in the quiet period: " + e.getMessage());
            }
            if (System.currentTimeMillis() - quietSince < EMULATOR_DELAY_MILLIS + 500) {
                continue;
            }
            last = invariants.check(people.leads());
            if (last.isEmpty() && heldOnce) {
                log.add("invariants hold");
                return last;
            }
            heldOnce = last.isEmpty();
        }
        return last;
    }
}
