package io.leadsync.clickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.change.CreateItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.state.Link;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.FieldValueRefused;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mapped fields on a ClickUp list (due, tags, priority, assignees, custom fields) over the ClickUp API route whose
 * HTTP step answers from a script: what connect asks for and refuses, the text forms a read gives, the one request
 * a create sends, and an update's request and follow-ups (routes/clickup-reads, clickup-writes,
 * tracker-writes.camel.yaml).
 */
class ClickUpFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELDS = "{\"fields\":[{\"id\":\"f-record\",\"name\":\"Airtable Record ID\",\"type\":\"text\"},"
            + "{\"id\":\"f-budget\",\"name\":\"Budget\",\"type\":\"number\"},"
            + "{\"id\":\"f-tier\",\"name\":\"Tier\",\"type\":\"drop_down\",\"type_config\":{\"options\":["
            + "{\"id\":\"o-gold\",\"name\":\"Gold\",\"orderindex\":0},{\"id\":\"o-silver\",\"name\":\"Silver\",\"orderindex\":1}]}},"
            + "{\"id\":\"f-who\",\"name\":\"Who\",\"type\":\"users\"}]}";
    /** The task as ClickUp holds it: tags vip, assignee ada, priority high, due 1 Dec 2026, Budget 12.50, Tier Silver. */
    private static final String TASK = "{\"id\":\"t1\",\"name\":\"Ada\",\"description\":\"[leadsync:rec1]\","
            + "\"status\":{\"status\":\"to do\"},\"date_created\":\"1000\",\"date_updated\":\"1000\","
            + "\"tags\":[{\"name\":\"vip\"}],\"assignees\":[{\"id\":11,\"username\":\"ada\",\"email\":\"ada@x.io\"}],"
            + "\"priority\":{\"id\":\"2\",\"priority\":\"high\"},\"due_date\":\"1796083200000\","
            + "\"custom_fields\":[{\"id\":\"f-record\",\"value\":\"rec1\"},{\"id\":\"f-budget\",\"value\":\"12.50\"},"
            + "{\"id\":\"f-tier\",\"value\":1}]}";

    /** Each request sent after connect: method, path, query and JSON body. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private CamelContext context;
    private ClickUpTracker list;

    @BeforeEach
    void start() throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.clickup.url", "http://clickup.invalid");
        p.put("leadsync.clickup.token", "pk_test");
        p.put("leadsync.clickup.requests-per-minute", "10000");
        p.put("leadsync.clickup.rate-limit-penalty", "10000");
        context = ScriptedApi.start("clickup", p, this::answer, c -> {
            list = new ClickUpTracker(new ApiCall(c, "clickup"), "Leads", "Airtable Record ID", 2000);
            c.getRegistry().bind("clickupTracker", list);
            c.getRegistry().bind("clickupRequests", new ClickUpRequests(list));
        }, "clickup-reads", "tracker-writes", "clickup-writes");
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void answer(Exchange e) {
        String method = e.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = e.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        String query = e.getIn().getHeader(Exchange.HTTP_QUERY, String.class);
        String body = e.getIn().getBody(String.class);
        sent.add(method + " " + path + (query == null ? "" : "?" + query)
                + (body == null || body.isEmpty() ? "" : " " + body));
        String answer = switch (method + " " + path) {
            case "GET /api/v2/team" -> "{\"teams\":[{\"id\":\"1\",\"name\":\"Team\"}]}";
            case "GET /api/v2/team/1/space" -> "{\"spaces\":[{\"id\":\"2\",\"name\":\"Sales\"}]}";
            case "GET /api/v2/space/2/list" -> "{\"lists\":[{\"id\":\"901\",\"name\":\"Leads\"}]}";
            case "GET /api/v2/space/2/folder" -> "{\"folders\":[]}";
            case "GET /api/v2/list/901" -> "{\"statuses\":[{\"status\":\"to do\"}],\"space\":{\"id\":\"2\"}}";
            case "GET /api/v2/list/901/field" -> FIELDS;
            case "GET /api/v2/space/2/tag" -> "{\"tags\":[{\"name\":\"vip\"},{\"name\":\"hot\"}]}";
            case "GET /api/v2/list/901/member" -> "{\"members\":[{\"id\":11,\"username\":\"ada\",\"email\":\"ada@x.io\"},"
                    + "{\"id\":12,\"username\":\"bob\",\"email\":\"bob@x.io\"}]}";
            case "GET /api/v2/list/901/task" -> "{\"tasks\":[" + TASK + "],\"last_page\":true}";
            case "POST /api/v2/list/901/task", "PUT /api/v2/task/t1" -> TASK;
            default -> {
                if (path.startsWith("/api/v2/task/t1/")) {
                    yield "{}";
                }
                throw new IllegalStateException("not scripted: " + method + " " + path);
            }
        };
        e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        e.getIn().setBody(answer);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode bodyOf(String request) {
        return read(request.substring(request.indexOf('{')));
    }

    private void connect(Map<String, String> fields) {
        PairMapping mapping = new PairMapping();
        mapping.getLeadToTracker().put("NEW", "to do");
        mapping.getTrackerToLead().put("to do", "NEW");
        mapping.getFields().putAll(fields);
        list.connect(mapping);
    }

    private void connectAll() {
        connect(Map.of("due", "Due", "labels", "Tags", "priority", "Priority", "assignees", "Owner",
                "custom:Budget", "Budget", "custom:Tier", "Tier"));
        sent.clear();
    }

    private Exchange send(String route, Object change) {
        return context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "clickup"); // the pushing pair: its beans are <pair>Requests, <pair>Tracker
            e.getIn().setBody(change);
        });
    }

    private static CreateItem create(Map<String, String> fields) {
        return new CreateItem("rec1", new ItemDraft("rec1", "Ada", "[leadsync:rec1]", "to do", fields),
                new Link("rec1", null, "NEW", "to do", "Ada", "", false, 1_000, 0), 1_000, "clickup|create|rec1",
                "create task of lead rec1");
    }

    private static UpdateContent update(Map<String, String> fields) {
        return new UpdateContent("rec1", "t1", new ItemChange(null, null, null, null, "to do", true, fields),
                new Link("rec1", "t1", "NEW", "to do", "Ada", "", false, 1_000, 0), 1_000, "clickup|update|rec1",
                "update task of lead rec1");
    }

    private List<String> requestLines() {
        return sent.stream().map(r -> r.split(" ")[0] + " " + r.split(" ")[1]).toList();
    }

    @Test
    void connectReadsTheListsFieldsOnceAndOnlyWhatTheMappedKeysNeed() {
        connect(Map.of("custom:Budget", "Budget", "labels", "Tags"));

        assertThat(requestLines()).filteredOn(r -> r.startsWith("GET /api/v2/list/901/") || r.contains("/tag"))
                .containsExactly("GET /api/v2/list/901/field", "GET /api/v2/space/2/tag");
    }

    @Test
    void connectRefusesACustomFieldTheListLacksNamingTheOnesItHas() {
        assertThatThrownBy(() -> connect(Map.of("custom:Budgett", "Budget")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("custom field 'Budgett' in the clickup mapping does not exist in list 'Leads'; it has: "
                        + "Airtable Record ID, Budget, Tier, Who. Fix fields in routes/ or add the field to the list.");
    }

    @Test
    void connectRefusesACustomFieldOfATypeItCannotMap() {
        assertThatThrownBy(() -> connect(Map.of("custom:Who", "Owner")))
                .hasMessageContaining("custom field 'Who' in list 'Leads' is of type 'users', which leadsync cannot map");
    }

    @Test
    void aReadGivesTheMappedFieldsInTheirTextForms() {
        connectAll();

        Exchange done = context.createProducerTemplate().send("direct:clickup-read-all", e -> e.setProperty("pair", "clickup"));

        assertThat(done.getException()).isNull();
        TrackerItem t1 = done.getMessage().getBody(TrackerRead.class).items().get(0);
        assertThat(t1.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("due", "2026-12-01", "labels", "vip",
                "priority", "high", "assignees", "ada@x.io", "custom:Budget", "12.5", "custom:Tier", "Silver"));
    }

    @Test
    void aTaskIsCreatedWithAllItsFieldsInOneRequest() {
        connectAll();

        Exchange done = send("direct:clickup-create-item", create(Map.of("due", "2026-12-01T09:30:00.000Z",
                "labels", "hot, vip", "priority", "urgent", "assignees", "bob@x.io", "custom:Budget", "3",
                "custom:Tier", "Gold")));

        assertThat(done.getException()).isNull();
        assertThat(sent).singleElement().asString().startsWith("POST /api/v2/list/901/task ");
        JsonNode task = bodyOf(sent.get(0));
        assertThat(task.get("tags")).isEqualTo(read("[\"hot\",\"vip\"]"));
        assertThat(task.get("assignees")).isEqualTo(read("[12]"));
        assertThat(task.get("priority").asInt()).isEqualTo(1);
        assertThat(task.get("due_date").asLong()).isEqualTo(1796117400000L);
        assertThat(task.get("due_date_time").asBoolean()).isTrue();
        assertThat(task.get("custom_fields")).isEqualTo(read("[{\"id\":\"f-record\",\"value\":\"rec1\"},"
                + "{\"id\":\"f-budget\",\"value\":3},{\"id\":\"f-tier\",\"value\":\"o-gold\"}]"));
    }

    @Test
    void anUpdateSendsPriorityAndDueInItsPutThenAssigneesTagsAndCustomFieldsByDifference() {
        connectAll();

        Exchange done = send("direct:clickup-update-content", update(Map.of("priority", "", "due", "2026-12-02",
                "assignees", "bob@x.io", "labels", "hot", "custom:Budget", "", "custom:Tier", "Gold")));

        assertThat(done.getException()).isNull();
        assertThat(requestLines()).containsExactly("PUT /api/v2/task/t1", "PUT /api/v2/task/t1",
                "POST /api/v2/task/t1/tag/hot", "DELETE /api/v2/task/t1/tag/vip", "DELETE /api/v2/task/t1/field/f-budget",
                "POST /api/v2/task/t1/field/f-tier");
        JsonNode put = bodyOf(sent.get(0));
        assertThat(put.get("priority").isNull()).as("priority: null clears it").isTrue();
        assertThat(put.get("due_date").asLong()).isEqualTo(1796169600000L);
        assertThat(put.get("due_date_time").asBoolean()).isFalse();
        assertThat(bodyOf(sent.get(1))).isEqualTo(read("{\"assignees\":{\"add\":[12],\"rem\":[11]}}"));
        assertThat(bodyOf(sent.get(5))).isEqualTo(read("{\"value\":\"o-gold\"}"));
        assertThat(done.getMessage().getBody(TrackerItem.class).fields()).containsEntry("labels", "hot")
                .containsEntry("assignees", "bob@x.io").containsEntry("custom:Tier", "Gold")
                .containsEntry("custom:Budget", "");
    }

    @Test
    void aTagTheSpaceLacksRefusesThatLeadsCreateBeforeItIsSent() {
        connectAll();

        Exchange done = send("direct:clickup-create-item", create(Map.of("labels", "cold")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class).hasMessage("lead rec1: the space of "
                + "ClickUp list 'Leads' has no tag 'cold' for field labels (it has: vip, hot); add it to the space or "
                + "change the lead");
        assertThat(requestLines()).as("the tags read again, nothing created").containsExactly("GET /api/v2/space/2/tag");
    }

    @Test
    void aTagNamedInAnotherCaseIsRefusedSayingClickUpKeepsTagsInLowerCase() {
        connectAll();

        Exchange done = send("direct:clickup-create-item", create(Map.of("labels", "VIP")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class).hasMessageEndingWith("ClickUp keeps "
                + "tags in lower case: write 'vip' in the lead (or map a field that gives it)");
    }

    @Test
    void aMemberTheListLacksRefusesThatLeadsUpdateBeforeAnythingIsSent() {
        connectAll();

        Exchange done = send("direct:clickup-update-content", update(Map.of("assignees", "eve@x.io")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class)
                .hasMessageContaining("lead rec1: ClickUp list 'Leads' has no member 'eve@x.io' for field assignees");
        assertThat(requestLines()).containsExactly("GET /api/v2/list/901/member");
    }
}
