package io.leadsync.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code io.leadsync.Application} in a child JVM on the test classpath, as {@code java -jar} starts it (its own
 * logging, its exit code): for what only a whole process shows, such as how a failed start-up ends.
 */
public final class ApplicationProcess {

    /** What the process printed and how it ended. */
    public record Outcome(int exitCode, String output) {

        public List<String> lines() {
            return output.lines().toList();
        }
    }

    private ApplicationProcess() {
    }

    /** Runs until the process exits by itself (at most 90 s, then it is killed and the test fails). */
    public static Outcome run(Path workDir, Map<String, String> properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.leadsync.Application");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AIRTABLE") || k.startsWith("TRELLO")
                || k.startsWith("CLICKUP") || k.startsWith("LEADSYNC") || k.equals("JAVA_TOOL_OPTIONS"));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("leadsync did not exit in 90 s:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
