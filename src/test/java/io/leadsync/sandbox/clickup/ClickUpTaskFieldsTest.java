package io.leadsync.sandbox.clickup;

import static io.leadsync.sandbox.clickup.ClickUpHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task fields a mapping can write besides name, description and status, over raw HTTP as ClickUp's API v2 has
 * them: tags, assignees, priority, due date and typed custom fields; every change moves the task's date_updated,
 * which is how the sync reads changes.
 */
class ClickUpTaskFieldsTest {

    private static final long T0 = Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    private static final long LATER = T0 + 60_000;

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

    private JsonNode create(String body) {
        HttpResponse<String> created = http.post("/api/v2/list/" + list + "/task", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json(created);
    }

    private JsonNode task(String id) {
        return json(http.get("/api/v2/task/" + id));
    }

    /** The task's value of a custom field as GET /task/{id} shows it (missing when unset). */
    private JsonNode valueOf(String taskId, String fieldId) {
        for (JsonNode field : task(taskId).get("custom_fields")) {
            if (field.get("id").asText().equals(fieldId)) {
                return field.path("value");
            }
        }
        throw new AssertionError("no field " + fieldId);
    }

    private HttpResponse<String> setValue(String taskId, String fieldId, String value) {
        return http.post("/api/v2/task/" + taskId + "/field/" + fieldId, "{\"value\":" + value + "}");
    }

    private static List<String> names(JsonNode tags) {
        return tags.findValuesAsText("name");
    }

    // ------------------------------------------------------------------ tags

    @Test
    void tagsGivenAtCreateShowOnTheTaskAndInTheSpaceInLowerCase() {
        JsonNode task = create("{\"name\":\"Ada\",\"tags\":[\"Hot Lead\",\"vip\"]}");

        assertThat(names(task.get("tags"))).containsExactly("hot lead", "vip");
        assertThat(task.at("/tags/0/tag_fg").asText()).startsWith("#");
        assertThat(task.at("/tags/0/tag_bg").asText()).startsWith("#");
        assertThat(task.at("/tags/0/creator").asInt()).isEqualTo(clickup.userId());
        JsonNode space = json(http.get("/api/v2/space/" + clickup.spaceId() + "/tag"));
        assertThat(names(space.get("tags"))).containsExactly("hot lead", "vip");
        assertThat(space.at("/tags/0").has("creator")).as("the space lists name and colours").isFalse();
    }

    @Test
    void aTagIsAddedAndRemovedByItsOwnEndpointsAndEachChangeMovesDateUpdated() {
        String id = create("{\"name\":\"Ada\",\"tags\":[\"vip\"]}").get("id").asText();
        clickup.addSpaceTag("Referral", "#ffffff", "#04a9f4");
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> added = http.post("/api/v2/task/" + id + "/tag/referral", null);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.body()).isEqualTo("{}");
        JsonNode tagged = task(id);
        assertThat(names(tagged.get("tags"))).containsExactly("vip", "referral");
        assertThat(tagged.at("/tags/1/tag_bg").asText()).as("the space tag's colours").isEqualTo("#04a9f4");
        assertThat(tagged.get("date_updated").asText()).isEqualTo(Long.toString(LATER));

        clock.advance(Duration.ofMinutes(1));
        assertThat(http.delete("/api/v2/task/" + id + "/tag/vip").body()).isEqualTo("{}");
        JsonNode untagged = task(id);
        assertThat(names(untagged.get("tags"))).containsExactly("referral");
        assertThat(untagged.get("date_updated").asText()).isEqualTo(Long.toString(LATER + 60_000));
        assertThat(clickup.spaceTags()).extracting(ClickUpTag::name).as("removed from the task, not the space")
                .containsExactly("vip", "referral");

        clock.advance(Duration.ofMinutes(1));
        assertThat(http.delete("/api/v2/task/" + id + "/tag/vip").statusCode()).as("not on the task").isEqualTo(200);
        assertThat(http.post("/api/v2/task/" + id + "/tag/REFERRAL", null).statusCode()).as("on it already")
                .isEqualTo(200);
        assertThat(task(id).get("date_updated").asText()).as("nothing changed").isEqualTo(Long.toString(LATER + 60_000));
    }

    @Test
    void aTagNameWithASpaceTravelsEncodedInThePath() {
        String id = create("{\"name\":\"Ada\"}").get("id").asText();

        assertThat(http.post("/api/v2/task/" + id + "/tag/hot%20lead", null).statusCode()).isEqualTo(200);

        assertThat(names(task(id).get("tags"))).containsExactly("hot lead");
        assertThat(clickup.task(id).orElseThrow().tags()).containsExactly("hot lead");
    }

    // ------------------------------------------------------------------ assignees

    @Test
    void theListsMembersAreTheWorkspacesPeople() {
        JsonNode members = json(http.get("/api/v2/list/" + list + "/member")).get("members");

        assertThat(members).hasSize(3);
        assertThat(members.findValuesAsText("username")).containsExactly("Sandbox User", "Dana Seller", "Sam Closer");
        assertThat(members.at("/1/email").asText()).isEqualTo("dana@leadsync.invalid");
        assertThat(members.at("/0/id").asInt()).isEqualTo(clickup.userId());
        assertThat(members.at("/1/profileInfo").isObject()).isTrue();
        JsonNode team = json(http.get("/api/v2/team")).at("/teams/0/members");
        assertThat(team.findValues("user")).extracting(u -> u.get("id").asInt())
                .containsExactlyElementsOf(clickup.members().stream().map(ClickUpMember::id).toList());
    }

    @Test
    void assigneesAreGivenAsIdsAtCreateAndAddedOrRemovedOnUpdate() {
        int dana = clickup.members().get(1).id();
        int sam = clickup.members().get(2).id();
        JsonNode task = create("{\"name\":\"Ada\",\"assignees\":[" + dana + "]}");
        String id = task.get("id").asText();
        assertThat(task.at("/assignees/0/id").asInt()).isEqualTo(dana);
        assertThat(task.at("/assignees/0/username").asText()).isEqualTo("Dana Seller");
        assertThat(task.at("/assignees/0/email").asText()).isEqualTo("dana@leadsync.invalid");
        assertThat(task.at("/assignees/0/initials").asText()).isEqualTo("DS");
        clock.advance(Duration.ofMinutes(1));

        JsonNode updated = json(http.put("/api/v2/task/" + id,
                "{\"assignees\":{\"add\":[" + sam + "],\"rem\":[" + dana + "]}}"));

        assertThat(updated.get("assignees").findValuesAsText("username")).containsExactly("Sam Closer");
        assertThat(updated.get("date_updated").asText()).isEqualTo(Long.toString(LATER));
        assertThat(clickup.task(id).orElseThrow().assignees()).containsExactly(sam);
    }

    @Test
    void aPlainArrayOfAssigneesOnUpdateIsTakenAndIgnored() {
        int dana = clickup.members().get(1).id();
        String id = create("{\"name\":\"Ada\"}").get("id").asText();

        HttpResponse<String> flat = http.put("/api/v2/task/" + id, "{\"assignees\":[" + dana + "]}");

        assertThat(flat.statusCode()).isEqualTo(200);
        assertThat(json(flat).get("assignees")).isEmpty();
    }

    @Test
    void anAssigneeWhoIsNotAMemberRefusesTheCreateWhole() {
        HttpResponse<String> refused = http.post("/api/v2/list/" + list + "/task",
                "{\"name\":\"Ada\",\"assignees\":[12345]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).has("ECODE")).isTrue();
        assertThat(clickup.tasks()).isEmpty();
    }

    @Test
    void tasksAreListedByTagOrAssignee() {
        int dana = clickup.members().get(1).id();
        String vip = create("{\"name\":\"Ada\",\"tags\":[\"vip\"]}").get("id").asText();
        String danas = create("{\"name\":\"Grace\",\"assignees\":[" + dana + "]}").get("id").asText();
        create("{\"name\":\"Alan\"}");

        assertThat(json(http.get("/api/v2/list/" + list + "/task?tags[]=VIP")).get("tasks"))
                .extracting(t -> t.get("id").asText()).containsExactly(vip);
        assertThat(json(http.get("/api/v2/list/" + list + "/task?assignees[]=" + dana)).get("tasks"))
                .extracting(t -> t.get("id").asText()).containsExactly(danas);
    }

    // ------------------------------------------------------------------ priority and due date

    @Test
    void priorityAndDueDateShowInTheRealShapeAndMoveDateUpdatedWhenCleared() {
        JsonNode task = create("{\"name\":\"Ada\",\"priority\":1,\"due_date\":1767600000000}");
        String id = task.get("id").asText();
        assertThat(task.get("priority").toString())
                .isEqualTo("{\"color\":\"#f50000\",\"id\":\"1\",\"orderindex\":\"1\",\"priority\":\"urgent\"}");
        assertThat(task.get("due_date").asText()).isEqualTo("1767600000000");
        clock.advance(Duration.ofMinutes(1));

        JsonNode cleared = json(http.put("/api/v2/task/" + id, "{\"priority\":null,\"due_date\":null}"));

        assertThat(cleared.get("priority").isNull()).isTrue();
        assertThat(cleared.get("due_date").isNull()).isTrue();
        assertThat(cleared.get("date_updated").asText()).isEqualTo(Long.toString(LATER));
        assertThat(http.put("/api/v2/task/" + id, "{\"priority\":5}").statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ custom field types

    @Test
    void aDropDownFieldListsItsOptionsAndTakesAnOptionsIdOrIndexShowingTheIndex() {
        ClickUpCustomField source = clickup.addCustomField("Source", "drop_down", "Web", "Referral", "Event");
        JsonNode listed = json(http.get("/api/v2/list/" + list + "/field")).get("fields").get(1);
        assertThat(listed.get("type").asText()).isEqualTo("drop_down");
        assertThat(listed.at("/type_config/options").findValuesAsText("name")).containsExactly("Web", "Referral", "Event");
        assertThat(listed.at("/type_config/options/1/id").asText()).isEqualTo(source.options().get(1).id());
        assertThat(listed.at("/type_config/options/1/orderindex").asInt()).isEqualTo(1);
        String id = create("{\"name\":\"Ada\"}").get("id").asText();
        clock.advance(Duration.ofMinutes(1));

        assertThat(setValue(id, source.id(), "\"" + source.options().get(1).id() + "\"").statusCode()).isEqualTo(200);
        assertThat(valueOf(id, source.id()).asInt()).isEqualTo(1);
        assertThat(task(id).get("date_updated").asText()).isEqualTo(Long.toString(LATER));
        assertThat(setValue(id, source.id(), "2").statusCode()).isEqualTo(200);
        assertThat(valueOf(id, source.id()).asInt()).isEqualTo(2);

        HttpResponse<String> byName = setValue(id, source.id(), "\"Event\"");
        assertThat(byName.statusCode()).isEqualTo(400);
        assertThat(byName.body()).isEqualTo("{\"err\":\"Value must be an option index or uuid\",\"ECODE\":\"FIELD_011\"}");
    }

    @Test
    void numberDateAndCheckboxValuesAreShownAsStrings() {
        ClickUpCustomField budget = clickup.addCustomField("Budget", "number");
        ClickUpCustomField met = clickup.addCustomField("Met On", "date");
        ClickUpCustomField vip = clickup.addCustomField("VIP", "checkbox");
        String id = create("{\"name\":\"Ada\",\"custom_fields\":[{\"id\":\"" + budget.id() + "\",\"value\":42.50},"
                + "{\"id\":\"" + met.id() + "\",\"value\":1767600000000},{\"id\":\"" + vip.id() + "\",\"value\":true}]}")
                .get("id").asText();

        assertThat(valueOf(id, budget.id()).asText()).isEqualTo("42.5");
        assertThat(valueOf(id, met.id()).asText()).isEqualTo("1767600000000");
        assertThat(valueOf(id, vip.id()).asText()).isEqualTo("true");
        assertThat(valueOf(id, budget.id()).isTextual()).isTrue();
        assertThat(setValue(id, budget.id(), "\"many\"").statusCode()).isEqualTo(400);
        assertThat(setValue(id, met.id(), "\"tomorrow\"").statusCode()).isEqualTo(400);
        assertThat(setValue(id, vip.id(), "\"yes\"").statusCode()).isEqualTo(400);
    }

    @Test
    void emailUrlAndTextValuesMustBeWellFormedStrings() {
        ClickUpCustomField email = clickup.addCustomField("Contact", "email");
        ClickUpCustomField site = clickup.addCustomField("Website", "url");
        ClickUpCustomField notes = clickup.addCustomField("Notes", "text");
        String id = create("{\"name\":\"Ada\"}").get("id").asText();

        assertThat(setValue(id, email.id(), "\"ada@example.com\"").statusCode()).isEqualTo(200);
        assertThat(setValue(id, site.id(), "\"https://acme.example/about\"").statusCode()).isEqualTo(200);
        assertThat(setValue(id, notes.id(), "\"met at the expo\"").statusCode()).isEqualTo(200);
        assertThat(valueOf(id, email.id()).asText()).isEqualTo("ada@example.com");
        assertThat(valueOf(id, site.id()).asText()).isEqualTo("https://acme.example/about");

        HttpResponse<String> badEmail = setValue(id, email.id(), "\"ada at example\"");
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(json(badEmail).get("ECODE").asText()).isEqualTo("FIELD_011");
        assertThat(setValue(id, site.id(), "\"acme dot example\"").statusCode()).isEqualTo(400);
        assertThat(setValue(id, notes.id(), "7").statusCode()).isEqualTo(400);
        assertThat(valueOf(id, email.id()).asText()).as("a refused value leaves the old one").isEqualTo("ada@example.com");
    }

    @Test
    void aCreateWithAValueItsFieldDoesNotTakeCreatesNothing() {
        ClickUpCustomField source = clickup.addCustomField("Source", "drop_down", "Web");

        HttpResponse<String> refused = http.post("/api/v2/list/" + list + "/task", "{\"name\":\"Ada\","
                + "\"tags\":[\"vip\"],\"custom_fields\":[{\"id\":\"" + source.id() + "\",\"value\":\"Print\"}]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(clickup.tasks()).isEmpty();
        assertThat(clickup.spaceTags()).as("nor a tag").isEmpty();
    }
}
