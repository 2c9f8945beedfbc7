package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.leadsync.sandbox.trello.TrelloConfig;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With healthy webhooks, polling is only the safety net (every 10 min here, longer than any test): a change on
 * either side, a lead deleted in Airtable among them, crosses because a delivery woke the pair, as the log shows.
 */
class WebhookSyncTest extends SyncScenario {

    private LogCapture log;

    WebhookSyncTest() {
        super(1414);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        int port = WebhookServer.resolvePort(0);
        log = LogCapture.start();
        sync().with("leadsync.trackers", "trello")
                .with("leadsync.webhooks.port", String.valueOf(port))
                .with("leadsync.webhooks.public-url", "http://127.0.0.1:" + port)
                .with("leadsync.webhooks.safety-poll", "600000")
                .with("leadsync.trello.secret", TrelloConfig.SANDBOX_APP_SECRET).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.openCardsByLead().size() == 8);
        await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains(
                "pair trello: webhooks healthy; polling every PT10M as the safety net"));
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    @Test
    void aCardMovedCrossesToAirtableOnTheDeliveryOfTrellosWebhook() {
        String alan = sandboxes.leadId("Alan Turing");

        sandboxes.trello.control().moveCard(sandboxes.cardOf(alan).id(), "DONE");

        String written = "update 1 lead(s) in Airtable from trello: {" + alan + "={Status=QUALIFIED}}";
        await().atMost(Duration.ofSeconds(10)).until(() -> log.text().contains(written));
        assertThat(sandboxes.status(alan)).isEqualTo("QUALIFIED");
        String text = log.text();
        assertThat(text.indexOf("webhook from trello for pair trello: action updateCard"))
                .as("the delivery, then the write it caused:\n%s", text).isNotNegative()
                .isLessThan(text.indexOf(written));
        assertThat(text).doesNotContain("until they are healthy again");
    }

    @Test
    void aLeadStatusSetInAirtableMovesTheCardOnThePingOfAirtablesWebhook() {
        String grace = sandboxes.leadId("Grace Hopper");

        sandboxes.setLead(grace, "Status", "QUALIFIED");

        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(sandboxes.cardOf(grace).listName()));
        assertThat(log.text()).contains("webhook from airtable for pair trello: ping of webhook")
                .doesNotContain("until they are healthy again");
    }

    @Test
    void aLeadDeletedInAirtableHasItsCardArchivedOnTheDelivery() {
        String grace = sandboxes.leadId("Grace Hopper");

        sandboxes.airtable.deleteRecord(Sandboxes.BASE, Sandboxes.TABLE, grace);

        await().atMost(Duration.ofSeconds(10)).until(() -> !sandboxes.openCardsByLead().containsKey(grace));
        assertThat(log.text()).contains("pair trello: a webhook announced a deletion or an archive; this cycle "
                + "reads everything");
    }
}
