package io.leadsync.bench;

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

/** leadsync's fat jar as a child JVM, as a user starts it, with its log read line by line. */
final class LeadsyncProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final long startedNanos;
    private volatile Consumer<String> listener = line -> { };

    LeadsyncProcess(Path jar, Path workDir, Map<String, String> properties, boolean debugLog) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AIRTABLE") || k.startsWith("TRELLO")
                || k.startsWith("CLICKUP") || k.startsWith("LEADSYNC") || k.equals("JAVA_TOOL_OPTIONS"));
        if (debugLog) {
            builder.environment().put("LEADSYNC_LOG_LEVEL", "DEBUG");
        }
        startedNanos = System.nanoTime();
        process = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    listener.accept(line);
                    if (Boolean.getBoolean("bench.echo")) {
                        System.out.println("    | " + line);
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
    void onLine(Consumer<String> listener) {
        this.listener = listener;
    }

    long startedNanos() {
        return startedNanos;
    }

    int count(Predicate<String> matching) {
        synchronized (lines) {
            return (int) lines.stream().filter(matching).count();
        }
    }

    /** How many lines it has logged so far: a mark for {@link #linesSince}. */
    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The lines logged since the mark {@code from} ({@link #lineCount}), a copy. */
    List<String> linesSince(int from) {
        synchronized (lines) {
            return List.copyOf(lines.subList(from, lines.size()));
        }
    }

    /** Waits until {@code n} lines match in total; returns the nanoTime when the n-th was seen. */
    long awaitCount(Predicate<String> matching, int n, Duration timeout) throws InterruptedException {
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

    String tail(int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** CPU time the process has used so far (all its threads), ms. */
    long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    /** Heap in use right after a full GC, MB (jcmd GC.run, then GC.heap_info). */
    double heapAfterGcMb() throws IOException, InterruptedException {
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

    /** kill -9: no shutdown hook, no flush, as a crash or an OOM killer would end it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, then waits for the exit (up to 60 s); returns how long the process took to exit, ms. */
    long terminate() throws InterruptedException {
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
