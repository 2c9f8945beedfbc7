package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.support.LogCapture;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ClickUp pair with healthy webhooks (safety poll 10 min): a person's change wakes it; ClickUp's delivery of
 * leadsync's own status write, by the user of its token (learnt from GET /api/v2/user), does not.
 */
class WebhookClickUpEchoTest extends SyncScenario {

    private LogCapture log;

    WebhookClickUpEchoTest() {
        super(1415);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        log = LogCapture.start();
        sync().with("leadsync.trackers", "clickup").withWebhooks(600_000).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.tasksByLead().size() == sandboxes.leads().size());
        await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains(
                "pair clickup: webhooks healthy; polling every PT10M as the safety net"));
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void aPersonsStatusSetWakesThePairAndClickUpsDeliveryOfLeadsyncsOwnStatusWriteDoesNot() {
        String grace = sandboxes.leadId("Grace Hopper");
        String task = sandboxes.taskOf(grace).id();
        String me = String.valueOf(sandboxes.clickup.userId());
        int from = log.text().length();

        sandboxes.setLead(grace, "Status", "QUALIFIED");

        await().atMost(Duration.ofSeconds(10)).until(() -> "complete".equals(sandboxes.taskOf(grace).status()));
        JsonNode status = WebhookSyncTest.answered(sandboxes.clickup.deliveries(), d ->
                d.path("event").asText().equals("taskStatusUpdated") && d.path("task_id").asText().equals(task));
        assertThat(status.at("/history_items/0/user/id").asText()).as("leadsync's own write").isEqualTo(me);
        String text = log.text();
        assertThat(text).contains("leadsync's own clickup user is " + me);
        assertThat(text.substring(from)).contains("webhook from airtable for pair clickup: ping of webhook")
                .doesNotContain("webhook from clickup for pair clickup: taskStatusUpdated on task " + task);
        assertThat(WebhookSyncTest.echoes(app).dropped("clickup", "clickup")).isPositive();
    }

    @Test
    void aPersonsTaskStatusSetWakesThePair() {
        String alan = sandboxes.leadId("Alan Turing");
        String task = sandboxes.taskOf(alan).id();

        sandboxes.clickup.setStatus(task, "complete");

        await().atMost(Duration.ofSeconds(10)).until(() -> "QUALIFIED".equals(sandboxes.status(alan)));
        assertThat(log.text()).contains("webhook from clickup for pair clickup: taskStatusUpdated on task " + task);
    }
}
