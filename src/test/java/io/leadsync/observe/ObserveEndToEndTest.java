package io.leadsync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.SyncScenario;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running leadsync against the emulators, watched as an operator would with curl: /observe/health/ready has a
 * check per pair, UP once it syncs and DOWN with its reason when it cannot connect; /observe/metrics has the pairs'
 * leadsync_* meters; and watching costs no request: an idle cycle makes the same calls with the management server
 * on as off.
 */
class ObserveEndToEndTest extends SyncScenario {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IDLE_CYCLES = 20;

    @TempDir
    Path routesDir;

    ObserveEndToEndTest() {
        super(1401);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50));
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(app.managementUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode check(String name) throws Exception {
        for (JsonNode check : JSON.readTree(get("/observe/health/ready")).path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        return null;
    }

    /** The value of one sample of /observe/metrics, e.g. leadsync_cycles_total{...,pair="trello",...}. */
    private static double sample(String metrics, String name, String... labels) {
        for (String line : metrics.lines().filter(l -> l.startsWith(name + "{")).toList()) {
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(name + " with " + String.join(",", labels) + " not in:\n" + metrics);
    }

    @Test
    void aSyncedPairIsReadyWithItsCheckAndItsMetersCountWhatItCreated() throws Exception {
        app = sync().withManagement().start();
        int carded = (int) sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status"))).count();
        eventually().untilAsserted(() -> assertThat(sandboxes.openCardsByLead()).hasSize(carded));
        app.awaitCycles("trello", 2);

        JsonNode trello = check("pair-trello");
        assertThat(trello).as(get("/observe/health/ready")).isNotNull();
        assertThat(trello.path("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(get("/observe/health/ready")).path("status").asText()).isEqualTo("UP");
        assertThat(get("/observe/health")).contains("pair-trello");

        String metrics = get("/observe/metrics");
        assertThat(sample(metrics, "leadsync_changes_applied_total", "kind=\"create\"", "pair=\"trello\""))
                .isEqualTo(carded);
        assertThat(sample(metrics, "leadsync_cycles_total", "outcome=\"ok\"", "pair=\"trello\"", "read=\"full\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics, "leadsync_items", "pair=\"trello\"", "state=\"in_sync\"")).isEqualTo(carded);
        assertThat(sample(metrics, "leadsync_items", "pair=\"trello\"", "state=\"unlinked\"")).isZero();
        assertThat(sample(metrics, "leadsync_lag_seconds", "pair=\"trello\"")).isZero();
        assertThat(metrics).contains("leadsync_cycle_duration_seconds_count{pair=\"trello\"",
                "leadsync_changes_failed_total{", "leadsync_conflicts_total{", "leadsync_dead_letters_total{",
                "leadsync_held_actions{");
    }

    @Test
    void aPairThatCannotConnectIsDownWithItsReason() throws Exception {
        RoutesCopy.of(routesDir);
        String sales = sandboxes.trello.control().createBoard("Sales Board");
        sandboxes.trello.control().createList(sales, "Open");
        app = sync().withManagement()
                .with("camel.main.routes-include-pattern", "file:" + routesDir + "/*.camel.yaml")
                .with("camel.main.routes-reload-enabled", "true")
                .with("camel.main.routes-reload-directory", routesDir.toString())
                .with("camel.main.routes-reload-pattern", "*.yaml").start();
        app.awaitCycles("trello", 2);

        Files.writeString(routesDir.resolve("sales.camel.yaml"), """
                - beans:
                    - name: salesMapping
                      type: io.leadsync.mapping.StatusMapping
                      properties:
                        leadToTracker: {NEW: Open, CONTACTED: Open, IN_PROGRESS: Open, QUALIFIED: Open, LOST: "-"}
                        trackerToLead: {Open: CONTACTED}
                - templatedRoute:
                    routeTemplateRef: sync-cycle
                    routeId: sales-sync
                    parameters:
                      - name: pair
                        value: sales
                      - name: tracker
                        value: trello
                      - name: board
                        value: Sales Bord
                """);
        eventually().untilAsserted(() -> {
            JsonNode check = check("pair-sales");
            assertThat(check).isNotNull();
            assertThat(check.path("status").asText()).isEqualTo("DOWN");
            assertThat(check.path("message").asText()).startsWith("not connected: ").contains("'Sales Bord' not found");
        });
        assertThat(check("pair-trello").path("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(get("/observe/health/ready")).path("status").asText()).isEqualTo("DOWN");
    }

    /** The pair's idle cycles so far, as its watch counts them. */
    private long idleCycles() {
        PairWatch watch = app.context().getRegistry().lookupByNameAndType("trelloWatch", PairWatch.class);
        return ((PairWatch.Detection) watch.view().get("detection")).idleCycles();
    }

    /** Requests to the three emulators during {@value #IDLE_CYCLES} idle cycles of a synced pair. */
    private int idleCalls(boolean scrape) throws Exception {
        long from = idleCycles() + 2;
        eventually().until(() -> idleCycles() >= from);
        sandboxes.airtable.resetCalls();
        sandboxes.trello.resetCalls();
        sandboxes.clickup.resetCalls();
        for (long n = from + 1; n <= from + IDLE_CYCLES; n++) {
            long next = n;
            eventually().until(() -> idleCycles() >= next);
            if (scrape) {
                get("/observe/metrics");
                get("/observe/health");
                get("/observe/health/ready");
            }
        }
        counted = new java.util.TreeMap<>(sandboxes.airtable.calls());
        counted.putAll(sandboxes.trello.calls());
        counted.putAll(sandboxes.clickup.calls());
        return sandboxes.airtable.totalCalls() + sandboxes.trello.totalCalls() + sandboxes.clickup.totalCalls();
    }

    /** The last count's requests by endpoint, for a failure to show (a loaded machine once counted 49 for 40). */
    private java.util.Map<String, Integer> counted;

    @Test
    void anIdleCycleMakesTheSameRequestsWithTheManagementServerOnAsOff() throws Exception {
        app = sync().start();
        int carded = (int) sandboxes.leads().stream().filter(l -> !"LOST".equals(l.field("Status"))).count();
        eventually().untilAsserted(() -> assertThat(sandboxes.openCardsByLead()).hasSize(carded));
        int off = idleCalls(false);
        java.util.Map<String, Integer> offCalls = counted;
        app.stop();

        app = sync().withManagement().start();
        int on = idleCalls(true);
        System.out.printf("idle cycles: %d requests in %d cycles with the management server off, %d on%n", off,
                IDLE_CYCLES, on);
        // an idle cycle reads both sides once each (the leads' listing, the board's actions); the cycle in flight
        // when the count began or ended may add or take a cycle's requests from either figure
        int perCycle = 2;
        assertThat(off).as("requests with it off: %s", offCalls)
                .isBetween((IDLE_CYCLES - 1) * perCycle, (IDLE_CYCLES + 1) * perCycle);
        assertThat(on).as("requests with it on: %s", counted)
                .isBetween((IDLE_CYCLES - 1) * perCycle, (IDLE_CYCLES + 1) * perCycle);
    }
}
