package io.leadsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What leadsync did over a window of idle cycles: the cycles each pair logged in it, how many of them were idle, and
 * the API calls the emulators counted in it, per service (in the order given) and endpoint.
 *
 * @param cycles per pair, the cycles it logged in the window
 * @param idle   of those, the cycles that read nothing and had nothing to push
 * @param calls  per service ("Airtable", "Trello", "ClickUp"), calls per endpoint
 */
record IdleWindow(Map<String, Integer> cycles, int idle, Map<String, Map<String, Integer>> calls, long cpuMillis) {

    /** The start of the line that ends an incremental cycle (SyncCycle.logged, at DEBUG when idle). */
    static final String CYCLE_LINE = "incremental cycle:";
    static final String IDLE_LINE = "incremental cycle: 0 lead(s) and 0 item(s)";

    /**
     * A line about {@code pair} that says {@code text}: logback.xml prints the pair (the MDC) as a column; builds
     * before that prefixed the message with "[pair]". The pair is a whole word: trello's lines are not trello2's.
     */
    static Predicate<String> line(String pair, String text) {
        return l -> (l.contains(" " + pair + " ") || l.contains("[" + pair + "] ")) && l.contains(text);
    }

    static Predicate<String> cycle(String pair) {
        return line(pair, CYCLE_LINE);
    }

    /** The window between two points of leadsync's log ({@code lines}: the lines logged in between). */
    static IdleWindow of(List<String> pairs, List<String> lines, Map<String, Map<String, Integer>> calls,
                         long cpuMillis) {
        Map<String, Integer> cycles = new LinkedHashMap<>();
        int idle = 0;
        for (String pair : pairs) {
            cycles.put(pair, (int) lines.stream().filter(cycle(pair)).count());
            idle += (int) lines.stream().filter(line(pair, IDLE_LINE)).count();
        }
        return new IdleWindow(cycles, idle, calls, cpuMillis);
    }

    int totalCycles() {
        return cycles.values().stream().mapToInt(Integer::intValue).sum();
    }

    boolean allIdle() {
        return idle == totalCycles();
    }

    int calls(String service) {
        return calls.getOrDefault(service, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    int totalCalls() {
        return calls.keySet().stream().mapToInt(this::calls).sum();
    }

    /** API calls per cycle of one pair, all services together. */
    double callsPerPairCycle() {
        return totalCalls() / (double) totalCycles();
    }

    /** A service's calls per endpoint, as averages over {@code cycles}: "1 x GET /v0/{baseId}/{table}". */
    String perCycle(String service, int cycles) {
        return Benchmark.describe(calls.getOrDefault(service, Map.of()), cycles);
    }

    /** The cycles per pair and each service's calls in the window: "trello 12, clickup 12 cycles; Airtable 24 (24 x GET ...)". */
    String split() {
        List<String> pairs = new ArrayList<>();
        cycles.forEach((pair, n) -> pairs.add(pair + " " + n));
        List<String> services = new ArrayList<>();
        calls.keySet().forEach(s -> services.add(s + " " + calls(s) + " (" + perCycle(s, 1) + ")"));
        return String.join(", ", pairs) + " cycles; " + String.join("; ", services);
    }
}
