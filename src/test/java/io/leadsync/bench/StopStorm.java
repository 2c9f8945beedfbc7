package io.leadsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.support.LeadsyncProcess;

/**
 * Stops during an initial sync, as an operator or a crashing machine would make them: a storm of {@code kill -9}
 * (the fat jar killed every few seconds and restarted, then left to settle) and one SIGTERM part-way. Counts what
 * a stop must never leave behind: leads whose card/task id is missing from (or wrong in) their link field, and
 * leads with more than one open item. A tool, not a test: nothing here asserts.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.leadsync.bench.StopStorm
 * </pre>
 * Options: {@code storm.items} (kill9-trello,kill9-clickup,sigterm), {@code storm.trelloLeads} (2000),
 * {@code storm.clickupLeads} (400), {@code storm.kills} (8), {@code storm.minGap}/{@code storm.maxGap} (8000/20000 ms),
 * {@code storm.seed} (1), {@code storm.sigtermAfter}
 * (14000 ms), {@code storm.sigtermLeads} (600), {@code bench.jar}, {@code bench.echo}.
 */
public final class StopStorm {

    private static final Pattern MARKER = Pattern.compile("\\[leadsync:(rec\\w+)]");

    private final Path jar = Path.of(System.getProperty("bench.jar", "target/leadsync.jar"));
    private final Random random = new Random(Long.getLong("storm.seed", 1));

    public static void main(String[] args) throws Exception {
        StopStorm storm = new StopStorm();
        List<String> items = List.of(System.getProperty("storm.items", "kill9-trello,kill9-clickup,sigterm").split(","));
        if (items.contains("kill9-trello")) {
            storm.killStorm(true, Integer.getInteger("storm.trelloLeads", 2000));
        }
        if (items.contains("kill9-clickup")) {
            storm.killStorm(false, Integer.getInteger("storm.clickupLeads", 400));
        }
        if (items.contains("sigterm")) {
            storm.sigterm(Integer.getInteger("storm.sigtermLeads", 600), Long.getLong("storm.sigtermAfter", 14_000));
        }
        System.exit(0); // emulator threads
    }

    /** kill -9 every 8-20 s (storm.minGap, storm.maxGap) during the initial sync, then one last run left to finish and settle. */
    private void killStorm(boolean trello, int leads) throws Exception {
        String pair = trello ? "trello" : "clickup";
        int kills = Integer.getInteger("storm.kills", 8);
        int minGap = Integer.getInteger("storm.minGap", 8_000);
        int maxGap = Integer.getInteger("storm.maxGap", 20_000);
        try (Benchmark.Env env = new Benchmark.Env(leads)) {
            Path work = Files.createTempDirectory("leadsync-storm-" + pair);
            Map<String, String> props = env.properties(work.resolve("data"), pair);
            long expected = env.itemsExpected(trello);
            Benchmark.log(pair + ": kill -9 storm, " + leads + " leads, " + expected + " items expected, " + kills
                    + " kills");
            for (int i = 0; i < kills; i++) {
                LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, false);
                Thread.sleep(minGap + random.nextInt(maxGap - minGap)); // start-up and the first full read included
                app.kill();
                Benchmark.log(pair + ": killed #" + (i + 1) + ", " + openItems(env, trello).size() + " open items");
            }
            try (LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, props, false)) {
                Benchmark.awaitTrue(() -> openItems(env, trello).size() >= expected, Duration.ofMinutes(40),
                        Duration.ofSeconds(2), () -> app.tail(20));
                Thread.sleep(15_000); // three poll intervals: the last write-backs and a full cycle's repairs land
            }
            report(pair + " kill -9 storm (" + kills + " kills, then settled)", env, trello, expected);
        }
    }

    /** One SIGTERM part-way through an initial sync to Trello: how long the stop took, what it left behind. */
    private void sigterm(int leads, long afterMillis) throws Exception {
        try (Benchmark.Env env = new Benchmark.Env(leads)) {
            Path work = Files.createTempDirectory("leadsync-sigterm");
            LeadsyncProcess app = LeadsyncProcess.fromJar(jar, work, env.properties(work.resolve("data"), "trello"), false);
            Thread.sleep(afterMillis);
            long exit = app.terminate();
            Benchmark.log("SIGTERM " + afterMillis / 1000 + " s into the initial sync: exited in " + exit + " ms "
                    + "(camel.main.shutdown-timeout is 15 s); leadsync's last lines:\n" + app.tail(8));
            report("trello SIGTERM after " + afterMillis / 1000 + " s (nothing restarted)", env, true,
                    env.itemsExpected(true));
        }
    }

    private static void report(String what, Benchmark.Env env, boolean trello, long expected) {
        String field = trello ? "Trello Card" : "ClickUp Task ID";
        Map<String, List<String>> open = openItems(env, trello);
        Map<String, RecordSnapshot> leads = new HashMap<>();
        env.airtable.records(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME).forEach(r -> leads.put(r.id(), r));
        long withItem = open.size();
        long missing = open.entrySet().stream().filter(e -> leads.containsKey(e.getKey())
                && leads.get(e.getKey()).field(field) == null).count();
        long wrong = open.entrySet().stream().filter(e -> leads.containsKey(e.getKey())
                && leads.get(e.getKey()).field(field) != null
                && !e.getValue().contains(String.valueOf(leads.get(e.getKey()).field(field)))).count();
        long duplicated = open.values().stream().filter(ids -> ids.size() > 1).count();
        Benchmark.log(String.format("RESULT %s: %d of %d leads have an open item; of those %d lack the id in '%s', "
                + "%d hold another id; %d leads have more than one open item", what, withItem, expected, missing,
                field, wrong, duplicated));
    }

    /** record id -> ids of the open items carrying its marker. */
    private static Map<String, List<String>> openItems(Benchmark.Env env, boolean trello) {
        Map<String, List<String>> out = new HashMap<>();
        if (trello) {
            for (CardSnapshot c : env.trello.control().cards(env.trello.control().defaultBoardId())) {
                add(out, c.closed() ? null : c.desc(), c.id());
            }
        } else {
            for (ClickUpTask t : env.clickup.tasks()) {
                add(out, t.archived() ? null : t.description(), t.id());
            }
        }
        return out;
    }

    private static void add(Map<String, List<String>> out, String text, String id) {
        Matcher m = text == null ? null : MARKER.matcher(text);
        if (m != null && m.find()) {
            out.computeIfAbsent(m.group(1), k -> new java.util.ArrayList<>()).add(id);
        }
    }
}
