package io.leadsync.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;


/**
 * The large fault campaign, run from the command line (see the README, "Fault campaign"):
 * <pre>
 * mvn -B -q package -DskipTests     # the fat jar, for the kill -9 scenarios
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.leadsync.campaign.Campaign \
 *     -Dcampaign.scenarios=200 -Dcampaign.faultRate=0.1
 * </pre>
 * System properties (defaults): campaign.scenarios (200), campaign.firstSeed (1), campaign.pairs
 * (trello,clickup: alternating; a "+" joins pairs that run together in one scenario, e.g. trello+trello2+clickup,
 * trello2 being a second board with its own link field), campaign.operations (30 per scenario), campaign.faultRate (0.1),
 * campaign.restarts (3 per scenario), campaign.jarScenarios (2: the first ones run the fat jar and kill -9 it),
 * campaign.jar.path (target/leadsync.jar), campaign.threads (2), campaign.minutes (0: no limit; else no new
 * scenario starts after that), campaign.log (unset: the sync's log is kept in memory and shown for failures;
 * a level prints it), campaign.replay (pair:seed: run only that scenario, printing the sync's log;
 * campaign.jar=true replays a fat-jar scenario), campaign.webhooks (false; true: the sync relies on webhooks, whose
 * deliveries are dropped, duplicated, delayed and reordered at the fault rate, with an Airtable webhook expiring and
 * a ClickUp one suspended in each scenario). Prints one line per scenario and the report; exits 1 on any
 * violation.
 */
public final class Campaign {

    private Campaign() {
    }

    public static void main(String[] args) throws Exception {
        String replay = System.getProperty("campaign.replay");
        RecentLog.install(System.getProperty("campaign.log", replay != null ? "INFO" : null));
        int operations = Integer.getInteger("campaign.operations", 30);
        double rate = Double.parseDouble(System.getProperty("campaign.faultRate", "0.1"));
        int restarts = Integer.getInteger("campaign.restarts", 3);
        boolean jarReplay = Boolean.getBoolean("campaign.jar");
        boolean webhooks = Boolean.getBoolean("campaign.webhooks");
        int nodes = Integer.getInteger("campaign.nodes", 1);
        if (nodes > 1 && webhooks) {
            throw new IllegalArgumentException("campaign.nodes=2 runs without webhooks (both nodes would listen on "
                    + "the scenario's one webhook port)");
        }
        Path jar = Path.of(System.getProperty("campaign.jar.path", "target/leadsync.jar"));
        List<Scenario.Spec> specs = new ArrayList<>();
        if (replay != null) {
            String[] parts = replay.split(":");
            specs.add(new Scenario.Spec(Long.parseLong(parts[1]), parts[0], operations, rate, restarts,
                    jarReplay || nodes > 1, webhooks, nodes));
        } else {
            int scenarios = Integer.getInteger("campaign.scenarios", 200);
            long firstSeed = Long.getLong("campaign.firstSeed", 1);
            int jarScenarios = Integer.getInteger("campaign.jarScenarios", 2);
            String[] pairs = System.getProperty("campaign.pairs", "trello,clickup").split(",");
            for (int i = 0; i < scenarios; i++) {
                specs.add(new Scenario.Spec(firstSeed + i, pairs[i % pairs.length].trim(), operations, rate, restarts,
                        i < jarScenarios || nodes > 1, webhooks, nodes));
            }
        }
        String settings = specs.size() + " scenario(s), " + operations + " edits each, fault rate " + rate + ", "
                + restarts + " restarts each" + (webhooks ? ", webhooks on (deliveries faulted at the same rate)" : "")
                + (nodes > 1 ? ", two nodes on PostgreSQL and ZooKeeper (each crash kills the leading node)" : "");
        CampaignReport report = run(specs, jar, Integer.getInteger("campaign.threads", replay != null ? 1 : 2),
                Long.getLong("campaign.minutes", 0));
        System.out.println(report.render(settings, System.currentTimeMillis() - START, skippedNote));
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    private static final long START = System.currentTimeMillis();
    private static volatile String skippedNote;

    static CampaignReport run(List<Scenario.Spec> specs, Path jar, int threads, long minutes) throws Exception {
        CampaignReport report = new CampaignReport();
        Path root = Files.createTempDirectory("leadsync-campaign");
        long stopStartingAt = minutes > 0 ? START + TimeUnit.MINUTES.toMillis(minutes) : Long.MAX_VALUE;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        int[] notRun = {0};
        for (Scenario.Spec spec : specs) {
            running.add(pool.submit(() -> {
                if (System.currentTimeMillis() > stopStartingAt) {
                    synchronized (notRun) {
                        notRun[0]++;
                    }
                    return null;
                }
                ScenarioResult result = runOne(spec, root, jar);
                report.add(result);
                System.out.printf("%-8s seed %-6d %-4s %3d edits %3d faults %d stops %d crashes %5.1f s  %s%n",
                        spec.pair(), spec.seed(), spec.jar() ? "jar" : spec.webhooks() ? "hook" : "", result.operations(),
                        result.faults().values().stream().mapToInt(Integer::intValue).sum(), result.stops(),
                        result.crashes(), result.millis() / 1000.0, (result.passed() ? "ok"
                                : "VIOLATIONS " + result.violations().size())
                                + (result.overwrittenInFlight().isEmpty() ? ""
                                : "  (" + result.overwrittenInFlight().size() + " edit(s) overwritten in flight)"));
                result.overwrittenInFlight().forEach(o -> System.out.println("  in flight: " + o));
                if (!result.passed()) {
                    System.out.println(result.failureReport());
                } else if (specs.size() == 1) {
                    System.out.println(result.opLog()); // a replay shows what it did
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        if (notRun[0] > 0) {
            skippedNote = notRun[0] + " scenario(s) not run: the time limit (campaign.minutes=" + minutes + ") passed";
        }
        return report;
    }

    private static ScenarioResult runOne(Scenario.Spec spec, Path root, Path jar) throws Exception {
        // no '+' in the folder: a routes file under it is included by a file: URI, where '+' reads as a space
        Path workDir = Files.createDirectories(root.resolve(spec.pair().replace('+', '_') + "-" + spec.seed()));
        try {
            return new Scenario(spec, workDir, jar).run();
        } catch (Exception | AssertionError e) {
            return new ScenarioResult(spec, 0, 0, 0, java.util.Map.of(), java.util.Map.of(), 0, 0, "",
                    List.of("scenario aborted: " + e),
                    List.of(), "", "", "", 0);
        }
    }

}
