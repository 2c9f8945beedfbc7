package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ClickUp pair's webhook against the emulators over real HTTP, as ClickUp's API defines it: registered at
 * start-up for the pair's list with the task events, found and reused after a restart, set active again once
 * suspended, made again when deleted on ClickUp's side; its secret stored in data/clickup-webhooks.json and never
 * logged; and a task moved in ClickUp crossing to Airtable because the delivery woke the pair (the safety poll is
 * 10 min, longer than any test). Upkeeps are called directly; nothing sleeps to let time pass.
 */
class ClickUpWebhookLifecycleTest extends SyncScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String publicUrl;
    private LogCapture log;

    ClickUpWebhookLifecycleTest() {
        super(1515);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        int port = WebhookServer.resolvePort(0);
        publicUrl = "http://127.0.0.1:" + port;
        log = LogCapture.start();
        sync().with("leadsync.trackers", "clickup")
                .with("leadsync.webhooks.port", String.valueOf(port))
                .with("leadsync.webhooks.public-url", publicUrl)
                .with("leadsync.webhooks.safety-poll", "600000").start();
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void registeredForTheListWithTheTaskEventsAndAfterARestartReusedNotMadeAgain() throws Exception {
        upkeep();
        JsonNode hook = only(clickUpHooks());

        assertThat(hook.path("endpoint").asText()).isEqualTo(publicUrl + "/webhooks/clickup/clickup");
        assertThat(hook.path("list_id").asText()).isEqualTo(sandboxes.clickup.leadsListId());
        assertThat(texts(hook.path("events"))).containsExactlyInAnyOrder("taskCreated", "taskUpdated",
                "taskStatusUpdated", "taskMoved", "taskDeleted");
        assertThat(hook.path("health").path("status").asText()).isEqualTo("active");
        assertThat(dataDir.resolve("clickup-webhooks.json")).exists();
        assertThat(stored().path("clickup").path("id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(stored().path("clickup").path("secret").asText()).as("stored, as ClickUp returned it")
                .isEqualTo(hook.path("secret").asText()).isNotEmpty();
        assertThat(webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());

        app.restart();
        upkeep();

        assertThat(only(clickUpHooks()).path("id")).isEqualTo(hook.path("id"));
        assertThat(webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + hook.path("id").asText()
                + " registered (none registered)", "webhooks of pair clickup: ClickUp webhook "
                + hook.path("id").asText() + " reused").doesNotContain(hook.path("secret").asText());
    }

    @Test
    void withItsStoredStateLostTheWebhookIsFoundOnTheListAndReusedWithTheSecretClickUpShows() throws Exception {
        upkeep();
        JsonNode hook = only(clickUpHooks());
        app.stop();
        PairWebhookState.document(dataDir.toString(), "clickup").save(null);
        app.start();

        upkeep();

        assertThat(only(clickUpHooks()).path("id")).as("not made again").isEqualTo(hook.path("id"));
        assertThat(stored().path("clickup").path("id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(stored().path("clickup").path("secret").asText()).isEqualTo(hook.path("secret").asText());
        assertThat(webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + hook.path("id").asText()
                + " reused (found on the list)");
    }

    @Test
    void aWebhookClickUpSuspendedIsSetActiveAgain() throws Exception {
        upkeep();
        String id = only(clickUpHooks()).path("id").asText();
        sandboxes.clickup.suspendWebhook(id);

        upkeep();

        JsonNode hook = only(clickUpHooks());
        assertThat(hook.path("id").asText()).as("the same webhook, not another").isEqualTo(id);
        assertThat(hook.path("health").path("status").asText()).isEqualTo("active");
        assertThat(stored().path("clickup").path("status").asText()).isEqualTo("active");
        assertThat(webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + id
                + " was suspended by ClickUp (fail_count 0); re-activated");
    }

    @Test
    void aWebhookDeletedOnClickUpsSideIsMadeAgainWithItsNewSecretStored() throws Exception {
        upkeep();
        JsonNode deleted = only(clickUpHooks());
        send(HttpRequest.newBuilder(URI.create(sandboxes.clickup.baseUrl() + "/api/v2/webhook/"
                + deleted.path("id").asText())).DELETE());

        upkeep();

        JsonNode made = only(clickUpHooks());
        assertThat(made.path("id").asText()).isNotEqualTo(deleted.path("id").asText());
        assertThat(made.path("list_id").asText()).isEqualTo(sandboxes.clickup.leadsListId());
        assertThat(stored().path("clickup").path("id").asText()).isEqualTo(made.path("id").asText());
        assertThat(stored().path("clickup").path("secret").asText()).isEqualTo(made.path("secret").asText());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + made.path("id").asText()
                + " re-created (webhook " + deleted.path("id").asText() + " is gone)")
                .doesNotContain(made.path("secret").asText(), deleted.path("secret").asText());
    }

    @Test
    void aTaskMovedInClickUpCrossesToAirtableOnTheDeliveryOfClickUpsWebhook() {
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.tasksByLead().size() == 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains(
                "pair clickup: webhooks healthy; polling every PT10M as the safety net"));
        String ada = sandboxes.leadId("Ada Lovelace");
        String task = sandboxes.taskOf(ada).id();

        sandboxes.clickup.setStatus(task, "complete");

        String written = "update 1 lead(s) in Airtable from clickup: {" + ada + "={Status=QUALIFIED}}";
        await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains(written));
        assertThat(sandboxes.status(ada)).isEqualTo("QUALIFIED");
        String text = log.text();
        assertThat(text.indexOf("webhook from clickup for pair clickup: taskStatusUpdated on task " + task))
                .as("the delivery, then the write it caused:\n%s", text).isNotNegative()
                .isLessThan(text.indexOf(written));
        assertThat(text).doesNotContain("until they are healthy again");
    }

    @Test
    void aPairNoLongerEnabledHasTheWebhooksLeadsyncRegisteredDeletedAndItsStateRemoved() throws Exception {
        upkeep();
        String clickUp = only(clickUpHooks()).path("id").asText();
        String airtable = stored().path("airtable").path("id").asText();
        String others = "http://127.0.0.1:1/someone-elses-hook";
        send(HttpRequest.newBuilder(URI.create(sandboxes.clickup.baseUrl() + "/api/v2/team/"
                + sandboxes.clickup.teamId() + "/webhook")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpoint\":\"" + others + "\",\"events\":[\"*\"],"
                        + "\"list_id\":\"" + sandboxes.clickup.leadsListId() + "\"}")));
        app.stop();

        // leadsync.trackers no longer names clickup: the start-up's upkeep deletes what it registered for the pair
        app.with("leadsync.trackers", "trello").with("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET)
                .start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dataDir.resolve("clickup-webhooks.json")));
        assertThat(clickUpHooks()).as("someone else's on the same list is left").singleElement()
                .satisfies(h -> assertThat(h.path("endpoint").asText()).isEqualTo(others));
        assertThat(airtableHooks()).as("the Trello pair's own only").noneMatch(h -> h.path("id").asText()
                .equals(airtable)).allMatch(h -> h.path("notificationUrl").asText().endsWith("/trello/airtable"));
        assertThat(log.text()).contains("webhooks of removed pair clickup: ClickUp webhook " + clickUp + " deleted",
                "webhooks of removed pair clickup: Airtable webhook " + airtable + " deleted");
    }

    // ---- helpers

    private WebhookUpkeep webhooks() {
        return app.context().getRegistry().lookupByNameAndType("webhookUpkeep", WebhookUpkeep.class);
    }

    /** One upkeep of the pair now (the route's timer may run one too: each is the same decision). */
    private void upkeep() {
        assertThat(webhooks().pairs()).containsExactly("clickup");
        webhooks().upkeep("clickup");
    }

    private JsonNode stored() {
        JsonNode saved = PairWebhookState.document(dataDir.toString(), "clickup").load();
        return saved == null ? JSON.createObjectNode() : saved;
    }

    private List<JsonNode> clickUpHooks() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        send(HttpRequest.newBuilder(URI.create(sandboxes.clickup.baseUrl() + "/api/v2/team/"
                + sandboxes.clickup.teamId() + "/webhook")).GET()).path("webhooks").forEach(out::add);
        return out;
    }

    private List<JsonNode> airtableHooks() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        answer(HttpRequest.newBuilder(URI.create(sandboxes.airtable.baseUrl() + "/v0/bases/" + Sandboxes.BASE
                + "/webhooks")).header("Authorization", "Bearer " + SandboxCredentials.AIRTABLE_TOKEN).GET())
                .path("webhooks").forEach(out::add);
        return out;
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        return answer(request.header("Authorization", SandboxCredentials.CLICKUP_TOKEN));
    }

    private JsonNode answer(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> answer = http.send(built, HttpResponse.BodyHandlers.ofString());
        // the emulators' rate limits are shared with the running sync: a 429 is waited out as a client would
        for (int tries = 0; answer.statusCode() == 429 && tries < 10; tries++) {
            Thread.sleep(500);
            answer = http.send(built, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static JsonNode only(List<JsonNode> hooks) {
        assertThat(hooks).hasSize(1);
        return hooks.get(0);
    }
}
