package io.leadsync.bench;

import static io.leadsync.bench.Benchmark.awaitTrue;
import static io.leadsync.bench.Benchmark.fmt;
import static io.leadsync.bench.Benchmark.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.leadsync.campaign.Mappings;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.support.LeadsyncProcess;
import io.leadsync.support.PairRoutes;
import io.leadsync.support.RoutesCopy;

/**
 * The heap and CPU of one node running many pairs (issue #15, item 4: a node may lead 50 pairs). The seeded table of
 * ten leads feeds {@code bench.pairs} Trello boards (default 50), each a pair with a routes file of its own and a
 * link field of its own, as a user adds them (README "Adding a pair"), from the fat jar against emulators at the
 * published limits. Once every board has its cards and every pair has logged an idle cycle: the process's CPU time
 * per second and the API calls over {@code bench.windowSeconds} (default 60), then the heap after a full GC.
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

    private ManyPairs() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.jar", "target/leadsync.jar"));
        List<FieldSpec> schema = new ArrayList<>(LeadsSeed.schema());
        List<String> pairs = IntStream.rangeClosed(1, PAIRS).mapToObj(i -> "board" + i).toList();
        pairs.forEach(pair -> schema.add(FieldSpec.text(linkField(pair))));
        try (Benchmark.Env env = new Benchmark.Env(10, schema)) {
            Path work = Files.createTempDirectory("leadsync-pairs");
            Path routes = Files.createDirectories(work.resolve("routes")); // the jar reads ./routes when present
            RoutesCopy.of(routes);
            for (String pair : pairs) {
                String board = env.trello.control().createBoard("Board " + pair);
                env.trello.control().createList(board, "TODO");
                env.trello.control().createList(board, "DONE");
                Files.writeString(routes.resolve(pair + ".camel.yaml"), PairRoutes.of("The benchmark's pair " + pair
                        + ", written by " + ManyPairs.class.getName(), pair, "trello", "Board " + pair,
                        linkField(pair), Mappings.expected("trello")));
            }
            long cards = env.itemsExpected(true);
            log(PAIRS + " pairs on one table: " + cards + " cards on each board");
            Map<String, String> properties = env.properties(work.resolve("data"), "");
            properties.put("leadsync.poll-interval", String.valueOf(POLL_SECONDS * 1000L));
            try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, properties, true)) {
                awaitTrue(() -> pairs.stream().allMatch(pair -> env.linked(linkField(pair)) >= cards),
                        Duration.ofMinutes(15), Duration.ofSeconds(2), () -> app.tail(20));
                log("every board has its cards; waiting for an idle cycle of each pair");
                for (String pair : pairs) {
                    app.awaitCount(IdleWindow.line(pair, IdleWindow.IDLE_LINE), 1, Duration.ofMinutes(5));
                }
                env.resetCalls();
                long cpu0 = app.cpuMillis();
                int from = app.lineCount();
                Thread.sleep(WINDOW_SECONDS * 1000L); // the window measured: idle cycles run by themselves
                long cpu = app.cpuMillis() - cpu0;
                IdleWindow window = IdleWindow.of(pairs, app.linesSince(from), env.calls(), cpu);
                double heap = app.heapAfterGcMb();
                log(String.format("%d pairs, one node: heap after GC %s MB; CPU %s ms per second (%s %% of one "
                                + "core); %d cycles in %d s (%s), %d API calls (Airtable %d, Trello %d)", PAIRS,
                        fmt(heap), fmt(cpu / (double) WINDOW_SECONDS), fmt(cpu / (WINDOW_SECONDS * 10.0)),
                        window.totalCycles(), WINDOW_SECONDS, window.allIdle() ? "all idle" : "not all idle",
                        window.totalCalls(), window.calls("Airtable"), window.calls("Trello")));
            }
        }
        System.exit(0); // emulator threads
    }

    private static String linkField(String pair) {
        return "Card " + pair;
    }
}
