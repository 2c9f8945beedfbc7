package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.leadsync.http.ApiCall;
import io.leadsync.state.StateDocument;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pair's webhooks against services scripted at the typed API routes (what {@code direct:<service>-typed}
 * would answer): the requests sent, what is stored in data/ and when, and the secrets the receiver gets. The
 * ClickUp lifecycle is pinned here (its emulator's webhooks are not on this branch); Trello's and Airtable's also
 * over real HTTP in WebhookLifecycleTest.
 */
class PairWebhooksTest {

    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final String ENDPOINT = "https://sync.example.com/webhooks/p/clickup";
    static final String HOOK_URL = "https://sync.example.com/webhooks/p/airtable";
    static final String SECRET = Base64.getEncoder().encodeToString("mac-secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataDir;
    final DefaultCamelContext context = new DefaultCamelContext();
    final List<String> sent = new ArrayList<>();
    final List<WebhookBodies.ClickUpHook> clickUpHooks = new ArrayList<>();
    final List<WebhookBodies.AirtableHook> airtableHooks = new ArrayList<>();
    final List<WebhookBodies.PayloadPage> pages = new ArrayList<>();
    final WebhookUpkeep.Target target = new WebhookUpkeep.Target("p", "clickup", () -> "901", () -> "T1",
            () -> "app1", () -> "tbl1", () -> List.of("fldStatus"));
    StateDocument document;

    @BeforeEach
    void services() throws Exception {
        document = PairWebhookState.document(dataDir.toString(), "p");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:clickup-typed").process(e -> answer(e, PairWebhooksTest.this::clickup));
                from("direct:airtable-typed").process(e -> answer(e, PairWebhooksTest.this::airtable));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void answer(Exchange exchange, BiFunction<String, Object, Object> service) {
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        String request = exchange.getMessage().getHeader(Exchange.HTTP_METHOD) + " "
                + exchange.getMessage().getHeader(Exchange.HTTP_PATH) + (query == null ? "" : "?" + query);
        sent.add(request);
        exchange.getMessage().setBody(service.apply(request, exchange.getMessage().getBody()));
    }

    private Object clickup(String request, Object body) {
        if (request.equals("GET /api/v2/team/T1/webhook")) {
            return new WebhookBodies.ClickUpHooks(List.copyOf(clickUpHooks));
        }
        if (request.equals("POST /api/v2/team/T1/webhook")) {
            WebhookBodies.NewClickUpHook made = (WebhookBodies.NewClickUpHook) body;
            WebhookBodies.ClickUpHook hook = new WebhookBodies.ClickUpHook("u" + (clickUpHooks.size() + 1),
                    made.endpoint(), made.listId(), new WebhookBodies.Health("active", 0), "secret-of-u1");
            clickUpHooks.add(hook);
            return new WebhookBodies.CreatedClickUpHook(hook.id(), hook);
        }
        if (request.startsWith("PUT /api/v2/webhook/")) {
            assertThat(((WebhookBodies.ClickUpHookChange) body).status()).isEqualTo("active");
            health("active", 0);
            return new WebhookBodies.Ignored();
        }
        throw new AssertionError("unexpected " + request);
    }

    private Object airtable(String request, Object body) {
        if (request.equals("GET /v0/bases/app1/webhooks")) {
            return new WebhookBodies.AirtableHooks(List.copyOf(airtableHooks));
        }
        if (request.startsWith("GET /v0/bases/app1/webhooks/ach1/payloads")) {
            return pages.remove(0);
        }
        if (request.equals("POST /v0/bases/app1/webhooks/ach1/enableNotifications")) {
            assertThat(((WebhookBodies.EnableNotifications) body).enable()).isTrue();
            airtableHooks.replaceAll(h -> new WebhookBodies.AirtableHook(h.id(), h.notificationUrl(),
                    h.expirationTime(), h.isHookEnabled(), true));
            return new WebhookBodies.Ignored();
        }
        if (request.equals("POST /v0/bases/app1/webhooks")) {
            WebhookBodies.NewAirtableHook made = (WebhookBodies.NewAirtableHook) body;
            assertThat(made.specification().options().filters()).isEqualTo(new WebhookBodies.Filters(
                    List.of("tableData"), "tbl1", List.of("fldStatus")));
            airtableHooks.add(new WebhookBodies.AirtableHook("ach1", made.notificationUrl(),
                    "2026-12-08T00:00:00.000Z", true, true));
            return new WebhookBodies.CreatedAirtableHook("ach1", SECRET, "2026-12-08T00:00:00.000Z");
        }
        throw new AssertionError("unexpected " + request);
    }

    private void health(String status, int failCount) {
        WebhookBodies.ClickUpHook hook = clickUpHooks.remove(0);
        clickUpHooks.add(new WebhookBodies.ClickUpHook(hook.id(), hook.endpoint(), hook.listId(),
                new WebhookBodies.Health(status, failCount), hook.secret()));
    }

    private PairWebhooks started(KnownSecrets secrets) {
        return started(target, secrets);
    }

    private PairWebhooks started(WebhookUpkeep.Target target, KnownSecrets secrets) {
        return new PairWebhooks(target, new WebhookUpkeep.Services(new ApiCall(context, "trello"),
                new ApiCall(context, "airtable"), new ApiCall(context, "clickup")),
                (pair, service) -> "https://sync.example.com/webhooks/" + pair + "/" + service, "token",
                document, Clock.fixed(NOW, ZoneOffset.UTC), WebhookUpkeep.AIRTABLE_REFRESH_WHEN_LEFT, secrets);
    }

    private static KnownSecrets secrets() {
        return new KnownSecrets(null, pair -> false);
    }

    @Test
    void clickUpsIsCreatedOnTheListKeptAfterARestartWithItsStoredSecretAndReactivatedWhenSuspended() {
        KnownSecrets first = secrets();
        started(first).upkeep();

        assertThat(sent).contains("POST /api/v2/team/T1/webhook", "POST /v0/bases/app1/webhooks");
        assertThat(clickUpHooks).singleElement().satisfies(h -> {
            assertThat(h.endpoint()).isEqualTo(ENDPOINT);
            assertThat(h.listId()).isEqualTo("901");
        });
        assertThat(first.secret("p", "clickup")).hasValue("secret-of-u1".getBytes(StandardCharsets.UTF_8));
        assertThat(first.secret("p", "airtable")).hasValue("mac-secret".getBytes(StandardCharsets.UTF_8));

        sent.clear();
        KnownSecrets restarted = secrets();
        PairWebhooks again = started(restarted);

        assertThat(restarted.secret("p", "clickup")).as("known from data/ before any request")
                .hasValue("secret-of-u1".getBytes(StandardCharsets.UTF_8));
        again.upkeep();
        assertThat(sent).containsExactly("GET /api/v2/team/T1/webhook", "GET /v0/bases/app1/webhooks");
        assertThat(again.health()).isEqualTo(WebhookHealth.ok());

        health("suspended", 100);
        sent.clear();
        again.upkeep();

        assertThat(sent).contains("PUT /api/v2/webhook/u1");
        assertThat(clickUpHooks).singleElement().satisfies(h -> assertThat(h.status()).isEqualTo("active"));
        assertThat(again.health()).isEqualTo(WebhookHealth.ok());
    }

    @Test
    void airtablesNotificationsTurnedOffAfterFailedPingsAreTurnedOnAgain() {
        PairWebhooks webhooks = started(secrets());
        webhooks.upkeep();
        airtableHooks.replaceAll(h -> new WebhookBodies.AirtableHook(h.id(), h.notificationUrl(),
                h.expirationTime(), h.isHookEnabled(), false));
        sent.clear();

        webhooks.upkeep();

        assertThat(sent).contains("POST /v0/bases/app1/webhooks/ach1/enableNotifications");
        assertThat(airtableHooks).singleElement().satisfies(h -> assertThat(h.areNotificationsEnabled()).isTrue());
    }

    @Test
    void theAirtableCursorIsStoredOnlyOnceThePairWasWokenWithThePayloads() {
        new PairWebhookState(null, new PairWebhookState.Airtable("ach1", HOOK_URL, SECRET,
                "2026-12-08T00:00:00.000Z", 3), null).save(document);
        PairWebhooks webhooks = started(secrets());
        pages.add(new WebhookBodies.PayloadPage(5, false, List.of(TextNode.valueOf("a"), TextNode.valueOf("b"))));

        assertThatThrownBy(() -> webhooks.airtablePayloads(payloads -> {
            throw new IllegalStateException("the wake-up failed");
        })).hasMessage("the wake-up failed");

        assertThat(PairWebhookState.load(document).airtable().cursor()).isEqualTo(3);
        pages.add(new WebhookBodies.PayloadPage(5, false, List.of(TextNode.valueOf("a"), TextNode.valueOf("b"))));
        List<JsonNode> woken = new ArrayList<>();

        webhooks.airtablePayloads(woken::addAll);

        assertThat(sent).containsExactly("GET /v0/bases/app1/webhooks/ach1/payloads?cursor=3&limit=50",
                "GET /v0/bases/app1/webhooks/ach1/payloads?cursor=3&limit=50");
        assertThat(woken).hasSize(2);
        assertThat(PairWebhookState.load(document).airtable().cursor()).isEqualTo(5);
    }

    @Test
    void aBaseWithItsTenWebhooksIsOneLineInTheHealthAndNothingIsCreated() {
        for (int i = 0; i < 10; i++) {
            airtableHooks.add(new WebhookBodies.AirtableHook("achOther" + i, "https://other.example.com/" + i,
                    "2026-12-08T00:00:00.000Z", true, true));
        }
        PairWebhooks webhooks = started(secrets());

        webhooks.upkeep();

        assertThat(sent).doesNotContain("POST /v0/bases/app1/webhooks");
        assertThat(webhooks.health().healthy()).isFalse();
        assertThat(webhooks.health().reason()).isEqualTo("no Airtable webhook; the Airtable webhook could not be "
                + "registered: Airtable base app1 already has 10 webhooks, the most it allows: delete one that is "
                + "not leadsync's (GET and DELETE /v0/bases/app1/webhooks); until then this pair polls");
    }

    @Test
    void withoutTheTrelloAppSecretNoTrelloWebhookIsRegisteredForItsDeliveriesCouldNotBeVerified() {
        WebhookUpkeep.Target board = new WebhookUpkeep.Target("p", "trello", () -> "5f01", () -> null,
                () -> "app1", () -> "tbl1", () -> List.of("fldStatus"));
        PairWebhooks webhooks = started(board, new KnownSecrets(null, pair -> true));

        webhooks.upkeep();

        assertThat(sent).noneMatch(request -> request.contains("/1/"));
        assertThat(webhooks.health().reason()).isEqualTo("no Trello webhook; the Trello webhook could not be "
                + "registered: leadsync.trello.secret is not set: set TRELLO_SECRET to the Trello application secret "
                + "(API key tab of the Power-Up admin), which signs its deliveries");
    }

    @Test
    void theStoredSecretsAreKnownToTheReceiverBeforeTheFirstUpkeepNamesThePair() {
        new PairWebhookState(null, new PairWebhookState.Airtable("ach1", HOOK_URL, SECRET, null, 1),
                new PairWebhookState.ClickUp("u1", "CLICKUPSECRET", "active", 0)).save(document);
        KnownSecrets secrets = new KnownSecrets(null, pair -> false);

        new WebhookUpkeep(List::of, new WebhookUpkeep.Services(null, null, null), (pair, service) -> "", null,
                dataDir.toString(), Clock.fixed(NOW, ZoneOffset.UTC), secrets);

        assertThat(secrets.secret("p", "clickup")).hasValueSatisfying(key -> assertThat(new String(key,
                StandardCharsets.UTF_8)).isEqualTo("CLICKUPSECRET"));
        assertThat(secrets.secret("p", "airtable")).isPresent();
    }
}
