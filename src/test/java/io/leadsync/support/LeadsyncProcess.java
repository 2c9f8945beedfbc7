package io.leadsync.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * leadsync as a child JVM with its log read line by line: the fat jar as a user starts it ({@link #fromJar}), or
 * {@code io.leadsync.Application} on the test classpath ({@link #onTestClasspath}) for tests that run before the jar
 * is built; a crash is {@link #kill()} (kill -9).
 */
public final class LeadsyncProcess implements AutoCloseable {

    /**
     * How long a child JVM may take to start and sync (a bound, not a wait): Camel, Flyway and a cluster service
     * starting take tens of seconds on a 2-CPU machine running the suite's other forks.
     */
    public static final Duration START_BOUND = Duration.ofSeconds(120);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final long startedNanos;
    private final Thread reader;
    private volatile Consumer<String> listener = line -> { };

    /** The fat jar, started in {@code workDir} with {@code -D} options. */
    public static LeadsyncProcess fromJar(Path jar, Path workDir, Map<String, String> properties, boolean debugLog)
            throws IOException {
        return new LeadsyncProcess(List.of("-jar", jar.toAbsolutePath().toString()), workDir, properties, debugLog);
    }

    /**
     * {@code io.leadsync.Application} on this JVM's classpath, started in {@code workDir} with {@code -D} options and
     * the command line's {@code args} (--migrate-state).
     */
    public static LeadsyncProcess onTestClasspath(Path workDir, Map<String, String> properties, String... args)
            throws IOException {
        // the flags the suite's own JVMs run with (pom.xml): a short-lived JVM that mostly waits spends less CPU
        // without the C2 compiler's and the parallel collector's threads, and the suite's forks share 2 CPUs
        List<String> launch = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.leadsync.Application"));
        launch.addAll(List.of(args));
        return new LeadsyncProcess(launch, workDir, properties, false);
    }

    private LeadsyncProcess(List<String> launch, Path workDir, Map<String, String> properties, boolean debugLog)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AIRTABLE") || k.startsWith("TRELLO")
                || k.startsWith("CLICKUP") || k.startsWith("LEADSYNC") || k.equals("JAVA_TOOL_OPTIONS"));
        if (debugLog) {
            builder.environment().put("LEADSYNC_LOG_LEVEL", "DEBUG");
        }
        startedNanos = System.nanoTime();
        process = builder.start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    listener.accept(line);
                    if (Boolean.getBoolean("bench.echo")) {
                        System.out.println("    " + workDir.getFileName() + " | " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "leadsync-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Hands each line logged from now on to {@code listener}, as it is read (replaces the previous one). */
    public void onLine(Consumer<String> listener) {
        this.listener = listener;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public int count(Predicate<String> matching) {
        synchronized (lines) {
            return (int) lines.stream().filter(matching).count();
        }
    }

    /** How many lines it has logged so far: a mark for {@link #linesSince}. */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The lines logged since the mark {@code from} ({@link #lineCount}), a copy. */
    public List<String> linesSince(int from) {
        synchronized (lines) {
            return List.copyOf(lines.subList(from, lines.size()));
        }
    }

    /** Waits until {@code n} lines match in total; returns the nanoTime when the n-th was seen. */
    public long awaitCount(Predicate<String> matching, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.stream().filter(matching).count() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new IllegalStateException("leadsync did not log " + n + " matching line(s) in " + timeout
                            + (process.isAlive() ? "" : " (it exited)") + "; last lines:\n" + tail(30));
                }
                lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            }
        }
        return System.nanoTime();
    }

    public String tail(int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** CPU time the process has used so far (all its threads), ms. */
    public long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** Heap in use right after a full GC, MB (jcmd GC.run, then GC.heap_info). */
    public double heapAfterGcMb() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private String jcmd(String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** How a process that ends by itself ended: its exit code and everything it printed. */
    public record Outcome(int exitCode, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }
    }

    /** Waits for the process to exit by itself (at most 90 s, then it is killed and the test fails). */
    public Outcome awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("leadsync did not exit in 90 s:\n" + tail(200));
        }
        reader.join(10_000); // the rest of the output, up to the end of the pipe
        synchronized (lines) {
            return new Outcome(process.exitValue(), String.join("\n", lines));
        }
    }

    /** kill -9: no shutdown hook, no flush, as a crash or an OOM killer would end it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then waits for the exit (up to 60 s); returns how long the process took to exit, ms. */
    public long terminate() throws InterruptedException {
        long from = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return (System.nanoTime() - from) / 1_000_000;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: Camel shuts down gracefully
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
