package io.leadsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * How the benchmark reads a window of idle cycles from leadsync's log (logback.xml's pattern: the pair is a column)
 * and the emulators' call counts: cycles per pair, whole pair names only, and calls per pair per cycle.
 */
class IdleWindowTest {

    private static String logged(String level, String pair, String message) {
        return String.format("02:30:01.123 %-5s [%-20.20s] %-7s %-22.22s %s", level, "Camel (camel-1) thread #3", pair,
                "SyncCycle", message);
    }

    private static final String IDLE = "incremental cycle: 0 lead(s) and 0 item(s) read, 0 change(s) to push";
    private static final String BUSY = "incremental cycle: 2 lead(s) and 0 item(s) read, 0 change(s) to push";

    @Test
    void countsEachPairsCyclesByItsWholeNameSoTrelloIsNotTrello2() {
        List<String> lines = List.of(
                logged("DEBUG", "trello", IDLE),
                logged("DEBUG", "trello2", IDLE),
                logged("DEBUG", "trello2", IDLE),
                logged("DEBUG", "clickup", IDLE),
                logged("INFO", "trello", "cycle completed in 12 ms: 0 change(s) planned, 0 to retry"),
                logged("INFO", "-", "a line of no pair that names trello and trello2"));

        IdleWindow window = IdleWindow.of(List.of("trello", "trello2", "clickup"), lines, Map.of(), 0);

        assertThat(window.cycles()).containsExactly(Map.entry("trello", 1), Map.entry("trello2", 2),
                Map.entry("clickup", 1));
        assertThat(window.allIdle()).isTrue();
    }

    @Test
    void aCycleThatReadSomethingIsNotIdle() {
        IdleWindow window = IdleWindow.of(List.of("trello", "clickup"),
                List.of(logged("DEBUG", "trello", IDLE), logged("INFO", "clickup", BUSY)), Map.of(), 0);

        assertThat(window.totalCycles()).isEqualTo(2);
        assertThat(window.allIdle()).isFalse();
    }

    @Test
    void callsPerPairPerCycleAreAllServicesCallsOverAllPairsCycles() {
        Map<String, Map<String, Integer>> calls = new LinkedHashMap<>();
        calls.put("Airtable", Map.of("GET /v0/{baseId}/{table}", 36));
        calls.put("Trello", Map.of("GET /1/boards/{id}/actions", 24));
        calls.put("ClickUp", Map.of("GET /api/v2/list/{list_id}/task", 12));
        IdleWindow window = new IdleWindow(Map.of("trello", 12, "trello2", 12, "clickup", 12), 36, calls, 0);

        assertThat(window.callsPerPairCycle()).isEqualTo(2.0);
        assertThat(window.calls("Trello")).isEqualTo(24);
        assertThat(window.perCycle("Airtable", 36)).isEqualTo("1 x GET /v0/{baseId}/{table}");
    }

    @Test
    void theSplitNamesEachPairsCyclesAndEachServicesCallsByEndpoint() {
        Map<String, Integer> cycles = new LinkedHashMap<>();
        cycles.put("trello", 12);
        cycles.put("clickup", 12);
        Map<String, Map<String, Integer>> calls = new LinkedHashMap<>();
        calls.put("Airtable", Map.of("GET /v0/{baseId}/{table}", 24));
        calls.put("Trello", Map.of("GET /1/boards/{id}/actions", 12));
        calls.put("ClickUp", Map.of());

        assertThat(new IdleWindow(cycles, 24, calls, 0).split()).isEqualTo("trello 12, clickup 12 cycles; "
                + "Airtable 24 (24 x GET /v0/{baseId}/{table}); Trello 12 (12 x GET /1/boards/{id}/actions); "
                + "ClickUp 0 (none)");
    }
}
