package io.leadsync.sandbox.clickup;

import static io.leadsync.sandbox.clickup.ClickUpHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.SandboxCredentials;

class ClickUpEmulatorTest {

    private static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private ClickUpEmulator clickup;
    private ClickUpHttp http;
    private String list;

    @BeforeEach
    void start() {
        clickup = new ClickUpEmulator(clock, 42);
        clickup.start(0);
        http = new ClickUpHttp(clickup.baseUrl());
        list = clickup.leadsListId();
    }

    @AfterEach
    void stop() {
        clickup.close();
    }

    // ------------------------------------------------------------------ hierarchy

    @Test
    void theSandboxWorkspaceHasASalesSpaceWithTheFolderlessLeadsList() {
        JsonNode teams = json(http.get("/api/v2/team"));
        assertThat(teams.at("/teams/0/id").asText()).isEqualTo(clickup.teamId());
        assertThat(teams.at("/teams/0/name").asText()).isEqualTo("Leadsync Sandbox");

        JsonNode spaces = json(http.get("/api/v2/team/" + clickup.teamId() + "/space"));
        assertThat(spaces.at("/spaces/0/name").asText()).isEqualTo("Sales");

        JsonNode lists = json(http.get("/api/v2/space/" + clickup.spaceId() + "/list"));
        assertThat(lists.at("/lists/0/id").asText()).isEqualTo(list);
        assertThat(lists.at("/lists/0/name").asText()).isEqualTo("Leads Work");
        assertThat(lists.at("/lists/0/folder/hidden").asBoolean()).isTrue();

        assertThat(json(http.get("/api/v2/space/" + clickup.spaceId() + "/folder")).get("folders")).isEmpty();
        assertThat(json(http.get("/api/v2/user")).at("/user/id").asInt()).isEqualTo(clickup.userId());
    }

    @Test
    void theListHasOpenCustomAndClosedStatusesAndTheAirtableRecordIdField() {
        JsonNode listJson = json(http.get("/api/v2/list/" + list));
        assertThat(listJson.get("statuses")).extracting(s -> s.get("status").asText() + "/" + s.get("type").asText())
                .containsExactly("to do/open", "in progress/custom", "complete/closed");
        assertThat(listJson.at("/statuses/0/id").asText()).startsWith("sc" + list + "_");

        JsonNode fields = json(http.get("/api/v2/list/" + list + "/field")).get("fields");
        assertThat(fields).hasSize(1);
        assertThat(fields.at("/0/name").asText()).isEqualTo("Airtable Record ID");
        assertThat(fields.at("/0/type").asText()).isEqualTo("short_text");
        assertThat(fields.at("/0/id").asText()).isEqualTo(clickup.airtableRecordIdFieldId().orElseThrow());
    }

    @Test
    void theAirtableRecordIdFieldCanBeLeftOut() {
        try (ClickUpEmulator bare = new ClickUpEmulator(clock, 42, ClickUpSettings.defaults().withoutAirtableRecordIdField())) {
            bare.start(0);
            assertThat(bare.airtableRecordIdFieldId()).isEmpty();
            JsonNode fields = json(new ClickUpHttp(bare.baseUrl()).get("/api/v2/list/" + bare.leadsListId() + "/field"));
            assertThat(fields.get("fields")).isEmpty();
        }
    }

    // ------------------------------------------------------------------ tasks

    @Test
    void createReturnsTheTaskInTheRealShape() {
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        HttpResponse<String> created = http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"Ada Lovelace\",\"description\":\"Met at expo\",\"status\":\"IN PROGRESS\","
                        + "\"custom_fields\":[{\"id\":\"" + field + "\",\"value\":\"rec123\"}]}");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode task = json(created);
        assertThat(task.get("id").asText()).matches("[0-9a-z]{9}");
        assertThat(task.get("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(task.get("description").asText()).isEqualTo("Met at expo");
        assertThat(task.get("text_content").asText()).isEqualTo("Met at expo");
        assertThat(task.at("/status/status").asText()).isEqualTo("in progress");
        assertThat(task.at("/status/type").asText()).isEqualTo("custom");
        assertThat(task.get("date_created").asText()).isEqualTo(Long.toString(T0));
        assertThat(task.get("date_updated").asText()).isEqualTo(Long.toString(T0));
        assertThat(task.get("date_closed").isNull()).isTrue();
        assertThat(task.get("archived").asBoolean()).isFalse();
        assertThat(task.at("/list/id").asText()).isEqualTo(list);
        assertThat(task.at("/space/id").asText()).isEqualTo(clickup.spaceId());
        assertThat(task.get("team_id").asText()).isEqualTo(clickup.teamId());
        assertThat(task.get("url").asText()).isEqualTo("https://app.clickup.com/t/" + task.get("id").asText());
        assertThat(task.at("/custom_fields/0/value").asText()).isEqualTo("rec123");
        assertThat(clickup.task(task.get("id").asText()).orElseThrow().customFieldText(field)).isEqualTo("rec123");
    }

    @Test
    void anUnsetCustomFieldHasNoValueKey() {
        JsonNode task = json(http.post("/api/v2/list/" + list + "/task", "{\"name\":\"No id yet\"}"));
        assertThat(task.at("/custom_fields/0").has("value")).isFalse();
        assertThat(task.at("/status/status").asText()).isEqualTo("to do");
    }

    @Test
    void createRefusesAMissingNameAndAnUnknownStatusWithoutCreatingAnything() {
        HttpResponse<String> noName = http.post("/api/v2/list/" + list + "/task", "{\"description\":\"x\"}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(json(noName).get("ECODE").asText()).isEqualTo("INPUT_005");

        HttpResponse<String> badStatus = http.post("/api/v2/list/" + list + "/task", "{\"name\":\"x\",\"status\":\"won\"}");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).isEqualTo("{\"err\":\"Status not found\",\"ECODE\":\"CRTSK_001\"}");
        assertThat(clickup.tasks()).isEmpty();
    }

    @Test
    void aCreateNamingADeletedCustomFieldIsRefusedWholeAndCreatesNothing() {
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        clickup.deleteCustomField(field);

        HttpResponse<String> refused = http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"Ada\",\"custom_fields\":[{\"id\":\"" + field + "\",\"value\":\"rec1\"}]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"err\":\"Custom field not found\",\"ECODE\":\"FIELD_015\"}");
        assertThat(clickup.tasks()).isEmpty();
    }

    @Test
    void aTaskCreatedWithItsCustomFieldsShowsThemWhenListedAndRead() {
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        String id = json(http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"Ada\",\"custom_fields\":[{\"id\":\"" + field + "\",\"value\":\"rec1\"}]}"))
                .get("id").asText();

        JsonNode listed = json(http.get("/api/v2/list/" + list + "/task")).at("/tasks/0");
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.at("/custom_fields/0/id").asText()).isEqualTo(field);
        assertThat(listed.at("/custom_fields/0/value").asText()).isEqualTo("rec1");
        assertThat(json(http.get("/api/v2/task/" + id)).at("/custom_fields/0/value").asText()).isEqualTo("rec1");
        assertThat(listed.get("date_updated").asText()).as("one change: the create")
                .isEqualTo(listed.get("date_created").asText());
    }

    @Test
    void updateChangesTheTaskAndBumpsDateUpdated() {
        String id = clickup.createTask("Grace").id();
        clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> updated = http.put("/api/v2/task/" + id,
                "{\"name\":\"Grace Hopper\",\"description\":\"Navy\",\"status\":\"In Progress\"}");

        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode task = json(updated);
        assertThat(task.get("name").asText()).isEqualTo("Grace Hopper");
        assertThat(task.get("description").asText()).isEqualTo("Navy");
        assertThat(task.at("/status/status").asText()).isEqualTo("in progress");
        assertThat(task.get("date_updated").asText()).isEqualTo(Long.toString(T0 + 300_000));
        assertThat(task.get("date_created").asText()).isEqualTo(Long.toString(T0));
    }

    @Test
    void aSingleSpaceDescriptionClearsIt() {
        String id = clickup.describeTask(clickup.createTask("x").id(), "something").id();
        assertThat(json(http.put("/api/v2/task/" + id, "{\"description\":\" \"}")).get("description").asText()).isEmpty();
    }

    @Test
    void updateToAStatusTheListLacksIsRefusedAndChangesNothing() {
        String id = clickup.createTask("Grace").id();
        HttpResponse<String> refused = http.put("/api/v2/task/" + id, "{\"name\":\"renamed\",\"status\":\"won\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"err\":\"Status does not exist\",\"ECODE\":\"ITEM_114\"}");
        assertThat(clickup.task(id).orElseThrow().name()).isEqualTo("Grace");
    }

    @Test
    void closingStampsDateClosedAndDateDoneAndReopeningClearsThem() {
        String id = clickup.createTask("Linus").id();
        clock.advance(Duration.ofHours(1));
        JsonNode closed = json(http.put("/api/v2/task/" + id, "{\"status\":\"complete\"}"));
        assertThat(closed.get("date_closed").asText()).isEqualTo(Long.toString(T0 + 3_600_000));
        assertThat(closed.get("date_done").asText()).isEqualTo(Long.toString(T0 + 3_600_000));

        JsonNode reopened = json(http.put("/api/v2/task/" + id, "{\"status\":\"to do\"}"));
        assertThat(reopened.get("date_closed").isNull()).isTrue();
        assertThat(reopened.get("date_done").isNull()).isTrue();
    }

    @Test
    void deleteAnswers204AndTheTaskIsThenReportedDeleted() {
        String id = clickup.createTask("Temp").id();
        HttpResponse<String> deleted = http.delete("/api/v2/task/" + id);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        HttpResponse<String> gone = http.get("/api/v2/task/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("{\"err\":\"Task not found, deleted\",\"ECODE\":\"ITEM_013\"}");
    }

    @Test
    void idsThatResolveToNothingAreTeamNotAuthorizedAsOnTheRealService() {
        for (String path : List.of("/api/v2/task/86zzzzzzz", "/api/v2/list/901000000000", "/api/v2/list/901000000000/task",
                "/api/v2/team/1/space", "/api/v2/space/1/list")) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).isEqualTo("{\"err\":\"Team not authorized\",\"ECODE\":\"OAUTH_027\"}");
        }
        HttpResponse<String> notNumeric = http.get("/api/v2/list/abc/task");
        assertThat(notNumeric.statusCode()).isEqualTo(400);
        assertThat(json(notNumeric).get("ECODE").asText()).isEqualTo("INPUT_003");
    }

    @Test
    void customFieldValuesAreSetAndRemovedThroughTheirOwnEndpoint() {
        String id = clickup.createTask("Ada").id();
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        clock.advance(Duration.ofSeconds(30));

        HttpResponse<String> set = http.post("/api/v2/task/" + id + "/field/" + field, "{\"value\":\"recABC\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("{}");
        assertThat(clickup.task(id).orElseThrow().customFieldText(field)).isEqualTo("recABC");
        assertThat(clickup.task(id).orElseThrow().dateUpdated()).isEqualTo(T0 + 30_000);

        assertThat(http.delete("/api/v2/task/" + id + "/field/" + field).body()).isEqualTo("{}");
        assertThat(clickup.task(id).orElseThrow().customFields()).isEmpty();

        HttpResponse<String> wrongType = http.post("/api/v2/task/" + id + "/field/" + field, "{\"value\":12}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        HttpResponse<String> unknownField = http.post("/api/v2/task/" + id + "/field/00000000-0000-4000-8000-000000000000",
                "{\"value\":\"x\"}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).has("ECODE")).isTrue();
    }

    @Test
    void getTaskCanIncludeSubtasksAndTheMarkdownDescription() {
        String parent = clickup.createTask("Parent").id();
        String child = json(http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"Child\",\"parent\":\"" + parent + "\",\"markdown_content\":\"**bold**\"}")).get("id").asText();

        JsonNode withSubtasks = json(http.get("/api/v2/task/" + parent + "?include_subtasks=true"));
        assertThat(withSubtasks.get("subtasks")).extracting(t -> t.get("id").asText()).containsExactly(child);
        JsonNode childJson = json(http.get("/api/v2/task/" + child + "?include_markdown_description=true"));
        assertThat(childJson.get("markdown_description").asText()).isEqualTo("**bold**");
        assertThat(childJson.get("parent").asText()).isEqualTo(parent);
        assertThat(json(http.get("/api/v2/task/" + child)).has("markdown_description")).isFalse();
    }

    // ------------------------------------------------------------------ listing tasks

    @Test
    void tasksArePagedAHundredAtATimeFromPageZero() {
        List<ClickUpTask> generated = clickup.addGeneratedTasks(250);
        List<String> seen = new ArrayList<>();
        List<Boolean> lastPages = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode body = json(http.get("/api/v2/list/" + list + "/task?page=" + page));
            body.get("tasks").forEach(t -> seen.add(t.get("id").asText()));
            lastPages.add(body.get("last_page").asBoolean());
        }
        assertThat(lastPages).containsExactly(false, false, true);
        assertThat(seen).hasSize(250).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(generated.stream().map(ClickUpTask::id).toList());
        JsonNode beyond = json(http.get("/api/v2/list/" + list + "/task?page=3"));
        assertThat(beyond.get("tasks")).isEmpty();
        assertThat(beyond.get("last_page").asBoolean()).isTrue();
    }

    @Test
    void tasksAreNewestFirstByDefaultAndReverseFlipsTheOrder() {
        String first = clickup.createTask("first").id();
        clock.advance(Duration.ofSeconds(1));
        String second = clickup.createTask("second").id();

        assertThat(ids(http.get("/api/v2/list/" + list + "/task"))).containsExactly(second, first);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?reverse=true"))).containsExactly(first, second);

        clock.advance(Duration.ofSeconds(1));
        clickup.renameTask(first, "first, edited");
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?order_by=updated&reverse=true")))
                .containsExactly(second, first);
    }

    @Test
    void dateUpdatedGtIsStrictlyGreater() {
        String atBoundary = clickup.createTask("at boundary").id();
        String after = clickup.createTask("after").id();
        clickup.setDateUpdated(atBoundary, T0 + 1_000);
        clickup.setDateUpdated(after, T0 + 1_001);

        assertThat(ids(http.get("/api/v2/list/" + list + "/task?date_updated_gt=" + (T0 + 1_000))))
                .containsExactly(after);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?date_updated_lt=" + (T0 + 1_001))))
                .containsExactly(atBoundary);
    }

    @Test
    void dateCreatedFiltersAreStrictToo() {
        String early = clickup.createTask("early").id();
        clock.advance(Duration.ofSeconds(10));
        String late = clickup.createTask("late").id();

        assertThat(ids(http.get("/api/v2/list/" + list + "/task?date_created_gt=" + T0))).containsExactly(late);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?date_created_lt=" + (T0 + 10_000)))).containsExactly(early);
    }

    @Test
    void closedTasksNeedIncludeClosed() {
        String open = clickup.createTask("open").id();
        String done = clickup.createTask("done", "complete").id();

        assertThat(ids(http.get("/api/v2/list/" + list + "/task"))).containsExactly(open);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?include_closed=true"))).containsExactlyInAnyOrder(open, done);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?statuses[]=complete"))).isEmpty();
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?statuses[]=complete&include_closed=true")))
                .containsExactly(done);
    }

    @Test
    void statusesArchivedAndSubtasksFilter() {
        String todo = clickup.createTask("todo").id();
        String doing = clickup.createTask("doing", "in progress").id();
        String archived = clickup.archiveTask(clickup.createTask("archived").id(), true).id();
        String sub = json(http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"sub\",\"parent\":\"" + todo + "\"}")).get("id").asText();

        assertThat(ids(http.get("/api/v2/list/" + list + "/task?statuses[]=in%20progress"))).containsExactly(doing);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?statuses[]=TO%20DO"))).containsExactly(todo);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?archived=true"))).containsExactly(archived);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task"))).doesNotContain(archived, sub);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?subtasks=true"))).contains(sub);
    }

    @Test
    void customFieldsFilterSelectsByValue() {
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        String linked = clickup.setCustomField(clickup.createTask("linked").id(), field, "rec1").id();
        String unlinked = clickup.createTask("unlinked").id();

        String eq = java.net.URLEncoder.encode("[{\"field_id\":\"" + field + "\",\"operator\":\"=\",\"value\":\"rec1\"}]",
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?custom_fields=" + eq))).containsExactly(linked);
        String isNull = java.net.URLEncoder.encode("[{\"field_id\":\"" + field + "\",\"operator\":\"IS NULL\"}]",
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ids(http.get("/api/v2/list/" + list + "/task?custom_fields=" + isNull))).containsExactly(unlinked);
    }

    // ------------------------------------------------------------------ auth and routing

    @Test
    void aMissingAuthorizationHeaderIsA400WithOauth017() {
        HttpResponse<String> response = http.send("GET", "/api/v2/user", null, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"err\":\"Authorization header required\",\"ECODE\":\"OAUTH_017\"}");
    }

    @Test
    void aWrongPersonalTokenIsTokenInvalid() {
        HttpResponse<String> response = http.send("GET", "/api/v2/user", null, "pk_1_WRONG");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"err\":\"Token invalid\",\"ECODE\":\"OAUTH_025\"}");
    }

    @Test
    void thePersonalTokenIsNotABearerToken() {
        HttpResponse<String> response = http.send("GET", "/api/v2/user", null,
                "Bearer " + SandboxCredentials.CLICKUP_TOKEN);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("ECODE").asText()).isEqualTo("OAUTH_018");
    }

    @Test
    void aConfiguredOauthTokenIsAcceptedAsBearer() {
        try (ClickUpEmulator oauth = new ClickUpEmulator(clock, 42, ClickUpSettings.defaults().withOauthToken("oauth-abc"))) {
            oauth.start(0);
            HttpResponse<String> response = new ClickUpHttp(oauth.baseUrl())
                    .send("GET", "/api/v2/user", null, "Bearer oauth-abc");
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongMethodOnAKnownPathIsA404HtmlPage() {
        HttpResponse<String> response = http.send("PATCH", "/api/v2/task/abc", "{}", SandboxCredentials.CLICKUP_TOKEN);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(response.body()).contains("<pre>Cannot PATCH /api/v2/task/abc</pre>");
    }

    @Test
    void malformedJsonIsA400() {
        HttpResponse<String> response = http.post("/api/v2/list/" + list + "/task", "{\"name\":");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).has("err")).isTrue();
    }

    // ------------------------------------------------------------------ Java API

    @Test
    void simulatedUserChangesBumpDateUpdatedFromTheClock() {
        String id = clickup.createTask("Alan").id();
        clock.set(T0 + 42_000);
        ClickUpTask moved = clickup.setStatus(id, "Complete");
        assertThat(moved.dateUpdated()).isEqualTo(T0 + 42_000);
        assertThat(moved.dateClosed()).isEqualTo(T0 + 42_000);
        assertThat(moved.statusType()).isEqualTo("closed");

        clock.set(T0 + 50_000);
        assertThat(clickup.renameTask(id, "Alan Turing").dateUpdated()).isEqualTo(T0 + 50_000);
        clock.set(T0 + 60_000);
        assertThat(clickup.renameTask(id, "Alan Turing").dateUpdated()).as("no change, no bump").isEqualTo(T0 + 50_000);
        assertThat(clickup.archiveTask(id, true).archived()).isTrue();

        clickup.deleteTask(id);
        assertThat(clickup.task(id)).isEmpty();
        assertThatThrownBy(() -> clickup.renameTask(id, "again")).hasMessage("Task not found, deleted");
    }

    @Test
    void theSameSeedGivesTheSameIds() {
        try (ClickUpEmulator twin = new ClickUpEmulator(clock, 42); ClickUpEmulator other = new ClickUpEmulator(clock, 7)) {
            assertThat(twin.leadsListId()).isEqualTo(clickup.leadsListId());
            assertThat(twin.airtableRecordIdFieldId()).isEqualTo(clickup.airtableRecordIdFieldId());
            assertThat(twin.addGeneratedTasks(5)).extracting(ClickUpTask::id)
                    .isEqualTo(clickup.addGeneratedTasks(5).stream().map(ClickUpTask::id).toList());
            assertThat(other.leadsListId()).isNotEqualTo(clickup.leadsListId());
        }
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(response).get("tasks").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }
}
