package io.leadsync.webhooks;

import static io.leadsync.webhooks.WebhookProbe.elements;
import static io.leadsync.webhooks.WebhookProbe.only;
import static io.leadsync.webhooks.WebhookProbe.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
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

    private WebhookProbe probe;
    private String publicUrl;
    private LogCapture log;

    ClickUpWebhookLifecycleTest() {
        super(1515);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        log = LogCapture.start();
        sync().with("leadsync.trackers", "clickup").withWebhooks(600_000).start();
        publicUrl = app.webhooksUrl();
        probe = new WebhookProbe(app, dataDir, "clickup");
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void registeredForTheListWithTheTaskEventsAndAfterARestartReusedNotMadeAgain() throws Exception {
        probe.upkeep();
        JsonNode hook = only(clickUpHooks());

        assertThat(hook.path("endpoint").asText()).isEqualTo(publicUrl + "/webhooks/clickup/clickup");
        assertThat(hook.path("list_id").asText()).isEqualTo(sandboxes.clickup.leadsListId());
        assertThat(texts(hook.path("events"))).containsExactlyInAnyOrder("taskCreated", "taskUpdated",
                "taskStatusUpdated", "taskMoved", "taskDeleted");
        assertThat(hook.path("health").path("status").asText()).isEqualTo("active");
        assertThat(dataDir.resolve("clickup-webhooks.json")).exists();
        assertThat(probe.stored().path("clickup").path("id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(probe.stored().path("clickup").path("secret").asText()).as("stored, as ClickUp returned it")
                .isEqualTo(hook.path("secret").asText()).isNotEmpty();
        assertThat(probe.webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());

        app.restart();
        probe.upkeep();

        assertThat(only(clickUpHooks()).path("id")).isEqualTo(hook.path("id"));
        assertThat(probe.webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + hook.path("id").asText()
                + " registered (none registered)", "webhooks of pair clickup: ClickUp webhook "
                + hook.path("id").asText() + " reused").doesNotContain(hook.path("secret").asText());
    }

    @Test
    void withItsStoredStateLostTheWebhookIsFoundOnTheListAndReusedWithTheSecretClickUpShows() throws Exception {
        probe.upkeep();
        JsonNode hook = only(clickUpHooks());
        app.stop();
        PairWebhookState.document(dataDir.toString(), "clickup").save(null);
        app.start();

        probe.upkeep();

        assertThat(only(clickUpHooks()).path("id")).as("not made again").isEqualTo(hook.path("id"));
        assertThat(probe.stored().path("clickup").path("id").asText()).isEqualTo(hook.path("id").asText());
        assertThat(probe.stored().path("clickup").path("secret").asText()).isEqualTo(hook.path("secret").asText());
        assertThat(probe.webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + hook.path("id").asText()
                + " reused (found on the list)");
    }

    @Test
    void aWebhookClickUpSuspendedIsSetActiveAgain() throws Exception {
        probe.upkeep();
        String id = only(clickUpHooks()).path("id").asText();
        sandboxes.clickup.suspendWebhook(id);

        probe.upkeep();

        JsonNode hook = only(clickUpHooks());
        assertThat(hook.path("id").asText()).as("the same webhook, not another").isEqualTo(id);
        assertThat(hook.path("health").path("status").asText()).isEqualTo("active");
        assertThat(probe.stored().path("clickup").path("status").asText()).isEqualTo("active");
        assertThat(probe.webhooks().health("clickup")).isEqualTo(WebhookHealth.ok());
        assertThat(log.text()).contains("webhooks of pair clickup: ClickUp webhook " + id
                + " was suspended by ClickUp (fail_count 0); re-activated");
    }

    @Test
    void aWebhookDeletedOnClickUpsSideIsMadeAgainWithItsNewSecretStored() throws Exception {
        probe.upkeep();
        JsonNode deleted = only(clickUpHooks());
        send(HttpRequest.newBuilder(URI.create(sandboxes.clickup.baseUrl() + "/api/v2/webhook/"
                + deleted.path("id").asText())).DELETE());

        probe.upkeep();

        JsonNode made = only(clickUpHooks());
        assertThat(made.path("id").asText()).isNotEqualTo(deleted.path("id").asText());
        assertThat(made.path("list_id").asText()).isEqualTo(sandboxes.clickup.leadsListId());
        assertThat(probe.stored().path("clickup").path("id").asText()).isEqualTo(made.path("id").asText());
        assertThat(probe.stored().path("clickup").path("secret").asText()).isEqualTo(made.path("secret").asText());
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
        probe.upkeep();
        String clickUp = only(clickUpHooks()).path("id").asText();
        String airtable = probe.stored().path("airtable").path("id").asText();
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

    private List<JsonNode> clickUpHooks() throws Exception {
        return elements(send(HttpRequest.newBuilder(URI.create(sandboxes.clickup.baseUrl() + "/api/v2/team/"
                + sandboxes.clickup.teamId() + "/webhook")).GET()).path("webhooks"));
    }

    private List<JsonNode> airtableHooks() throws Exception {
        return elements(probe.answer(HttpRequest.newBuilder(URI.create(sandboxes.airtable.baseUrl() + "/v0/bases/"
                + Sandboxes.BASE + "/webhooks")).header("Authorization", "Bearer "
                + SandboxCredentials.AIRTABLE_TOKEN).GET()).path("webhooks"));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        return probe.answer(request.header("Authorization", SandboxCredentials.CLICKUP_TOKEN));
    }
}
