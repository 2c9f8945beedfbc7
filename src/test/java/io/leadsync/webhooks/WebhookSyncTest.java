package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.WebhookOutbox;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With healthy webhooks, polling is only the safety net (every 10 min here, longer than any test): a change on
 * either side, a lead deleted in Airtable among them, crosses because a delivery woke the pair, as the log shows.
 * The deliveries of leadsync's own writes (by the user of its token, learnt at start-up) wake nothing.
 */
class WebhookSyncTest extends SyncScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogCapture log;

    WebhookSyncTest() {
        super(1414);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        log = LogCapture.start();
        sync().with("leadsync.trackers", "trello").withWebhooks(600_000).start();
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

    @Test
    void aPersonsStatusSetWakesThePairAndTrellosDeliveryOfLeadsyncsOwnCardMoveDoesNot() throws Exception {
        String grace = sandboxes.leadId("Grace Hopper");
        String card = sandboxes.cardOf(grace).id();
        String me = sandboxes.trello.control().memberId();
        int from = log.text().length();

        sandboxes.setLead(grace, "Status", "QUALIFIED");

        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(sandboxes.cardOf(grace).listName()));
        // Trello's delivery of the move, answered: the receiver decided before it answered
        JsonNode move = answered(sandboxes.trello.deliveries(), d -> d.at("/action/type").asText().equals("updateCard")
                && d.at("/action/data/card/id").asText().equals(card) && d.at("/action/data/listAfter").isObject())
                .path("action");
        assertThat(move.path("idMemberCreator").asText()).as("leadsync's own move").isEqualTo(me);
        String text = log.text();
        assertThat(text).contains("leadsync's own trello user is " + me);
        assertThat(text.substring(from)).contains("webhook from airtable for pair trello: ping of webhook")
                .doesNotContain("webhook from trello for pair trello: action updateCard " + move.path("id").asText());
        assertThat(echoes().dropped("trello", "trello")).isPositive();
    }

    @Test
    void aPersonsCardMoveWakesThePairAndAirtablesPingOfLeadsyncsOwnStatusWriteDoesNot() {
        String alan = sandboxes.leadId("Alan Turing");
        long dropped = echoes().dropped("trello", "airtable");
        int from = log.text().length();

        sandboxes.trello.control().moveCard(sandboxes.cardOf(alan).id(), "DONE");

        await().atMost(Duration.ofSeconds(10)).until(() -> "QUALIFIED".equals(sandboxes.status(alan)));
        // the payloads of the ping of leadsync's write listed and judged its own
        await().atMost(Duration.ofSeconds(10)).until(() -> echoes().dropped("trello", "airtable") > dropped);
        assertThat(log.text()).contains("leadsync's own airtable user is usr");
        String text = log.text().substring(from);
        assertThat(text).contains("webhook from trello for pair trello: action updateCard")
                .doesNotContain("webhook from airtable for pair trello");
    }

    private EchoFilter echoes() {
        return echoes(app);
    }

    static EchoFilter echoes(LeadsyncRun app) {
        return app.context().getRegistry().lookupByNameAndType("echoFilter", EchoFilter.class);
    }

    /** The body of the first delivery {@code outbox} sent and leadsync answered 200 (after deciding on it). */
    static JsonNode answered(WebhookOutbox outbox, Predicate<JsonNode> which) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> outbox.journal().stream()
                .filter(e -> e.what() == WebhookOutbox.Happened.SENT && e.status() == 200)
                .map(e -> json(e.body())).filter(which).findFirst().orElse(null), Objects::nonNull);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
