package io.leadsync.sandbox.clickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.RecordingCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ClickUp emulator kept in a file: a restart has the list's tasks (archived and deleted too), no id twice. */
class ClickUpPersistenceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private ClickUpEmulator saved(long seed) {
        ClickUpEmulator clickup = new ClickUpEmulator(clock, seed);
        clickup.persistIn(dir.resolve("clickup.json"));
        return clickup;
    }

    @Test
    void aReloadHasTheTasksWithTheirTimesAndFields() {
        List<ClickUpTask> before;
        List<String> handedOut = new ArrayList<>();
        try (ClickUpEmulator first = saved(42)) {
            for (String name : List.of("Ada", "Grace", "Alan")) {
                clock.advance(Duration.ofMinutes(1));
                handedOut.add(first.createTask(name).id());
            }
            clock.advance(Duration.ofMinutes(1));
            first.setStatus(handedOut.get(0), "complete");
            first.describeTask(handedOut.get(0), "[leadsync:recAda]");
            first.setCustomField(handedOut.get(0), first.airtableRecordIdFieldId().orElseThrow(), "recAda");
            first.archiveTask(handedOut.get(1), true);
            first.deleteTask(handedOut.get(2));
            before = first.tasks();
        }

        try (ClickUpEmulator second = saved(42)) {
            assertThat(second.tasks()).isEqualTo(before);
            assertThatThrownBy(() -> second.renameTask(handedOut.get(2), "back")).as("still deleted")
                    .hasMessageContaining("deleted");
            assertThat(handedOut).doesNotContain(second.createTask("Barbara").id());
        }
    }

    @Test
    void aReloadKeepsTheWebhooksWithTheirSecretsAndHealth() {
        try (RecordingCallback receiver = new RecordingCallback()) {
            String created;
            try (ClickUpEmulator first = saved(42)) {
                ClickUpHttp http = new ClickUpHttp(first.start(0).baseUrl());
                created = http.post("/api/v2/team/" + first.teamId() + "/webhook", "{\"endpoint\":\""
                        + receiver.url("/hook") + "\",\"events\":[\"taskUpdated\"],\"list_id\":" + first.leadsListId()
                        + "}").body();
                first.suspendWebhook(ClickUpHttp.json(http.get("/api/v2/team/" + first.teamId() + "/webhook"))
                        .at("/webhooks/0/id").asText());
            }
            try (ClickUpEmulator second = saved(42)) {
                ClickUpHttp http = new ClickUpHttp(second.start(0).baseUrl());
                JsonNode kept = ClickUpHttp.json(http.get("/api/v2/team/" + second.teamId() + "/webhook")).at("/webhooks/0");
                JsonNode before = new ObjectMapper().readTree(created).get("webhook");
                assertThat(kept.get("secret")).isEqualTo(before.get("secret"));
                assertThat(kept.get("endpoint")).isEqualTo(before.get("endpoint"));
                assertThat(kept.get("health").get("status").asText()).isEqualTo("suspended");

                http.put("/api/v2/webhook/" + kept.get("id").asText(), "{\"status\":\"active\"}");
                second.renameTask(second.createTask("Ada").id(), "Ada L.");
                await().atMost(Duration.ofSeconds(10)).until(() -> second.deliveries().pending() == 0);
                assertThat(receiver.received()).singleElement().satisfies(d ->
                        assertThat(d.header("X-Signature")).hasSize(64));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aReloadHasTheListsFieldsAndTheTasksTagsAssigneesPriorityAndDueDate() {
        ClickUpCustomField source;
        ClickUpTask before;
        try (ClickUpEmulator first = saved(42)) {
            source = first.addCustomField("Source", "drop_down", "Web", "Referral");
            String id = first.createTask("Ada").id();
            first.setCustomField(id, source.id(), source.options().get(1).id());
            first.tagTask(id, "VIP");
            first.assignTask(id, first.members().get(2).id());
            first.setPriority(id, 2);
            first.setDueDate(id, 1_767_600_000_000L);
            first.addSpaceTag("cold", "#000000", "#cccccc");
            before = first.task(id).orElseThrow();
        }

        try (ClickUpEmulator second = saved(42)) {
            assertThat(second.customFields()).contains(source);
            assertThat(second.task(before.id())).contains(before);
            assertThat(before.tags()).containsExactly("vip");
            assertThat(before.customFields().get(source.id()).asInt()).isEqualTo(1);
            assertThat(second.spaceTags()).extracting(ClickUpTag::name).containsExactly("vip", "cold");
        }
    }

    @Test
    void aCreatedTaskIsSavedBeforeItIsAnswered() throws Exception {
        try (ClickUpEmulator clickup = saved(42)) {
            clickup.start(0);
            HttpResponse<String> created = new ClickUpHttp(clickup.baseUrl()).post(
                    "/api/v2/list/" + clickup.leadsListId() + "/task", "{\"name\":\"Ada\"}");
            String id = new ObjectMapper().readTree(created.body()).get("id").asText();
            assertThat(Files.readString(dir.resolve("clickup.json"))).contains(id);
        }
    }

    @Test
    void dataSavedWithAnotherSeedIsRefusedWithWhatToDo() {
        saved(42).close();
        assertThatThrownBy(() -> saved(7)).hasMessageContaining("clickup.json")
                .hasMessageContaining("another leadsync.sandbox.seed").hasMessageContaining("leadsync.sandbox.reset=true");
    }
}
