package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.dryrun.DryRun;
import io.leadsync.dryrun.PlanPreviews;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.LinkStore;
import io.leadsync.state.PauseFlag;
import io.leadsync.sync.CycleCadence;
import io.leadsync.sync.Effects;
import io.leadsync.sync.SafetyRail;
import io.leadsync.sync.SyncPair;
import io.leadsync.sync.SyncPlanner;
import io.leadsync.support.DashboardServer;
import io.leadsync.support.LogCapture;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * routes/dashboard-api.camel.yaml on Camel's management server, over real HTTP, against one pair's real state
 * (links, dead letters, audit trail, safety rail, cadence in a temporary data directory): each GET answers the
 * contract's JSON, each POST acts and answers {"ok":true}; an unknown pair, dead letter or hold is a 404 with
 * {"error"}, a wrong method a 405, a cross-site action a 403; no answer carries a stack trace or the request's
 * headers back.
 */
class DashboardApiRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    private static CamelContext context;
    private static String base;
    /** Every server of this class hands the dashboard's dry runs to it (leadsync.dry-run off). */
    private static final DryRun DRY_RUN = new DryRun(false, new PlanPreviews(name -> true), Set::of, null, null, CLOCK);
    private static DeadLetterStore deadLetters;
    private static AuditLog audit;
    private static SafetyRail rail;
    private static CycleCadence cadence;
    private static SyncPair pair;
    private static LinkStore links;

    @BeforeAll
    static void start() throws Exception {
        deadLetters = new DeadLetterStore(dir.toString(), CLOCK);
        audit = new AuditLog(dir.toString(), CLOCK);
        links = new LinkStore(dir.toString(), "trello");
        rail = new SafetyRail("trello", "Trello board 'Work Tracker'", dir.toString(), new SafetyRail.Limits(1, 10),
                CLOCK);
        SyncPlanner planner = new SyncPlanner("trello", () -> null, null, null, null, links, (p, r, m) -> false,
                (r, s, m) -> null, 60_000, rail::holding, null);
        pair = new SyncPair("trello", "trello", null, null, null, () -> {
        }, Set::of, planner, rail, links, deadLetters, null, audit, null, 0, 0, CLOCK);
        cadence = new CycleCadence("trello", 60_000, new PauseFlag(dir.toString(), "trello"), CLOCK);
        PairDirectory directory = new PairDirectory(() -> List.of(new PairControls("trello", "trello",
                "table 'Leads' and Trello board 'Work Tracker'", true, pair, cadence)));
        DashboardServer server = start(directory, new OperatorAccess("127.0.0.1", null));
        context = server.context();
        base = server.url();
    }

    static DashboardServer start(PairDirectory directory, OperatorAccess access) throws Exception {
        DashboardServer server = new DashboardServer(access, Map.of(
                "pairDirectory", directory,
                "pairsView", new PairsView(directory, audit, deadLetters,
                        name -> Map.of("health", Map.of("state", "UP"))),
                "activityView", new ActivityView(directory, audit),
                "pairActions", new PairActions(directory, deadLetters, DRY_RUN)),
                "dashboard", "dashboard-api");
        server.context().start();
        return server;
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Probe", "echo?").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.");
        return JSON.readTree(answer.body());
    }

    @Test
    void thePairsListShowWhatEachConnectsItsStateAndCountsWithTheOtherParts() throws Exception {
        HttpResponse<String> answer = get("/api/pairs");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Probe")).as("no request header sent back").isEmpty();
        JsonNode trello = json(answer).path("pairs").get(0);
        assertThat(trello.path("name").asText()).isEqualTo("trello");
        assertThat(trello.path("tracker").asText()).isEqualTo("trello");
        assertThat(trello.path("describes").asText()).isEqualTo("table 'Leads' and Trello board 'Work Tracker'");
        assertThat(trello.path("enabled").asBoolean()).isTrue();
        assertThat(trello.path("connected").isBoolean()).isTrue();
        assertThat(trello.path("paused").isBoolean()).isTrue();
        assertThat(trello.path("counts").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("deadLetters", "conflicts", "holds");
        assertThat(trello.path("health").path("state").asText()).as("a part another view adds").isEqualTo("UP");
    }

    @Test
    void anUnknownPairIsA404WithItsName() throws Exception {
        for (String path : List.of("/api/pairs/nope/activity", "/api/pairs/nope/conflicts",
                "/api/pairs/nope/dead-letters", "/api/pairs/nope/hold")) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(json(answer).path("error").asText()).as(path).isEqualTo("no pair 'nope'");
        }
        for (String action : List.of("pause", "resume", "sync-now", "dead-letters/retry", "dead-letters/x/retry",
                "hold/x/approve", "hold/x/discard", "records/recX/resync")) {
            HttpResponse<String> answer = post("/api/pairs/nope/" + action);
            assertThat(answer.statusCode()).as(action).isEqualTo(404);
            assertThat(json(answer).path("error").asText()).as(action).isEqualTo("no pair 'nope'");
        }
    }

    @Test
    void readsAreGetOnlyAndActionsPostOnly() throws Exception {
        assertThat(post("/api/pairs").statusCode()).isEqualTo(405);
        assertThat(post("/api/pairs/trello/hold").statusCode()).isEqualTo(405);
        assertThat(get("/api/pairs/trello/pause").statusCode()).isEqualTo(405);
        assertThat(get("/api/pairs/trello/sync-now").statusCode()).isEqualTo(405);
        assertThat(cadence.paused()).isFalse();
    }

    @Test
    void aCrossSiteActionIsRefusedAndDoesNothing() throws Exception {
        HttpResponse<String> answer = post("/api/pairs/trello/pause", "Origin", "https://evil.example");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(json(answer).path("error").asText()).isEqualTo("cross-site request refused");
        assertThat(cadence.paused()).isFalse();
    }

    @Test
    void pauseAndResumeArePersistedAndShown() throws Exception {
        HttpResponse<String> paused;
        try (LogCapture logs = LogCapture.start()) {
            paused = post("/api/pairs/trello/pause", "Authorization", "Bearer not-needed-here");
            assertThat(logs.text().lines().filter(l -> l.contains("trello"))).as("one line naming action and pair")
                    .singleElement().asString().contains("operator: pause on pair trello");
        }
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.headers().firstValue("Authorization")).as("no request header sent back").isEmpty();
        assertThat(json(paused).path("ok").asBoolean()).isTrue();
        assertThat(dir.resolve("trello-paused")).exists();
        assertThat(json(get("/api/pairs")).path("pairs").get(0).path("paused").asBoolean()).isTrue();

        assertThat(json(post("/api/pairs/trello/resume")).path("message").asText()).contains("resumed");
        assertThat(dir.resolve("trello-paused")).doesNotExist();
        assertThat(json(get("/api/pairs")).path("pairs").get(0).path("paused").asBoolean()).isFalse();
    }

    @Test
    void syncNowRunsACycleAtTheNextTick() throws Exception {
        cadence.notDue();
        assertThat(cadence.notDue()).isTrue();
        assertThat(post("/api/pairs/trello/sync-now").statusCode()).isEqualTo(200);
        assertThat(cadence.notDue()).isFalse();
    }

    @Test
    void aDryRunMakesThePairsNextCyclePlanOnlyAtTheNextTickEvenWhilePaused() throws Exception {
        cadence.pause();
        assertThat(DRY_RUN.planOnly("trello")).isFalse();
        HttpResponse<String> asked = post("/api/pairs/trello/dry-run");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
        assertThat(DRY_RUN.planOnly("trello")).as(asked.body()).isTrue();
        assertThat(DRY_RUN.planOnly("clickup")).as("that pair only").isFalse();
        assertThat(cadence.notDue()).as("the cycle runs at the next tick").isFalse();
        assertThat(post("/api/pairs/nope/dry-run").statusCode()).isEqualTo(404);
        cadence.resume();
    }

    @Test
    void aDeadLetterIsListedWithAStableIdAndRetriedByIt() throws Exception {
        deadLetters.record("trello", "recDead", 1_000, "status 'MAYBE' is not in the mapping", true);
        JsonNode listed = json(get("/api/pairs/trello/dead-letters")).path("deadLetters");
        JsonNode entry = listed.get(0);
        assertThat(entry.path("record").asText()).isEqualTo("recDead");
        assertThat(entry.path("reason").asText()).contains("MAYBE");
        assertThat(entry.path("quarantined").asBoolean()).isTrue();
        assertThat(entry.path("time").asText()).isEqualTo("2026-12-01T10:00:00Z");
        String id = entry.path("id").asText();
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).entries("trello", 10).get(0).id())
                .as("the same after a restart").isEqualTo(id);
        assertThat(json(get("/api/pairs")).path("pairs").get(0).path("counts").path("deadLetters").asInt())
                .isPositive();

        assertThat(post("/api/pairs/trello/dead-letters/nope/retry").statusCode()).isEqualTo(404);
        cadence.notDue();
        HttpResponse<String> retried = post("/api/pairs/trello/dead-letters/" + id + "/retry");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(deadLetters.isQuarantined("trello", "recDead", 1_000)).isFalse();
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).isQuarantined("trello", "recDead", 1_000))
                .as("released for good").isFalse();
        assertThat(json(get("/api/pairs/trello/dead-letters")).path("deadLetters")).as("held back no more")
                .noneMatch(d -> d.path("id").asText().equals(id));
        assertThat(cadence.notDue()).as("the cycle runs soon").isFalse();
    }

    @Test
    void retryAllReleasesEveryDeadLetterOfThePair() throws Exception {
        deadLetters.record("trello", "recAll1", 1_000, "refused", true);
        deadLetters.record("trello", "recAll2", 1_000, "refused", true);
        deadLetters.record("clickup", "recAll3", 1_000, "refused", true);
        assertThat(post("/api/pairs/trello/dead-letters/retry").statusCode()).isEqualTo(200);
        assertThat(deadLetters.isQuarantined("trello", "recAll1", 1_000)).isFalse();
        assertThat(deadLetters.isQuarantined("trello", "recAll2", 1_000)).isFalse();
        assertThat(deadLetters.isQuarantined("clickup", "recAll3", 1_000)).as("another pair's").isTrue();
    }

    @Test
    void aHoldIsShownAndApprovedByItsIdThroughTheSafetyRail() throws Exception {
        Effects none = new Effects(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        rail.filter(List.of(new SafetyRail.Removal(SafetyRail.RemovalKind.ITEM_GONE, "recH1", "card1", none),
                new SafetyRail.Removal(SafetyRail.RemovalKind.ITEM_GONE, "recH2", "card2", none)), 4, true);
        JsonNode hold = json(get("/api/pairs/trello/hold")).path("hold");
        assertThat(hold.path("since").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(hold.path("summary").asText()).contains("unlink 2 lead(s) whose item is gone");
        assertThat(hold.path("removals").get(0).path("record").asText()).isEqualTo("recH1");
        assertThat(hold.path("removals").get(0).path("item").asText()).isEqualTo("card1");
        assertThat(hold.path("removals").get(0).path("action").asText()).isEqualTo("item-gone");
        assertThat(json(get("/api/pairs")).path("pairs").get(0).path("counts").path("holds").asInt()).isEqualTo(2);

        assertThat(post("/api/pairs/trello/hold/wrong/approve").statusCode()).isEqualTo(404);
        assertThat(post("/api/pairs/trello/hold/wrong/discard").statusCode()).isEqualTo(404);
        assertThat(rail.holding()).isTrue();
        HttpResponse<String> approved = post("/api/pairs/trello/hold/" + hold.path("id").asText() + "/approve");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(rail.holding()).isFalse();
        assertThat(rail.fullReadWanted()).as("applied by the next cycle's full read").isTrue();
        assertThat(json(get("/api/pairs/trello/hold")).path("hold").isNull()).isTrue();
        rail.cycleCompleted();
    }

    @Test
    void theActivityLogIsNewestFirstAndSearchableAndConflictsAreListed() throws Exception {
        audit.applied("trello", List.of(new AuditLog.Applied("moved", "recAct", "cardAct", "bucket", "TODO",
                "DOING", "airtable", "status mapping")));
        audit.conflict("trello", "recAct", "status", "QUALIFIED", "DOING", "LATEST_WINS", "tracker", null);
        audit.applied("trello", List.of(new AuditLog.Applied("updated", "recOther", "cardOther", "name", "Old",
                "New", "airtable", "item template")));

        JsonNode entries = json(get("/api/pairs/trello/activity?q=recact&limit=10")).path("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).path("event").asText()).as("newest first").isEqualTo("conflict");
        assertThat(entries.get(0).path("rule").asText()).isEqualTo("LATEST_WINS");
        JsonNode moved = entries.get(1);
        assertThat(moved.path("item").asText()).isEqualTo("cardAct");
        assertThat(moved.path("before").asText() + " -> " + moved.path("after").asText()).isEqualTo("TODO -> DOING");
        assertThat(moved.path("who").asText()).isEqualTo("airtable");
        assertThat(moved.path("rule").asText()).isEqualTo("status mapping");
        assertThat(json(get("/api/pairs/trello/activity?q=cardOther")).path("entries")).hasSize(1);
        assertThat(json(get("/api/pairs/trello/activity?limit=1")).path("entries")).hasSize(1);

        JsonNode conflict = json(get("/api/pairs/trello/conflicts")).path("conflicts").get(0);
        assertThat(conflict.path("record").asText()).isEqualTo("recAct");
        assertThat(conflict.path("airtable").asText()).isEqualTo("QUALIFIED");
        assertThat(conflict.path("tracker").asText()).isEqualTo("DOING");
        assertThat(conflict.path("winner").asText()).isEqualTo("tracker");
    }

    @Test
    void beyondLoopbackAnActionWithoutTheTokenIsRefusedAndNoSecretIsShown() throws Exception {
        PairDirectory directory = new PairDirectory(() -> List.of(new PairControls("trello", "trello",
                "table 'Leads' and Trello board 'Work Tracker'", true, pair, cadence)));
        DashboardServer exposedServer = start(directory, new OperatorAccess("192.0.2.10", "s3cret-admin-token"));
        CamelContext exposed = exposedServer.context();
        try {
            String url = exposedServer.url();
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/pairs/trello/pause"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("admin token missing or wrong").doesNotContain("s3cret");
            assertThat(cadence.paused()).isFalse();
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/pairs")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("reads need no token").isEqualTo(200);
            assertThat(read.body()).doesNotContain("s3cret");
        } finally {
            exposed.stop();
        }
    }

    @Test
    void aResyncIsAskedOfALinkedLeadOnlyAndRunsSoon() throws Exception {
        links.put(new io.leadsync.state.Link("recLinked", "card7", "NEW", "TODO", "Acme", "", false, 1, 2));
        HttpResponse<String> unknown = post("/api/pairs/trello/records/recNobody/resync");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isEqualTo("no linked lead 'recNobody' in pair 'trello'");

        cadence.notDue();
        HttpResponse<String> asked = post("/api/pairs/trello/records/recLinked/resync");
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(json(asked).path("ok").asBoolean()).isTrue();
        assertThat(cadence.notDue()).as("the cycle runs soon").isFalse();
    }
}
