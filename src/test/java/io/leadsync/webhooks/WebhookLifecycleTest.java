package io.leadsync.webhooks;

import static io.leadsync.webhooks.WebhookProbe.elements;
import static io.leadsync.webhooks.WebhookProbe.only;
import static io.leadsync.webhooks.WebhookProbe.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.support.LogCapture;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Trello pair's webhooks against the emulators over real HTTP, as the real APIs define them: registered at
 * start-up, found and reused after a restart, re-created when Trello disabled them or Airtable's expired, Airtable's
 * refreshed before its 7 days; an Airtable ping lists the payloads from the stored cursor and stores the next one.
 * Time passes on the shared clock, never by sleeping.
 */
class WebhookLifecycleTest extends SyncScenario {

    private WebhookProbe probe;
    private String publicUrl;
    private JsonNode table;

    WebhookLifecycleTest() {
        super(1313);
    }

    @BeforeEach
    void webhooksOn() throws Exception {
        sync().with("leadsync.trackers", "trello").with("leadsync.poll-interval", "1000").withWebhooks(200).start();
        publicUrl = app.webhooksUrl();
        probe = new WebhookProbe(app, dataDir, "trello");
    }

    @Test
    void bothWebhooksAreRegisteredAndAfterARestartReusedNotMadeAgain() throws Exception {
        probe.upkeep();
        JsonNode trello = only(trelloHooks());
        JsonNode airtable = only(airtableHooks());

        assertThat(trello.path("idModel").asText()).isEqualTo(sandboxes.boardId());
        assertThat(trello.path("callbackURL").asText()).isEqualTo(publicUrl + "/webhooks/trello/trello");
        assertThat(trello.path("active").asBoolean()).isTrue();
        assertThat(airtable.path("notificationUrl").asText()).isEqualTo(publicUrl + "/webhooks/trello/airtable");
        JsonNode filters = airtable.path("specification").path("options").path("filters");
        assertThat(filters.path("dataTypes").toString()).isEqualTo("[\"tableData\"]");
        assertThat(filters.path("recordChangeScope").asText()).isEqualTo(tableId());
        assertThat(texts(filters.path("watchDataInFieldIds"))).as("the mapped fields only")
                .contains(fieldId("Status"), fieldId("Name")).doesNotContain(fieldId("Trello Card"));
        assertThat(probe.webhooks().health("trello")).isEqualTo(WebhookHealth.ok());
        assertThat(probe.stored().path("airtable").path("macSecretBase64").asText()).as("stored, as returned once")
                .isNotEmpty();

        String secret = probe.stored().path("airtable").path("macSecretBase64").asText();
        try (LogCapture log = LogCapture.start()) {
            app.restart();
            probe.upkeep();

            assertThat(only(trelloHooks()).path("id")).isEqualTo(trello.path("id"));
            assertThat(only(airtableHooks()).path("id")).isEqualTo(airtable.path("id"));
            assertThat(probe.webhooks().health("trello")).isEqualTo(WebhookHealth.ok());
            assertThat(log.text()).contains("webhooks of pair trello: Trello webhook " + trello.path("id").asText()
                    + " reused", "webhooks of pair trello: Airtable webhook " + airtable.path("id").asText()
                    + " reused").doesNotContain(secret);
        }
    }

    @Test
    void aTrelloWebhookTrelloDisabledIsMadeAgain() throws Exception {
        probe.upkeep();
        String disabled = only(trelloHooks()).path("id").asText();
        probe.answer(HttpRequest.newBuilder(URI.create(sandboxes.trello.baseUrl() + "/1/webhooks/" + disabled
                + "?active=false")).header("Authorization", trelloAuth()).PUT(HttpRequest.BodyPublishers.noBody()));

        probe.upkeep();

        JsonNode made = only(trelloHooks());
        assertThat(made.path("id").asText()).isNotEqualTo(disabled);
        assertThat(made.path("active").asBoolean()).isTrue();
        assertThat(probe.stored().path("trello").path("id").asText()).isEqualTo(made.path("id").asText());
    }

    @Test
    void aTrelloWebhookDeletedIsMadeAgain() throws Exception {
        probe.upkeep();
        String deleted = only(trelloHooks()).path("id").asText();
        probe.answer(HttpRequest.newBuilder(URI.create(sandboxes.trello.baseUrl() + "/1/webhooks/" + deleted))
                .header("Authorization", trelloAuth()).DELETE());

        probe.upkeep();

        assertThat(only(trelloHooks()).path("id").asText()).isNotEqualTo(deleted);
    }

    @Test
    void withItsStoredStateLostAnAirtableWebhookWhoseSecretIsUnknownIsReplacedNotAddedTo() throws Exception {
        probe.upkeep();
        String orphan = only(airtableHooks()).path("id").asText();
        app.stop();
        PairWebhookState.document(dataDir.toString(), "trello").save(null);
        app.start();

        probe.upkeep();

        JsonNode made = only(airtableHooks());
        assertThat(made.path("id").asText()).isNotEqualTo(orphan);
        assertThat(probe.stored().path("airtable").path("id").asText()).isEqualTo(made.path("id").asText());
        assertThat(only(trelloHooks()).path("id").asText()).as("Trello's own found and reused")
                .isEqualTo(probe.stored().path("trello").path("id").asText());
    }

    @Test
    void airtablesIsRefreshedWellBeforeItsSevenDaysAndMadeAgainOnceExpired() throws Exception {
        probe.upkeep();
        JsonNode first = only(airtableHooks());
        Instant expires = Instant.parse(first.path("expirationTime").asText());

        sandboxes.clock.shift(Duration.ofDays(2));
        probe.upkeep();

        JsonNode refreshed = only(airtableHooks());
        assertThat(refreshed.path("id")).isEqualTo(first.path("id"));
        // seven days from the refresh (a listing of payloads since may have pushed it a moment further)
        assertThat(Instant.parse(refreshed.path("expirationTime").asText()))
                .isAfterOrEqualTo(expires.plus(Duration.ofDays(2)));

        sandboxes.clock.shift(Duration.ofDays(8));
        assertThat(probe.webhooks().health("trello").reason()).startsWith("Airtable webhook " + first.path("id").asText()
                + " expired at ");
        probe.upkeep();

        JsonNode made = only(airtableHooks());
        assertThat(made.path("id")).isNotEqualTo(first.path("id"));
        assertThat(probe.stored().path("airtable").path("id").asText()).isEqualTo(made.path("id").asText());
        assertThat(probe.stored().path("airtable").path("cursor").asLong()).isEqualTo(1);
        assertThat(probe.webhooks().health("trello")).isEqualTo(WebhookHealth.ok());
    }

    @Test
    void anAirtablePingWakesThePairWithThePayloadsFromTheStoredCursorAndStoresTheNextOne() throws Exception {
        probe.upkeep();
        assertThat(probe.stored().path("airtable").path("cursor").asLong()).isEqualTo(1);
        String webhook = probe.stored().path("airtable").path("id").asText();

        try (LogCapture log = LogCapture.start()) {
            sandboxes.addLead("Hook Lead", "NEW");

            // listed from the stored cursor, and the next one stored once the pair was woken with them
            eventually(() -> probe.stored().path("airtable").path("cursor").asLong() > 1);
            assertThat(log.text()).contains("webhook from airtable for pair trello: ping of webhook " + webhook);
        }
        long cursor = probe.stored().path("airtable").path("cursor").asLong();

        sandboxes.setLead(sandboxes.leadId("Hook Lead"), "Status", "CONTACTED");

        eventually(() -> probe.stored().path("airtable").path("cursor").asLong() > cursor);
    }

    // ---- helpers

    private List<JsonNode> trelloHooks() throws Exception {
        return elements(probe.answer(HttpRequest.newBuilder(URI.create(sandboxes.trello.baseUrl() + "/1/tokens/"
                + SandboxCredentials.TRELLO_TOKEN + "/webhooks")).header("Authorization", trelloAuth()).GET()));
    }

    private List<JsonNode> airtableHooks() throws Exception {
        return elements(airtable("/v0/bases/" + Sandboxes.BASE + "/webhooks").path("webhooks"));
    }

    private String tableId() throws Exception {
        return table().path("id").asText();
    }

    private String fieldId(String name) throws Exception {
        for (JsonNode field : table().path("fields")) {
            if (name.equals(field.path("name").asText())) {
                return field.path("id").asText();
            }
        }
        throw new AssertionError("no field " + name);
    }

    private JsonNode table() throws Exception {
        if (table != null) {
            return table;
        }
        for (JsonNode table : airtable("/v0/meta/bases/" + Sandboxes.BASE + "/tables").path("tables")) {
            if (Sandboxes.TABLE.equals(table.path("name").asText())) {
                this.table = table;
                return table;
            }
        }
        throw new AssertionError("no table " + Sandboxes.TABLE);
    }

    private JsonNode airtable(String path) throws Exception {
        return probe.answer(HttpRequest.newBuilder(URI.create(sandboxes.airtable.baseUrl() + path))
                .header("Authorization", "Bearer " + SandboxCredentials.AIRTABLE_TOKEN).GET());
    }

    private static String trelloAuth() {
        return "OAuth oauth_consumer_key=\"" + SandboxCredentials.TRELLO_KEY + "\", oauth_token=\""
                + SandboxCredentials.TRELLO_TOKEN + "\"";
    }

    /** Waits for the emulator's asynchronous delivery to have been handled (no time is made to pass). */
    private static void eventually(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("handled within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
