package io.leadsync.campaign;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;

/**
 * The fat jar ({@code target/leadsync.jar}) as a child process, pointed at the campaign's emulators with
 * {@code -D} options, exactly as a user runs it; a crash is {@code kill -9} ({@link Process#destroyForcibly()}).
 * Cycles are counted from its log.
 */
final class JarSync implements SyncUnderTest {

    private final Path jar;
    private final Path workDir;
    private final List<String> options = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private Process process;
    private int cycles;
    private int reads;

    JarSync(Path jar, Sandboxes sandboxes, Path dataDir, String pair) {
        this.jar = jar.toAbsolutePath();
        this.workDir = dataDir.getParent();
        Map<String, String> properties = LeadsyncRun.testProperties(sandboxes, dataDir);
        properties.putAll(Scenario.campaignSettings(pair));
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    }

    @Override
    public synchronized void start() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -B -q package -DskipTests");
        }
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
        int before = cycles;
        long deadline = System.currentTimeMillis() + 60_000;
        while (cycles == before) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the fat jar did not start syncing; its last lines:\n" + tail());
            }
            wait(100);
        }
    }

    private void follow(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    tail.addLast(line);
                    if (tail.size() > 60) {
                        tail.removeFirst();
                    }
                    if (line.contains(" cycle: ") || line.contains("cycle skipped")) {
                        reads += line.contains(" cycle: ") ? 1 : 0;
                        cycles++;
                        notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed: its output ends here
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
        process = null;
    }

    @Override
    public String crashKind() {
        return "kill -9 of the fat jar";
    }

    /** Cycles that read both sides (skipped ones not counted). */
    @Override
    public synchronized int cyclesCompleted() {
        return reads;
    }

    @Override
    public synchronized void awaitCycles(int count) {
        int target = cycles + count;
        long deadline = System.currentTimeMillis() + 30_000;
        while (cycles < target) {
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
