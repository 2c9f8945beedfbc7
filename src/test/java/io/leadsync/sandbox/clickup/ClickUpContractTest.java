package io.leadsync.sandbox.clickup;

import static io.leadsync.sandbox.clickup.ClickUpHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.OpenApiContract;

/**
 * Every implemented endpoint's answers, checked against ClickUp's own OpenAPI 3.1 document
 * (specs/clickup-openapi.json on the test classpath, paths {@code /v2/...} under server {@code /api}).
 */
class ClickUpContractTest {

    private static final OpenApiContract spec = OpenApiContract.vendor("clickup-openapi.json");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private ClickUpEmulator clickup;
    private ClickUpHttp http;
    private String list;

    @BeforeEach
    void start() {
        clickup = new ClickUpEmulator(clock, 3);
        clickup.start(0);
        http = new ClickUpHttp(clickup.baseUrl());
        list = clickup.leadsListId();
    }

    @AfterEach
    void stop() {
        clickup.close();
    }

    @Test
    void user() {
        matches("GET", "/api/v2/user", http.get("/api/v2/user"));
    }

    @Test
    void teams() {
        matches("GET", "/api/v2/team", http.get("/api/v2/team"));
    }

    @Test
    void spaces() {
        matches("GET", "/api/v2/team/{team_id}/space", http.get("/api/v2/team/" + clickup.teamId() + "/space"));
    }

    /**
     * Spec quirk: {@code status} and {@code priority} are {@code oneOf [object, string|null, {}]}; the empty schema
     * matches everything, so no value can match exactly one branch. A list without a colour status or priority
     * is null on the real service; nothing else may deviate.
     */
    @Test
    void folderlessLists() {
        matchesExceptQuirks("GET", "/api/v2/space/{space_id}/list",
                http.get("/api/v2/space/" + clickup.spaceId() + "/list"), "$.lists[0].status", "$.lists[0].priority");
    }

    /** Spec quirk: {@code folders} is typed as an object, while the spec's own example (and the service) use an array. */
    @Test
    void folders() {
        matchesExceptQuirks("GET", "/api/v2/space/{space_id}/folder",
                http.get("/api/v2/space/" + clickup.spaceId() + "/folder"), "$.folders");
    }

    /**
     * Spec quirk: {@code status}, {@code priority} and {@code due_date} are typed without null, but a list with no
     * colour status, priority or due date has null there (the folderless-lists schema of the same document allows it).
     */
    @Test
    void list() {
        matchesExceptQuirks("GET", "/api/v2/list/{list_id}", http.get("/api/v2/list/" + list),
                "$.status", "$.priority", "$.due_date");
    }

    @Test
    void fields() {
        matches("GET", "/api/v2/list/{list_id}/field", http.get("/api/v2/list/" + list + "/field"));
    }

    @Test
    void tasksWithAndWithoutValues() {
        String task = clickup.createTask("plain").id();
        clickup.setCustomField(clickup.createTask("linked", "complete").id(),
                clickup.airtableRecordIdFieldId().orElseThrow(), "rec1");
        matches("GET", "/api/v2/list/{list_id}/task", http.get("/api/v2/list/" + list + "/task?include_closed=true"));
        matches("GET", "/api/v2/task/{task_id}", http.get("/api/v2/task/" + task + "?include_subtasks=true"));
    }

    @Test
    void createAndUpdate() {
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        String create = "{\"name\":\"Ada\",\"markdown_content\":\"*hi*\",\"status\":\"to do\",\"priority\":2,"
                + "\"due_date\":1767600000000,\"custom_fields\":[{\"id\":\"" + field + "\",\"value\":\"rec9\"}]}";
        spec.assertRequestBodyMatches("POST", "/api/v2/list/{list_id}/task", create);
        HttpResponse<String> created = http.post("/api/v2/list/" + list + "/task", create);
        matches("POST", "/api/v2/list/{list_id}/task", created);

        String update = "{\"name\":\"Ada L.\",\"status\":\"complete\",\"archived\":false}";
        spec.assertRequestBodyMatches("PUT", "/api/v2/task/{task_id}", update);
        matches("PUT", "/api/v2/task/{task_id}", http.put("/api/v2/task/" + json(created).get("id").asText(), update));
    }

    @Test
    void customFieldValues() {
        String task = clickup.createTask("x").id();
        String field = clickup.airtableRecordIdFieldId().orElseThrow();
        spec.assertRequestBodyMatches("POST", "/api/v2/task/{task_id}/field/{field_id}", "{\"value\":\"rec1\"}");
        matches("POST", "/api/v2/task/{task_id}/field/{field_id}",
                http.post("/api/v2/task/" + task + "/field/" + field, "{\"value\":\"rec1\"}"));
        matches("DELETE", "/api/v2/task/{task_id}/field/{field_id}",
                http.delete("/api/v2/task/" + task + "/field/" + field));
        HttpResponse<String> refused = http.post("/api/v2/task/" + task + "/field/" + field, "{\"value\":5}");
        assertThat(refused.statusCode()).isEqualTo(400);
        matches("POST", "/api/v2/task/{task_id}/field/{field_id}", refused);
    }

    @Test
    void tagsAndMembers() {
        String task = clickup.createTask("x").id();
        matches("POST", "/api/v2/task/{task_id}/tag/{tag_name}", http.post("/api/v2/task/" + task + "/tag/vip", null));
        matches("GET", "/api/v2/space/{space_id}/tag", http.get("/api/v2/space/" + clickup.spaceId() + "/tag"));
        matches("GET", "/api/v2/list/{list_id}/member", http.get("/api/v2/list/" + list + "/member"));
        matches("DELETE", "/api/v2/task/{task_id}/tag/{tag_name}", http.delete("/api/v2/task/" + task + "/tag/vip"));
    }

    /**
     * Spec quirk: the create's and the update's answers type {@code assignees} and {@code tags} as arrays of
     * strings, while Get Task's example of the same document (and the service) has objects
     * ({@code {id, username, ...}}, {@code {name, tag_fg, tag_bg, creator}}); Get Task's schema has no such quirk.
     */
    @Test
    void aTaskWithTagsAssigneesAndTypedFields() {
        ClickUpCustomField source = clickup.addCustomField("Source", "drop_down", "Web", "Referral");
        ClickUpCustomField budget = clickup.addCustomField("Budget", "number");
        String create = "{\"name\":\"Ada\",\"tags\":[\"vip\"],\"assignees\":[" + clickup.members().get(1).id()
                + "],\"custom_fields\":[{\"id\":\"" + source.id() + "\",\"value\":\"" + source.options().get(1).id()
                + "\"},{\"id\":\"" + budget.id() + "\",\"value\":1200}]}";
        spec.assertRequestBodyMatches("POST", "/api/v2/list/{list_id}/task", create);
        HttpResponse<String> created = http.post("/api/v2/list/" + list + "/task", create);
        matchesExceptQuirks("POST", "/api/v2/list/{list_id}/task", created, "$.assignees[0]", "$.tags[0]");
        matches("GET", "/api/v2/task/{task_id}", http.get("/api/v2/task/" + json(created).get("id").asText()));
        matches("GET", "/api/v2/list/{list_id}/field", http.get("/api/v2/list/" + list + "/field"));
        String update = "{\"assignees\":{\"add\":[" + clickup.userId() + "],\"rem\":[]}}";
        spec.assertRequestBodyMatches("PUT", "/api/v2/task/{task_id}", update);
        matchesExceptQuirks("PUT", "/api/v2/task/{task_id}",
                http.put("/api/v2/task/" + json(created).get("id").asText(), update),
                "$.assignees[0]", "$.assignees[1]", "$.tags[0]");
    }

    @Test
    void deleteTask() {
        HttpResponse<String> deleted = http.delete("/api/v2/task/" + clickup.createTask("x").id());
        assertThat(deleted.statusCode()).isEqualTo(204);
        // 204 carries no body; the spec's "application/json" object for it cannot be sent by an HTTP server.
        assertThat(spec.responseViolations("DELETE", "/api/v2/task/{task_id}", 204, deleted.body())).isNotEmpty();
    }

    @Test
    void webhooks() {
        String create = "{\"endpoint\":\"https://example.invalid/hook\",\"events\":[\"taskCreated\",\"taskUpdated\"],"
                + "\"list_id\":" + list + "}";
        spec.assertRequestBodyMatches("POST", "/api/v2/team/{team_id}/webhook", create);
        HttpResponse<String> created = http.post("/api/v2/team/" + clickup.teamId() + "/webhook", create);
        matches("POST", "/api/v2/team/{team_id}/webhook", created);
        matches("GET", "/api/v2/team/{team_id}/webhook", http.get("/api/v2/team/" + clickup.teamId() + "/webhook"));
        String id = json(created).get("id").asText();
        String update = "{\"endpoint\":\"https://example.invalid/other\",\"events\":\"*\",\"status\":\"active\"}";
        spec.assertRequestBodyMatches("PUT", "/api/v2/webhook/{webhook_id}", update);
        matches("PUT", "/api/v2/webhook/{webhook_id}", http.put("/api/v2/webhook/" + id, update));
        matches("DELETE", "/api/v2/webhook/{webhook_id}", http.delete("/api/v2/webhook/" + id));
    }

    /** Every violation concerns one of the quirk paths, and each quirk path does deviate (so the pin stays tight). */
    private void matchesExceptQuirks(String method, String template, HttpResponse<String> response, String... quirks) {
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> violations = spec.responseViolations(method, template, 200, response.body());
        assertThat(violations).allSatisfy(v -> assertThat(quirks).anySatisfy(q -> assertThat(v).startsWith(q + ":")));
        assertThat(quirks).allSatisfy(q -> assertThat(violations).anySatisfy(v -> assertThat(v).startsWith(q + ":")));
    }

    private void matches(String method, String template, HttpResponse<String> response) {
        spec.assertResponseMatches(method, template, response.statusCode(), response.body());
    }
}
