package io.leadsync.campaign;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/**
 * The fat jar ({@code target/leadsync.jar}) as a child process, pointed at the campaign's emulators with
 * {@code -D} options, exactly as a user runs it; a crash is {@code kill -9} ({@link Process#destroyForcibly()}).
 * Cycles are counted from its log, which is kept whole in its working directory ({@value #OUTPUT}, over every start)
 * for the failure report.
 */
final class JarSync implements SyncUnderTest {

    static final String OUTPUT = "leadsync-output.log";

    private final Path jar;
    private final Path workDir;
    private final List<String> options = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> pairs;
    private final Path pairRoutes;
    private Process process;
    /** Per pair: its cycles, and those that read both sides. */
    private final Map<String, Integer> cycles = new HashMap<>();
    private final Map<String, Integer> reads = new HashMap<>();
    /** Whether its pairs are elected (leadsync.cluster): a node that does not lead one runs no cycle. */
    private final boolean elected;
    /** The contexts started so far; and the pairs this node leads, as its log last said. */
    private int starts;
    private final Set<String> led = new HashSet<>();

    /**
     * @param settings   {@link Scenario#campaignSettings}; its include pattern, if any, is not passed: the jar
     *                   reads its routes from one folder
     * @param pairRoutes where the routes files of the pairs leadsync does not ship are; when there are any, the jar
     *                   runs in a working directory whose routes/ holds them and a copy of ./routes, as a user
     *                   adds a pair beside the jar
     */
    JarSync(Path jar, Sandboxes sandboxes, Path dataDir, List<String> pairs, Map<String, String> settings,
            Path pairRoutes) {
        this.jar = jar.toAbsolutePath();
        this.workDir = dataDir.getParent();
        this.pairs = List.copyOf(pairs);
        this.pairRoutes = pairRoutes;
        Map<String, String> properties = LeadsyncRun.testProperties(sandboxes, dataDir);
        properties.putAll(settings);
        properties.remove("camel.main.routes-include-pattern");
        this.elected = !"none".equals(properties.getOrDefault("leadsync.cluster", "none"));
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    }

    /** ./routes and the added pairs' files in the working directory's routes/, when there are added pairs. */
    private void layRoutes() throws IOException {
        if (!Files.isDirectory(pairRoutes)) {
            return; // no routes/: the jar uses its built-in copies
        }
        Path routes = Files.createDirectories(workDir.resolve("routes"));
        for (Path folder : List.of(Path.of("routes"), pairRoutes)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.camel.yaml")) {
                for (Path file : files) {
                    Files.copy(file, routes.resolve(file.getFileName().toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Override
    public synchronized void start() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -q package -DskipTests");
        }
        layRoutes();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-jar");
        command.add(jar.toString());
        // the working directory has no routes/ nor application.properties: the jar uses its built-in copies
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // no orphan if we are killed
        Thread reader = new Thread(() -> follow(started), "leadsync-jar-log");
        reader.setDaemon(true);
        reader.start();
        // a node of a cluster may follow: started is enough; alone it has started syncing
        int before = elected ? starts : total(cycles);
        long deadline = System.currentTimeMillis() + 60_000;
        while ((elected ? starts : total(cycles)) == before) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the fat jar did not start syncing; its last lines:\n" + tail());
            }
            wait(100);
        }
    }

    /** Leadership's lines: "node N leads pair P", "node N lost leadership of pair P". */
    private static final Pattern LEADERSHIP =
            Pattern.compile("node \\S+ (lost leadership of|leads) pair ([\\w-]+)");

    private void follow(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter output = Files.newBufferedWriter(workDir.resolve(OUTPUT), StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.write(line);
                output.newLine();
                synchronized (this) {
                    tail.addLast(line);
                    if (tail.size() > 60) {
                        tail.removeFirst();
                    }
                    if (line.contains("(leadsync) started in")) {
                        starts++;
                        notifyAll();
                    }
                    Matcher leads = LEADERSHIP.matcher(line);
                    if (leads.find()) {
                        if ("leads".equals(leads.group(1))) {
                            led.add(leads.group(2));
                        } else {
                            led.remove(leads.group(2));
                        }
                    }
                    Matcher pair = InProcessSync.CYCLE_THREAD.matcher(line);
                    if ((line.contains(" cycle: ") || line.contains("cycle skipped")) && pair.find()) {
                        reads.merge(pair.group(1), line.contains(" cycle: ") ? 1 : 0, Integer::sum);
                        cycles.merge(pair.group(1), 1, Integer::sum);
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends here
        }
    }

    @Override
    public String logAbout(Pattern records) {
        try (var lines = Files.lines(workDir.resolve(OUTPUT), StandardCharsets.UTF_8)) {
            return String.join(System.lineSeparator(), lines.filter(l -> records.matcher(l).find()).toList());
        } catch (IOException | UncheckedIOException e) {
            return "(" + OUTPUT + " unreadable: " + e.getMessage() + ")";
        }
    }

    synchronized String tail() {
        return String.join("\n", tail);
    }

    @Override
    public void stop() {
        end(false);
    }

    @Override
    public void crash() {
        end(true);
    }

    /** Whether this node leads one of its pairs, as its log last said (it always does alone). */
    synchronized boolean leadsAPair() {
        return process != null && (!elected || !led.isEmpty());
    }

    /** The pair's cycles so far (over all starts), skipped ones too. */
    synchronized int cyclesRun(String pair) {
        return cycles.getOrDefault(pair, 0);
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    private void end(boolean kill) {
        Process p = process;
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping the jar"));
        }
        synchronized (this) {
            process = null;
            led.clear();
        }
    }

    @Override
    public String crashKind() {
        return "kill -9 of the fat jar";
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The pair's cycles that read both sides (skipped ones not counted). */
    @Override
    public synchronized int cyclesCompleted(String pair) {
        return reads.getOrDefault(pair, 0);
    }

    @Override
    public synchronized void awaitCycles(int count) {
        Map<String, Integer> target = new HashMap<>();
        pairs.forEach(p -> target.put(p, cycles.getOrDefault(p, 0) + count));
        long deadline = System.currentTimeMillis() + 30_000;
        while (pairs.stream().anyMatch(p -> cycles.getOrDefault(p, 0) < target.get(p))) {
            if (process == null || !process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the fat jar did not complete " + count + " cycles in 30 s; its last lines:\n"
                        + tail());
            }
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
