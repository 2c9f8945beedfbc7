package io.leadsync.sandbox.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.leadsync.sandbox.DeliveryFault;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.SandboxCredentials;

class TrelloWebhookTest {

    record Posted(String body, String signature) {
    }

    TrelloEmulator trello;
    TrelloHttp http;
    HttpServer callback;
    List<Posted> deliveries = new CopyOnWriteArrayList<>();
    AtomicInteger heads = new AtomicInteger();
    volatile int postStatus = 200;
    String boardId;
    String todo;

    @BeforeEach
    void start() throws IOException {
        trello = new TrelloEmulator(new MutableClock(Instant.parse("2026-03-02T09:00:00Z")), 1,
                TrelloConfig.defaults().withAppSecret("test-secret").withWebhookRetryDelay(Duration.ofMillis(10)));
        trello.start(0);
        http = new TrelloHttp(trello);
        boardId = trello.control().defaultBoardId();
        todo = trello.control().listId(boardId, "TODO");
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/hook", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                heads.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            } else {
                deliveries.add(new Posted(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Trello-Webhook")));
                exchange.sendResponseHeaders(postStatus, -1);
            }
            exchange.close();
        });
        callback.createContext("/refuses", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        callback.start();
    }

    @AfterEach
    void stop() {
        trello.close();
        callback.stop(0);
    }

    String callbackUrl(String path) {
        return "http://127.0.0.1:" + callback.getAddress().getPort() + path;
    }

    JsonNode createWebhook(String idModel) {
        HttpResponse<String> r = http.postJson("/1/webhooks", "{\"callbackURL\":\"" + callbackUrl("/hook")
                + "\",\"idModel\":\"" + idModel + "\",\"description\":\"leadsync\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return http.json(r);
    }

    @Test
    void creationChecksTheCallbackWithHead() {
        JsonNode webhook = createWebhook(boardId);
        assertThat(heads.get()).isEqualTo(1);
        assertThat(webhook.get("idModel").asText()).isEqualTo(boardId);
        assertThat(webhook.get("active").asBoolean()).isTrue();
        assertThat(webhook.get("consecutiveFailures").asInt()).isZero();

        HttpResponse<String> refused = http.postJson("/1/webhooks", "{\"callbackURL\":\"" + callbackUrl("/refuses")
                + "\",\"idModel\":\"" + boardId + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        HttpResponse<String> duplicate = http.postJson("/1/webhooks", "{\"callbackURL\":\"" + callbackUrl("/hook")
                + "\",\"idModel\":\"" + boardId + "\"}");
        assertThat(duplicate.body()).isEqualTo("A webhook with that callback, model, and token already exists");
        assertThat(http.post("/1/webhooks?callbackURL=" + TrelloHttp.enc(callbackUrl("/hook")) + "&idModel=0123456789abcdef01234567")
                .body()).isEqualTo("invalid value for idModel");
        assertThat(trello.control().webhookCount()).isEqualTo(1);
    }

    @Test
    void webhooksCanBeReadChangedListedAndDeleted() {
        String id = createWebhook(boardId).get("id").asText();
        assertThat(http.getJson("/1/webhooks/" + id).get("description").asText()).isEqualTo("leadsync");
        assertThat(http.json(http.put("/1/webhooks/" + id + "?active=false&description=paused")).get("active").asBoolean()).isFalse();
        assertThat(http.getJson("/1/tokens/" + SandboxCredentials.TRELLO_TOKEN + "/webhooks")).singleElement()
                .satisfies(w -> assertThat(w.get("description").asText()).isEqualTo("paused"));
        assertThat(http.delete("/1/webhooks/" + id).statusCode()).isEqualTo(200);
        assertThat(http.get("/1/webhooks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void deliversEachActionSignedWithTheAppSecret() throws Exception {
        createWebhook(boardId);
        String card = http.json(http.post("/1/cards?idList=" + todo + "&name=" + TrelloHttp.enc("Lead – ACME"))).get("id").asText();
        http.put("/1/cards/" + card + "?closed=true");
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 2);

        Posted created = deliveries.get(0);
        JsonNode body = TrelloHttp.JSON.readTree(created.body());
        assertThat(body.at("/action/type").asText()).isEqualTo("createCard");
        assertThat(body.at("/action/data/card/name").asText()).isEqualTo("Lead – ACME");
        assertThat(body.at("/model/id").asText()).isEqualTo(boardId);
        assertThat(TrelloHttp.JSON.readTree(deliveries.get(1).body()).at("/action/data/old/closed").asBoolean()).isFalse();
        // Trello signs body + callbackURL as a "binary string": the en dash U+2013 counts as the byte 0x13
        assertThat(created.signature()).isEqualTo(expectedSignature("test-secret", created.body() + callbackUrl("/hook")));
    }

    @Test
    void aCardWebhookHearsOnlyItsCard() {
        String card = http.json(http.post("/1/cards?idList=" + todo + "&name=watched")).get("id").asText();
        createWebhook(card);
        http.post("/1/cards?idList=" + todo + "&name=other");
        http.put("/1/cards/" + card + "?name=renamed");
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 1);
        assertThat(deliveries.get(0).body()).contains("\"renamed\"");
    }

    /** trello-archive/api-docs#154: label changes reach a board's webhook, not the card's. */
    @Test
    void aLabelAddedToACardIsHeardByTheBoardsWebhookNotTheCards() throws Exception {
        String card = http.json(http.post("/1/cards?idList=" + todo + "&name=watched")).get("id").asText();
        createWebhook(card);
        createWebhook(boardId);
        String hot = trello.control().labels(boardId).get(4).id();
        http.post("/1/cards/" + card + "/idLabels?value=" + hot);
        http.put("/1/cards/" + card + "?name=renamed");
        // deliveries go out one at a time in order: once the card's webhook has the rename, all before it are in
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.stream().anyMatch(d -> d.body().contains("\"renamed\"")
                && d.body().contains("\"model\":{\"id\":\"" + card + "\"")));

        List<String> toCard = new java.util.ArrayList<>();
        List<String> toBoard = new java.util.ArrayList<>();
        for (Posted d : deliveries) {
            JsonNode body = TrelloHttp.JSON.readTree(d.body());
            (body.at("/model/id").asText().equals(card) ? toCard : toBoard).add(body.at("/action/type").asText());
        }
        assertThat(toCard).containsExactly("updateCard");
        assertThat(toBoard).containsExactly("addLabelToCard", "updateCard");
    }

    @Test
    void failedDeliveriesAreRetriedThreeTimesAndCounted() {
        String id = createWebhook(boardId).get("id").asText();
        postStatus = 500;
        http.post("/1/cards?idList=" + todo + "&name=A");
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 4);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                http.getJson("/1/webhooks/" + id).get("consecutiveFailures").asInt() == 1);
        assertThat(http.getJson("/1/webhooks/" + id).get("firstConsecutiveFailDate").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
    }

    @Test
    void aCallbackAnswering410DeletesTheWebhook() {
        createWebhook(boardId);
        postStatus = 410;
        http.post("/1/cards?idList=" + todo + "&name=A");
        await().atMost(Duration.ofSeconds(5)).until(() -> trello.control().webhookCount() == 0);
        assertThat(deliveries).hasSize(1);
    }

    @Test
    void deliveryFaultsReorderAndDuplicateTrellosDeliveries() throws Exception {
        String id = createWebhook(boardId).get("id").asText();
        trello.deliveries().delayFaultMillis(60_000); // the reordered one waits for the next, however slow the machine
        trello.deliveries().faults().inject(DeliveryFault.REORDER, 1, id);
        trello.deliveries().faults().inject(DeliveryFault.DUPLICATE, 1, id);
        http.post("/1/cards?idList=" + todo + "&name=A");
        http.post("/1/cards?idList=" + todo + "&name=B");
        http.post("/1/cards?idList=" + todo + "&name=C");
        await().atMost(Duration.ofSeconds(10)).until(() -> trello.deliveries().pending() == 0);

        List<String> names = new java.util.ArrayList<>();
        for (Posted d : deliveries) {
            names.add(TrelloHttp.JSON.readTree(d.body()).at("/action/data/card/name").asText());
            assertThat(d.signature()).isEqualTo(expectedSignature("test-secret", d.body() + callbackUrl("/hook")));
        }
        assertThat(names).containsExactly("B", "B", "A", "C");
    }

    @Test
    void webhooksTrelloDisabledDeliverNothingUntilSetActive() {
        String id = createWebhook(boardId).get("id").asText();
        trello.control().disableWebhooks();
        http.post("/1/cards?idList=" + todo + "&name=unheard");
        assertThat(http.getJson("/1/webhooks/" + id).get("active").asBoolean()).isFalse();
        assertThat(trello.deliveries().pending()).isZero(); // nothing was queued by the write

        http.put("/1/webhooks/" + id + "?active=true");
        http.post("/1/cards?idList=" + todo + "&name=heard");
        await().atMost(Duration.ofSeconds(10)).until(() -> trello.deliveries().pending() == 0);
        assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.body()).contains("\"heard\""));
    }

    /** Independent of the emulator's code: ISO-8859-1 keeps exactly the low byte of each char below 256. */
    private static String expectedSignature(String secret, String content) throws Exception {
        byte[] bytes = new byte[content.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (content.charAt(i) & 0xFF);
        }
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.ISO_8859_1), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(bytes));
    }
}
