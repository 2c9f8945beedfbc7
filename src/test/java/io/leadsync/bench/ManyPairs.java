package io.leadsync.bench;

import static io.leadsync.bench.Benchmark.awaitTrue;
import static io.leadsync.bench.Benchmark.fmt;
import static io.leadsync.bench.Benchmark.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.leadsync.campaign.Mappings;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.PairRoutes;
import io.leadsync.support.Postgres;
import io.leadsync.support.RoutesCopy;
import org.apache.curator.test.TestingServer;

/**
 * The heap and CPU of nodes running many pairs (issue #15, item 4: 50 pairs on one node, or across three). The
 * seeded table of ten leads feeds {@code bench.pairs} Trello boards (default 50), each a pair with a routes file of its own and a
 * link field of its own, as a user adds them (README "Adding a pair"), from the fat jar against emulators at the
 * published limits. Once every board has its cards and every pair has logged an idle cycle: the process's CPU time
 * per second and the API calls over {@code bench.windowSeconds} (default 60), then the heap after a full GC. With
 * {@code bench.nodes} = 3, three jars share an embedded PostgreSQL and a ZooKeeper election: which node ran each
 * pair's cycles in the window (exactly one each, spread across the nodes) and each node's heap and CPU.
 * <p>
 * Fifty pairs on one base and one Trello token share their budgets (5 requests per second for the base, 100 per
 * 10 s for the token), so they poll every {@code bench.pollSeconds} (default 20 s): at 5 s, 50 pairs would need
 * 10 table reads a second, twice what the base allows.
 * <p>
 * {@code mvn -B -q package -DskipTests && mvn -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.leadsync.bench.ManyPairs}
 */
public final class ManyPairs {

    private static final int PAIRS = Integer.getInteger("bench.pairs", 50);
    private static final int WINDOW_SECONDS = Integer.getInteger("bench.windowSeconds", 60);
    private static final int POLL_SECONDS = Integer.getInteger("bench.pollSeconds", 20);
    /** More than one: the nodes share an embedded PostgreSQL and a ZooKeeper election, leadership spread on. */
    private static final int NODES = Integer.getInteger("bench.nodes", 1);

    private ManyPairs() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "target/leadsync.jar"));
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        List<String> pairs = IntStream.rangeClosed(1, PAIRS).mapToObj(i -> "board" + i).toList();
        pairs.forEach(pair -> schema.add(FieldSpec.text(linkField(pair))));
        try (Benchmark.Env env = new Benchmark.Env(10, schema)) {
            Path work = Files.createTempDirectory("leadsync-pairs");
            Map<String, String> pairFiles = new LinkedHashMap<>();
            for (String pair : pairs) {
                String board = env.trello.control().createBoard("Board " + pair);
                env.trello.control().createList(board, "TODO");
                env.trello.control().createList(board, "DONE");
                pairFiles.put(pair + ".camel.yaml", PairRoutes.of("The benchmark's pair " + pair + ", written by "
                        + ManyPairs.class.getName(), pair, "trello", "Board " + pair, linkField(pair),
                        Mappings.expected("trello")));
            }
            long cards = env.itemsExpected(true);
            log(PAIRS + " pairs on one table: " + cards + " cards on each board, " + NODES + " node(s)");
            Map<String, String> shared = new LinkedHashMap<>();
            shared.put("leadsync.poll-interval", String.valueOf(POLL_SECONDS * 1000L));
            TestingServer zooKeeper = null;
            if (NODES > 1) {
                zooKeeper = new TestingServer(true);
                shared.putAll(Postgres.server().newDatabase().properties());
                shared.put("leadsync.cluster", "zookeeper");
                shared.put("leadsync.cluster.zookeeper.nodes", zooKeeper.getConnectString());
                // each node its share of the budgets of the one base and token (README "Running on more than one
                // node"): unaware of each other, three nodes at the full 5 requests a second would keep the base
                // answering 429, each 429 holding every request for 30 s
                shared.put("leadsync.airtable.requests-per-second", String.valueOf(Math.max(1, 5 / NODES)));
                shared.put("leadsync.trello.token-requests-per-window", String.valueOf(100 / NODES));
                shared.put("leadsync.trello.key-requests-per-window", String.valueOf(300 / NODES));
            }
            List<LeadsyncProcess> nodes = new ArrayList<>();
            try {
                for (int n = 1; n <= NODES; n++) {
                    Path node = work.resolve("node-" + n);
                    Path routes = Files.createDirectories(node.resolve("routes")); // the jar reads ./routes
                    RoutesCopy.of(routes);
                    for (Map.Entry<String, String> file : pairFiles.entrySet()) {
                        Files.writeString(routes.resolve(file.getKey()), file.getValue());
                    }
                    Map<String, String> properties = env.properties(node.resolve("data"), "");
                    properties.putAll(shared);
                    properties.put("leadsync.cluster.node-id", "node-" + n);
                    nodes.add(LeadsyncProcess.fromJar(jar, node, properties, true));
                }
                measure(env, pairs, cards, nodes);
            } finally {
                for (LeadsyncProcess node : nodes) {
                    node.close();
                }
                if (zooKeeper != null) {
                    zooKeeper.close();
                }
            }
        }
        System.exit(0); // emulator threads
    }

    private static void measure(Benchmark.Env env, List<String> pairs, long cards, List<LeadsyncProcess> nodes)
            throws Exception {
        long started = System.nanoTime();
        long[] reported = {started};
        awaitTrue(() -> {
            long linked = pairs.stream().mapToLong(pair -> Math.min(cards, env.linked(linkField(pair)))).sum();
            if (System.nanoTime() - reported[0] > 60_000_000_000L) { // progress once a minute
                reported[0] = System.nanoTime();
                log(String.format("%d of %d card ids written back after %d s", linked, cards * pairs.size(),
                        (reported[0] - started) / 1_000_000_000L));
            }
            return linked == cards * pairs.size();
        }, Duration.ofMinutes(15), Duration.ofSeconds(2), () -> nodes.get(0).tail(20));
        log("every board has its cards; waiting for an idle cycle of each pair");
        awaitTrue(() -> pairs.stream().allMatch(pair -> nodes.stream()
                        .anyMatch(node -> node.count(IdleWindow.line(pair, IdleWindow.IDLE_LINE)) > 0)),
                Duration.ofMinutes(5), Duration.ofSeconds(1), () -> nodes.get(0).tail(20));
        env.resetCalls();
        long[] cpu0 = nodes.stream().mapToLong(LeadsyncProcess::cpuMillis).toArray();
        int[] from = nodes.stream().mapToInt(LeadsyncProcess::lineCount).toArray();
        Thread.sleep(WINDOW_SECONDS * 1000L); // the window measured: idle cycles run by themselves
        List<String> allLines = new ArrayList<>();
        Map<String, Set<Integer>> cyclingNodes = new TreeMap<>();
        for (int n = 0; n < nodes.size(); n++) {
            LeadsyncProcess node = nodes.get(n);
            List<String> lines = node.linesSince(from[n]);
            allLines.addAll(lines);
            long cpu = node.cpuMillis() - cpu0[n];
            int led = 0;
            for (String pair : pairs) {
                if (lines.stream().anyMatch(IdleWindow.cycle(pair))) {
                    cyclingNodes.computeIfAbsent(pair, p -> new TreeSet<>()).add(n + 1);
                    led++;
                }
            }
            log(String.format("node-%d: ran the cycles of %d pair(s); heap after GC %s MB; CPU %s ms per second (%s %% "
                            + "of one core)", n + 1, led, fmt(node.heapAfterGcMb()), fmt(cpu / (double) WINDOW_SECONDS),
                    fmt(cpu / (WINDOW_SECONDS * 10.0))));
        }
        IdleWindow window = IdleWindow.of(pairs, allLines, env.calls(), 0);
        long byOne = cyclingNodes.values().stream().filter(n -> n.size() == 1).count();
        log(String.format("%d pairs on %d node(s): %d pair(s) cycled on exactly one node in the %d s window, %d on "
                        + "several, %d on none; %d cycles (%s), %d API calls (Airtable %d, Trello %d)", PAIRS,
                nodes.size(), byOne, WINDOW_SECONDS, cyclingNodes.size() - byOne, PAIRS - cyclingNodes.size(),
                window.totalCycles(), window.allIdle() ? "all idle" : "not all idle", window.totalCalls(),
                window.calls("Airtable"), window.calls("Trello")));
    }

    private static String linkField(String pair) {
        return "Card " + pair;
    }
}
