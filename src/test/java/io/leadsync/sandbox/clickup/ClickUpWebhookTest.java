package io.leadsync.sandbox.clickup;

import static io.leadsync.sandbox.clickup.ClickUpHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.DeliveryFault;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.WebhookOutbox;
import io.leadsync.sandbox.RecordingCallback;

/** ClickUp's webhooks over real HTTP: the API, signed deliveries of task changes, retries, health and suspension. */
class ClickUpWebhookTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private ClickUpEmulator clickup;
    private ClickUpHttp http;
    private RecordingCallback receiver;

    @BeforeEach
    void start() {
        clickup = new ClickUpEmulator(clock, 3);
        clickup.webhookRetryDelay(Duration.ofMillis(5));
        clickup.start(0);
        http = new ClickUpHttp(clickup.baseUrl());
        receiver = new RecordingCallback();
    }

    @AfterEach
    void stop() {
        clickup.close();
        receiver.close();
    }

    private JsonNode createWebhook(String body) {
        HttpResponse<String> created = http.post("/api/v2/team/" + clickup.teamId() + "/webhook", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json(created);
    }

    /** A webhook on the leads list for every event. */
    private JsonNode listWebhook() {
        return createWebhook("{\"endpoint\":\"" + receiver.url("/hook") + "\",\"events\":[\"*\"],\"list_id\":"
                + clickup.leadsListId() + "}");
    }

    private JsonNode health(String webhookId) {
        for (JsonNode hook : json(http.get("/api/v2/team/" + clickup.teamId() + "/webhook")).get("webhooks")) {
            if (hook.get("id").asText().equals(webhookId)) {
                return hook.get("health");
            }
        }
        throw new AssertionError("no webhook " + webhookId);
    }

    private List<JsonNode> deliveries() {
        return receiver.bodies().stream().map(ClickUpWebhookTest::parse).toList();
    }

    private List<String> events() {
        return deliveries().stream().map(d -> d.get("event").asText()).toList();
    }

    private void awaitSent() {
        await().atMost(PATIENCE).until(() -> clickup.deliveries().pending() == 0);
    }

    private static JsonNode parse(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Computed here with javax.crypto, independently of the emulator's code. */
    private static String hmacSha256Hex(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signsWithHexHmacSha256OfTheBodyKeyedWithTheSecret() throws Exception {
        // the well-known RFC 4231-style vector for HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
        assertThat(ClickUpWebhooks.signature("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(ClickUpWebhooks.signature("S3CRET", "{\"name\":\"Zoë – Ltd\"}"))
                .isEqualTo(hmacSha256Hex("S3CRET", "{\"name\":\"Zoë – Ltd\"}"));
    }

    @Test
    void webhooksAreCreatedListedUpdatedAndDeleted() {
        JsonNode created = listWebhook();
        JsonNode hook = created.get("webhook");
        assertThat(created.get("id").asText()).isEqualTo(hook.get("id").asText());
        assertThat(hook.get("userid").asInt()).isEqualTo(clickup.userId());
        assertThat(hook.get("team_id").asText()).isEqualTo(clickup.teamId());
        assertThat(hook.get("endpoint").asText()).isEqualTo(receiver.url("/hook"));
        assertThat(hook.get("events")).extracting(JsonNode::asText).containsExactly("*");
        assertThat(hook.get("list_id").asText()).isEqualTo(clickup.leadsListId());
        assertThat(hook.get("task_id").isNull()).isTrue();
        assertThat(hook.get("health").toString()).isEqualTo("{\"status\":\"active\",\"fail_count\":0}");
        assertThat(hook.get("secret").asText()).matches("[0-9A-Z]{64}");
        String id = hook.get("id").asText();

        JsonNode updated = json(http.put("/api/v2/webhook/" + id, "{\"endpoint\":\"" + receiver.url("/other")
                + "\",\"events\":[\"taskStatusUpdated\"],\"status\":\"active\"}"));
        assertThat(updated.at("/webhook/endpoint").asText()).isEqualTo(receiver.url("/other"));
        assertThat(updated.at("/webhook/events")).extracting(JsonNode::asText).containsExactly("taskStatusUpdated");
        assertThat(updated.at("/webhook/secret").asText()).isEqualTo(hook.get("secret").asText());
        assertThat(json(http.get("/api/v2/team/" + clickup.teamId() + "/webhook")).get("webhooks"))
                .singleElement().satisfies(w -> assertThat(w.get("id").asText()).isEqualTo(id));

        HttpResponse<String> deleted = http.delete("/api/v2/webhook/" + id);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(json(http.get("/api/v2/team/" + clickup.teamId() + "/webhook")).get("webhooks")).isEmpty();
    }

    @Test
    void refusesUnknownIdsAndBadBodiesInClickUpsShape() {
        HttpResponse<String> unknown = http.put("/api/v2/webhook/4b67ac88-e506-4a29-9d42-26e504e3435e", "{\"status\":\"active\"}");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo("{\"err\":\"Team not authorized\",\"ECODE\":\"OAUTH_027\"}");
        String team = "/api/v2/team/" + clickup.teamId() + "/webhook";
        assertThat(http.post(team, "{\"events\":[\"*\"]}").body()).contains("\"ECODE\":\"INPUT_001\"");
        assertThat(http.post(team, "{\"endpoint\":\"" + receiver.url("/h") + "\",\"events\":[\"taskExploded\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(http.post(team, "{\"endpoint\":\"" + receiver.url("/h") + "\",\"events\":[\"*\"],\"list_id\":"
                + clickup.leadsListId() + ",\"space_id\":" + clickup.spaceId() + "}").statusCode()).isEqualTo(400);
        assertThat(http.post("/api/v2/team/1/webhook", "{\"endpoint\":\"" + receiver.url("/h") + "\",\"events\":[\"*\"]}")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aTaskCreatedThroughTheApiIsDeliveredSignedAsTaskCreatedThenTaskStatusUpdatedByTheTokensUser() throws Exception {
        JsonNode hook = listWebhook().get("webhook");
        String taskId = json(http.post("/api/v2/list/" + clickup.leadsListId() + "/task",
                "{\"name\":\"Zoë – Ltd\",\"tags\":[\"vip\"],\"priority\":2}")).get("id").asText();
        awaitSent();

        assertThat(events()).containsExactly("taskCreated", "taskStatusUpdated");
        RecordingCallback.Received first = receiver.received().get(0);
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("X-Signature")).isEqualTo(hmacSha256Hex(hook.get("secret").asText(), first.body()));
        JsonNode created = parse(first.body());
        assertThat(created.fieldNames()).toIterable().containsExactly("webhook_id", "event", "task_id", "history_items");
        assertThat(created.get("webhook_id").asText()).isEqualTo(hook.get("id").asText());
        assertThat(created.get("task_id").asText()).isEqualTo(taskId);
        JsonNode item = created.at("/history_items/0");
        assertThat(item.fieldNames()).toIterable().containsExactly("id", "type", "date", "field", "parent_id", "data",
                "source", "user", "before", "after");
        assertThat(item.get("field").asText()).isEqualTo("status");
        assertThat(item.get("date").asText()).isEqualTo(Long.toString(clock.millis()));
        assertThat(item.get("parent_id").asText()).isEqualTo(clickup.leadsListId());
        assertThat(item.at("/after/status").asText()).isEqualTo("to do");
        assertThat(item.at("/before/type").asText()).isEqualTo("removed");
        assertThat(item.at("/user/id").asInt()).isEqualTo(clickup.userId());
        assertThat(item.at("/user/email").asText()).isEqualTo("sandbox@leadsync.invalid");
        assertThat(created.at("/history_items/1/field").asText()).isEqualTo("task_creation");
        JsonNode status = deliveries().get(1);
        assertThat(status.at("/history_items/0/after/status").asText()).isEqualTo("to do");
    }

    @Test
    void aPersonsChangesAreDeliveredAsTheirEventsNamingThePerson() {
        String taskId = clickup.createTask("Ada").id();
        listWebhook();
        ClickUpMember dana = clickup.members().get(1);
        clickup.renameTask(taskId, "Ada L.");
        clickup.setStatus(taskId, "in progress");
        clickup.tagTask(taskId, "VIP");
        clickup.untagTask(taskId, "vip");
        clickup.assignTask(taskId, dana.id());
        clickup.unassignTask(taskId, dana.id());
        clickup.setPriority(taskId, 1);
        clickup.setDueDate(taskId, 1767600000000L);
        clickup.setCustomField(taskId, clickup.airtableRecordIdFieldId().orElseThrow(), "rec1");
        clickup.archiveTask(taskId, true);
        clickup.deleteTask(taskId);
        awaitSent();

        assertThat(events()).containsExactly("taskUpdated", "taskStatusUpdated", "taskTagUpdated", "taskTagUpdated",
                "taskAssigneeUpdated", "taskAssigneeUpdated", "taskPriorityUpdated", "taskDueDateUpdated", "taskUpdated",
                "taskUpdated", "taskDeleted");
        List<JsonNode> d = deliveries();
        assertThat(d).allSatisfy(x -> assertThat(x.get("task_id").asText()).isEqualTo(taskId));
        assertThat(d.subList(0, 10)).allSatisfy(x -> assertThat(x.at("/history_items/0/user/id").asInt()).isEqualTo(dana.id()));
        assertThat(d.get(0).at("/history_items/0").toString()).contains("\"field\":\"name\"", "\"before\":\"Ada\"",
                "\"after\":\"Ada L.\"");
        assertThat(d.get(1).at("/history_items/0/before/status").asText()).isEqualTo("to do");
        assertThat(d.get(1).at("/history_items/0/after/status").asText()).isEqualTo("in progress");
        assertThat(d.get(1).at("/history_items/0/data/status_type").asText()).isEqualTo("custom");
        assertThat(d.get(2).at("/history_items/0/field").asText()).isEqualTo("tag");
        assertThat(d.get(2).at("/history_items/0/after/0/name").asText()).isEqualTo("vip");
        assertThat(d.get(3).at("/history_items/0/field").asText()).isEqualTo("tag_removed");
        assertThat(d.get(4).at("/history_items/0/field").asText()).isEqualTo("assignee_add");
        assertThat(d.get(4).at("/history_items/0/after/email").asText()).isEqualTo(dana.email());
        assertThat(d.get(5).at("/history_items/0/field").asText()).isEqualTo("assignee_rem");
        assertThat(d.get(6).at("/history_items/0/after/priority").asText()).isEqualTo("urgent");
        assertThat(d.get(6).at("/history_items/0/before").isNull()).isTrue();
        assertThat(d.get(7).at("/history_items/0/after").asText()).isEqualTo("1767600000000");
        assertThat(d.get(8).at("/history_items/0/field").asText()).isEqualTo("custom_field");
        assertThat(d.get(8).at("/history_items/0/after").asText()).isEqualTo("rec1");
        assertThat(d.get(8).at("/history_items/0/custom_field/name").asText()).isEqualTo("Airtable Record ID");
        assertThat(d.get(9).at("/history_items/0/field").asText()).isEqualTo("archived");
        assertThat(d.get(10).has("history_items")).isFalse();
    }

    @Test
    void aWebhookHearsOnlyItsEventsAndItsLocation() {
        String watched = clickup.createTask("watched").id();
        String other = clickup.createTask("other").id();
        createWebhook("{\"endpoint\":\"" + receiver.url("/hook") + "\",\"events\":[\"taskStatusUpdated\"],\"task_id\":\""
                + watched + "\"}");
        clickup.renameTask(watched, "renamed");
        clickup.setStatus(other, "complete");
        clickup.setStatus(watched, "complete");
        awaitSent();
        assertThat(deliveries()).singleElement().satisfies(d -> {
            assertThat(d.get("event").asText()).isEqualTo("taskStatusUpdated");
            assertThat(d.get("task_id").asText()).isEqualTo(watched);
        });
    }

    @Test
    void aFailingDeliveryIsTriedSixTimesThenCountedAndASuccessMakesTheWebhookActiveAgain() {
        String id = listWebhook().at("/webhook/id").asText();
        String task = clickup.createTask("Ada").id(); // before the failures: taskCreated and taskStatusUpdated arrive
        awaitSent();
        receiver.answer(500);
        clickup.renameTask(task, "Ada L.");
        awaitSent();
        assertThat(receiver.bodies()).hasSize(2 + 1 + ClickUpWebhooks.RETRIES);
        assertThat(health(id).toString()).isEqualTo("{\"status\":\"failing\",\"fail_count\":1}");

        receiver.answer(200);
        clickup.renameTask(task, "Ada Lovelace");
        awaitSent();
        assertThat(health(id).toString()).isEqualTo("{\"status\":\"active\",\"fail_count\":0}");
    }

    @Test
    void theHundredthFailedEventSuspendsTheWebhook() {
        clickup.webhookRetryDelay(Duration.ZERO);
        String task = clickup.createTask("Ada").id();
        String id = createWebhook("{\"endpoint\":\"" + receiver.url("/hook") + "\",\"events\":[\"taskUpdated\"]}")
                .at("/webhook/id").asText();
        receiver.answer(500);
        for (int i = 1; i < ClickUpWebhooks.SUSPEND_AT; i++) {
            clickup.renameTask(task, "Ada " + i);
        }
        awaitSent();
        assertThat(health(id).toString()).isEqualTo("{\"status\":\"failing\",\"fail_count\":99}");

        clickup.renameTask(task, "Ada 100");
        awaitSent();
        assertThat(health(id).toString()).isEqualTo("{\"status\":\"suspended\",\"fail_count\":100}");
        int sent = receiver.bodies().size();
        clickup.renameTask(task, "Ada 101");
        awaitSent();
        assertThat(receiver.bodies()).hasSize(sent);
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() {
        clickup.webhookTimeout(Duration.ofMillis(100));
        String id = listWebhook().at("/webhook/id").asText();
        receiver.answerAfter(2_000);
        clickup.createTask("Ada");
        await().atMost(PATIENCE).until(() -> health(id).get("fail_count").asInt() == 2);
        assertThat(health(id).get("status").asText()).isEqualTo("failing");
        assertThat(clickup.deliveries().journal()).filteredOn(e -> e.what() == WebhookOutbox.Happened.SENT)
                .hasSize(2 * (1 + ClickUpWebhooks.RETRIES)).allSatisfy(e -> assertThat(e.status()).isEqualTo(-1));
    }

    @Test
    void a401SuspendsAtOnceAndNothingIsSentUntilTheWebhookIsSetActive() {
        String id = listWebhook().at("/webhook/id").asText();
        receiver.answer(401);
        String task = clickup.createTask("Ada").id();
        awaitSent();
        assertThat(receiver.bodies()).hasSize(1); // the second (taskStatusUpdated) was skipped: the webhook is suspended
        assertThat(health(id).get("status").asText()).isEqualTo("suspended");

        receiver.answer(200);
        clickup.renameTask(task, "Ada L.");
        awaitSent();
        assertThat(receiver.bodies()).hasSize(1);

        assertThat(json(http.put("/api/v2/webhook/" + id, "{\"status\":\"active\"}")).at("/webhook/health/status").asText())
                .isEqualTo("active");
        clickup.renameTask(task, "Ada Lovelace");
        awaitSent();
        assertThat(events()).containsExactly("taskCreated", "taskUpdated");
    }

    @Test
    void a410SuspendsToo() {
        String id = listWebhook().at("/webhook/id").asText();
        receiver.answer(410);
        clickup.createTask("Ada");
        awaitSent();
        assertThat(health(id).get("status").asText()).isEqualTo("suspended");
    }

    @Test
    void aWebhookSuspendedByTheServiceGetsNothing() {
        String id = listWebhook().at("/webhook/id").asText();
        assertThat(clickup.webhookIds()).containsExactly(id);
        clickup.suspendWebhook(id);
        clickup.createTask("Ada");
        awaitSent();
        assertThat(receiver.bodies()).isEmpty();
        assertThat(health(id).get("status").asText()).isEqualTo("suspended");
    }

    @Test
    void deliveryFaultsAreSetThroughTheControlApiAndJournaled() {
        String id = listWebhook().at("/webhook/id").asText();
        assertThat(http.post("/_sandbox/delivery-faults", "{\"fault\":\"DUPLICATE\",\"count\":1,\"webhook\":\"" + id + "\"}")
                .statusCode()).isEqualTo(200);
        clickup.deliveries().faults().inject(DeliveryFault.DROP, 1, id);
        clickup.createTask("Ada");
        awaitSent();
        // taskCreated sent twice, taskStatusUpdated dropped
        assertThat(events()).containsExactly("taskCreated", "taskCreated");
        assertThat(receiver.bodies().get(0)).isEqualTo(receiver.bodies().get(1));
        JsonNode journal = json(http.get("/_sandbox/deliveries"));
        assertThat(journal).extracting(e -> e.get("what").asText())
                .containsExactly("DUPLICATED", "SENT", "SENT", "DROPPED");
        assertThat(json(http.get("/_sandbox/delivery-faults")).toString()).isEqualTo("{\"DROP\":1,\"DUPLICATE\":1}");
    }
}
