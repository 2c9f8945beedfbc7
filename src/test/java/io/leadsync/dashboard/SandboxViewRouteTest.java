package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.support.DashboardServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /api/sandbox (routes/dashboard.camel.yaml, {@link SandboxView}) over real HTTP: the emulated leads table, the
 * Trello board with its lists as columns and the ClickUp list by status, as they are now, read without an API call;
 * with real accounts (no sandbox running) a 404 that says so.
 */
class SandboxViewRouteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> running = new ArrayList<>();

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    /** The dashboard's routes on a management server, with {@code sandbox} as a service when not null. */
    private String dashboard(Sandbox sandbox) throws Exception {
        DashboardServer server = new DashboardServer(null, Map.of(), "dashboard");
        CamelContext context = server.context();
        if (sandbox != null) {
            context.addService(sandbox);
        }
        context.start();
        running.add(context::stop);
        return server.url();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showsTheSeededTableTheBoardsListsAsColumnsAndTheClickUpList() throws Exception {
        Sandbox sandbox = Sandbox.start(0, 0, 0, 42, dataDir);
        String base = dashboard(sandbox);

        HttpResponse<String> answer = get(base + "/api/sandbox");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode view = JSON.readTree(answer.body());
        assertThat(view.at("/airtable/table").asText()).isEqualTo("Leads");
        assertThat(view.at("/airtable/fields/0").asText()).isEqualTo("Name");
        assertThat(view.at("/airtable/records")).hasSize(sandbox.airtable().records(
                io.leadsync.sandbox.airtable.LeadsSeed.BASE_ID, "Leads").size()).isNotEmpty();
        assertThat(view.at("/airtable/records/0/cells/Name").asText()).isNotBlank();
        assertThat(view.at("/trello/boards/0/name").asText()).isEqualTo("Work Tracker");
        assertThat(view.at("/trello/boards/0/lists").findValuesAsText("name")).containsExactly("TODO", "DONE");
        assertThat(view.at("/clickup/list").asText()).isEqualTo("Leads Work");
        assertThat(view.at("/clickup/statuses").findValuesAsText("name")).startsWith("to do");
    }

    @Test
    void aCardMovedOnTheBoardIsInItsNewColumnAndReadingItCallsNoApi() throws Exception {
        Sandbox sandbox = Sandbox.start(0, 0, 0, 42, dataDir);
        String base = dashboard(sandbox);
        TrelloControl trello = sandbox.trello().control();
        String card = trello.createCard(trello.defaultBoardId(), "TODO", "Ada's follow-up",
                "[leadsync:recAda0001]").id();
        trello.moveCard(card, "DONE");
        int journal = sandbox.airtable().handled().size() + sandbox.trello().handled().size()
                + sandbox.clickup().handled().size();

        JsonNode view = JSON.readTree(get(base + "/api/sandbox").body());

        JsonNode done = view.at("/trello/boards/0/lists/1");
        assertThat(done.get("name").asText()).isEqualTo("DONE");
        assertThat(done.get("cards").findValuesAsText("name")).contains("Ada's follow-up");
        assertThat(done.get("cards").findValuesAsText("lead")).contains("recAda0001");
        assertThat(view.at("/trello/boards/0/lists/0/cards").findValuesAsText("name")).doesNotContain("Ada's follow-up");
        assertThat(sandbox.airtable().handled().size() + sandbox.trello().handled().size()
                + sandbox.clickup().handled().size()).as("requests the emulators handled").isEqualTo(journal);
    }

    @Test
    void withRealAccountsThereIsNoSandboxToShow() throws Exception {
        String base = dashboard(null);

        HttpResponse<String> answer = get(base + "/api/sandbox");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"error\":\"not in sandbox mode\"}");
    }
}
