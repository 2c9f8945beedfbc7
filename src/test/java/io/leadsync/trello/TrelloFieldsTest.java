package io.leadsync.trello;

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
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mapped fields on a Trello board (due, labels, assignees, custom fields) over the Trello API route whose HTTP step
 * answers from a script: what connect asks for and refuses, the text forms a read gives, the requests a create and
 * an update send (routes/trello-reads, trello-writes, tracker-writes.camel.yaml).
 */
class TrelloFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOM_FIELDS = "[{\"id\":\"cf-budget\",\"name\":\"Budget\",\"type\":\"number\"},"
            + "{\"id\":\"cf-tier\",\"name\":\"Tier\",\"type\":\"list\",\"options\":["
            + "{\"id\":\"o-gold\",\"value\":{\"text\":\"Gold\"}},{\"id\":\"o-silver\",\"value\":{\"text\":\"Silver\"}}]},"
            + "{\"id\":\"cf-notes\",\"name\":\"Notes\",\"type\":\"text\"}]";

    /** Each request sent after connect: method, path, query and JSON body. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile String actionsSince = "[]";
    /** How many custom field item PUTs fail from now (with a 500). */
    private volatile int failCustomFields;
    /** Label ids the card shows beyond the board's (a label the board does not list). */
    private volatile String moreLabels = "";
    private CamelContext context;
    private TrelloTracker board;

    @BeforeEach
    void start() throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.trello.url", "http://trello.invalid");
        p.put("leadsync.trello.key", "key-test");
        p.put("leadsync.trello.token", "token-test");
        p.put("leadsync.trello.token-requests-per-window", "10000");
        p.put("leadsync.trello.key-requests-per-window", "10000");
        p.put("leadsync.trello.window", "10000");
        p.put("leadsync.trello.rate-limit-penalty", "10000");
        context = ScriptedApi.start("trello", p, this::answer, c -> {
            board = new TrelloTracker(new ApiCall(c, "trello"), "Leads");
            c.getRegistry().bind("trelloTracker", board);
            c.getRegistry().bind("trelloRequests", new TrelloRequests(board));
        }, "trello-reads", "tracker-writes", "trello-writes");
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
        String request = method + " " + path + (query == null ? "" : "?" + query);
        sent.add(request + (body == null || body.isEmpty() ? "" : " " + body));
        int status = 200;
        String answer;
        if (path.equals("/1/members/me/boards")) {
            answer = "[{\"id\":\"b1\",\"name\":\"Leads\",\"closed\":false}]";
        } else if (path.equals("/1/boards/b1/lists")) {
            answer = "[{\"id\":\"l1\",\"name\":\"TODO\"}]";
        } else if (path.equals("/1/boards/b1/labels")) {
            answer = "[{\"id\":\"lb-hot\",\"name\":\"Hot\"},{\"id\":\"lb-vip\",\"name\":\"VIP\"},{\"id\":\"lb-x\",\"name\":\"\"}]";
        } else if (path.equals("/1/boards/b1/members")) {
            answer = "[{\"id\":\"m-ada\",\"username\":\"ada\"},{\"id\":\"m-bob\",\"username\":\"bob\"}]";
        } else if (path.equals("/1/boards/b1/customFields")) {
            answer = CUSTOM_FIELDS;
        } else if (path.equals("/1/boards/b1/actions")) {
            answer = query.startsWith("limit=1&") ? "[{\"id\":\"a-newest\",\"date\":\"2026-11-30T10:00:00.000Z\"}]"
                    : actionsSince;
        } else if (path.equals("/1/boards/b1/cards") || path.equals("/1/cards/c1") && method.equals("GET")) {
            String card = "{\"id\":\"c1\",\"name\":\"Ada\",\"desc\":\"[leadsync:rec1]\",\"idList\":\"l1\","
                    + "\"idBoard\":\"b1\",\"closed\":false,\"dateLastActivity\":\"2026-11-30T09:00:00.000Z\","
                    + "\"due\":\"2026-12-01T00:00:00.000Z\",\"idLabels\":[\"lb-vip\",\"lb-hot\",\"lb-x\"" + moreLabels + "],"
                    + "\"idMembers\":[\"m-bob\",\"m-ada\"],\"customFieldItems\":["
                    + "{\"idCustomField\":\"cf-budget\",\"value\":{\"number\":\"12.50\"}},"
                    + "{\"idCustomField\":\"cf-tier\",\"idValue\":\"o-gold\"}]}";
            answer = path.startsWith("/1/cards") ? card : "[" + card + "]";
        } else if (method.equals("POST") && path.equals("/1/cards") || method.equals("PUT") && path.equals("/1/cards/c1")) {
            JsonNode card = read(body);
            answer = "{\"id\":\"c1\",\"name\":\"Ada\",\"desc\":\"[leadsync:rec1]\",\"idList\":\"l1\",\"idBoard\":\"b1\","
                    + "\"closed\":false,\"dateLastActivity\":\"2026-11-30T09:00:00.000Z\",\"due\":"
                    + (card.has("due") ? card.get("due") : "null") + ",\"idLabels\":"
                    + (card.has("idLabels") ? card.get("idLabels") : "[]") + ",\"idMembers\":"
                    + (card.has("idMembers") ? card.get("idMembers") : "[]") + "}";
        } else if (method.equals("PUT") && path.startsWith("/1/cards/c1/customField/")) {
            if (failCustomFields > 0) {
                failCustomFields--;
                status = 500;
                answer = "{\"message\":\"oops\"}";
            } else {
                answer = "{}";
            }
        } else {
            throw new IllegalStateException("not scripted: " + request);
        }
        e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        e.getIn().setBody(answer);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void connect(Map<String, String> fields) {
        PairMapping mapping = new PairMapping();
        mapping.getLeadToTracker().put("NEW", "TODO");
        mapping.getTrackerToLead().put("TODO", "NEW");
        mapping.getFields().putAll(fields);
        board.connect(mapping);
    }

    private void connectAll() {
        connect(Map.of("due", "Due", "labels", "Tags", "assignees", "Owner", "custom:Budget", "Budget",
                "custom:Tier", "Tier"));
        sent.clear();
    }

    private static JsonNode bodyOf(String request) {
        return read(request.substring(request.indexOf('{')));
    }

    private Exchange send(String route, Object change) {
        return context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "trello"); // the pushing pair: its beans are <pair>Requests, <pair>Tracker
            e.getIn().setBody(change);
        });
    }

    private static CreateItem create(Map<String, String> fields) {
        return new CreateItem("rec1", new ItemDraft("rec1", "Ada", "[leadsync:rec1]", "TODO", fields),
                new Link("rec1", null, "NEW", "TODO", "Ada", "", false, 1_000, 0), 1_000, "trello|create|rec1",
                "create card of lead rec1");
    }

    private static UpdateContent update(Map<String, String> fields) {
        return new UpdateContent("rec1", "c1", new ItemChange(null, null, null, null, "TODO", true, fields),
                new Link("rec1", "c1", "NEW", "TODO", "Ada", "", false, 1_000, 0), 1_000, "trello|update|rec1",
                "update card of lead rec1");
    }

    @Test
    void connectReadsOnlyWhatTheMappedKeysNeed() {
        connect(Map.of("labels", "Tags"));

        assertThat(sent).extracting(r -> r.split("\\?")[0]).containsExactly("GET /1/members/me/boards",
                "GET /1/boards/b1/lists", "GET /1/boards/b1/labels");
    }

    @Test
    void connectRefusesACustomFieldTheBoardLacksNamingTheOnesItHas() {
        assertThatThrownBy(() -> connect(Map.of("custom:Budgett", "Budget")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("custom field 'Budgett' in the trello mapping does not exist on board 'Leads'; it has: "
                        + "Budget, Tier, Notes. Fix fields in routes/ or add the field to the board.");
    }

    @Test
    void connectRefusesPriorityWhichTrelloCardsDoNotHave() {
        assertThatThrownBy(() -> connect(Map.of("priority", "Priority")))
                .hasMessageContaining("maps tracker field 'priority', which Trello cards do not have");
    }

    @Test
    void aFullReadGivesTheMappedFieldsInTheirTextForms() {
        connectAll();

        Exchange done = context.createProducerTemplate().send("direct:trello-read-all", e -> e.setProperty("pair", "trello"));

        assertThat(sent.get(1)).isEqualTo("GET /1/boards/b1/cards?fields=id,name,desc,idList,idBoard,closed,"
                + "dateLastActivity,due,idLabels,idMembers&customFieldItems=true");
        TrackerItem c1 = done.getMessage().getBody(TrackerRead.class).items().get(0);
        assertThat(c1.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("due", "2026-12-01", "labels", "Hot, VIP",
                "assignees", "ada, bob", "custom:Budget", "12.5", "custom:Tier", "Gold"));
    }

    @Test
    void aLabelTheBoardDoesNotListIsLookedForOnceNotOnEveryRead() {
        connectAll();
        moreLabels = ",\"lb-gone\"";

        context.createProducerTemplate().send("direct:trello-read-all", e -> e.setProperty("pair", "trello"));
        Exchange again = context.createProducerTemplate().send("direct:trello-read-all", e -> e.setProperty("pair", "trello"));

        assertThat(sent.stream().filter(r -> r.startsWith("GET /1/boards/b1/labels"))).hasSize(1);
        assertThat(again.getMessage().getBody(TrackerRead.class).items().get(0).fields().get("labels"))
                .as("shown by its id, so it differs from any lead's labels").isEqualTo("Hot, VIP, lb-gone");
    }

    @Test
    void anIdleReadOfChangesStaysOneRequestAndAskForTheFieldActions() {
        connectAll();

        TrackerRead read = changesSince(id -> null);

        assertThat(sent).singleElement().asString().contains("filter=createCard%2CupdateCard%2CdeleteCard%2C"
                + "moveCardFromBoard%2CaddLabelToCard%2CremoveLabelFromCard%2CaddMemberToCard%2CremoveMemberFromCard"
                + "%2CupdateCustomFieldItem&");
        assertThat(read.items()).isEmpty();
    }

    private TrackerRead changesSince(java.util.function.Function<String, TrackerItem> lastSynced) {
        Exchange done = context.createProducerTemplate().send("direct:trello-read-changes", e -> {
            e.setProperty("pair", "trello");
            e.setProperty(WorkTracker.CURSOR, "a0");
            e.setProperty(WorkTracker.LAST_SYNCED, lastSynced);
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(TrackerRead.class);
    }

    private static TrackerItem shadow(String id) {
        return "c1".equals(id) ? new TrackerItem("c1", "Ada", "[leadsync:rec1]", "TODO", false, false, 0, "rec1", 0,
                Map.of("labels", "VIP")) : null;
    }

    @Test
    void aLinkedCardWhoseLabelAnActionChangedIsReadWithItsFields() {
        connectAll();
        actionsSince = "[{\"id\":\"a1\",\"type\":\"addLabelToCard\",\"date\":\"2026-11-30T09:30:00.000Z\","
                + "\"data\":{\"card\":{\"id\":\"c1\",\"name\":\"Ada\"},\"label\":{\"id\":\"lb-hot\",\"name\":\"Hot\"}}}]";

        TrackerRead read = changesSince(TrelloFieldsTest::shadow);

        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).startsWith("GET /1/cards/c1?");
        assertThat(read.items()).singleElement().satisfies(c1 -> assertThat(c1.fields()).containsEntry("labels",
                "Hot, VIP"));
    }

    @Test
    void aLinkedCardRebuiltFromAMoveLeavesItsFieldsOutAsNotRead() {
        connectAll();
        actionsSince = "[{\"id\":\"a1\",\"type\":\"updateCard\",\"date\":\"2026-11-30T09:30:00.000Z\","
                + "\"data\":{\"card\":{\"id\":\"c1\",\"name\":\"Ada\"},\"listAfter\":{\"id\":\"l1\"},\"old\":{\"idList\":\"l0\"}}}]";

        TrackerRead read = changesSince(TrelloFieldsTest::shadow);

        assertThat(sent).as("no read back").hasSize(1);
        assertThat(read.items()).singleElement().satisfies(c1 -> assertThat(c1.fields()).isEmpty());
    }

    @Test
    void aCardWhoseDueAnUpdateChangedIsRead() {
        connectAll();
        actionsSince = "[{\"id\":\"a1\",\"type\":\"updateCard\",\"date\":\"2026-11-30T09:30:00.000Z\","
                + "\"data\":{\"card\":{\"id\":\"c1\",\"name\":\"Ada\",\"due\":\"2026-12-01T00:00:00.000Z\"},"
                + "\"old\":{\"due\":null}}}]";

        TrackerRead read = changesSince(TrelloFieldsTest::shadow);

        assertThat(sent).hasSize(2);
        assertThat(read.items()).singleElement().satisfies(c1 -> assertThat(c1.fields()).containsEntry("due",
                "2026-12-01"));
    }

    @Test
    void aCardIsCreatedWithItsDueLabelsAndMembersThenItsCustomFieldsOneRequestEach() {
        connectAll();

        Exchange done = send("direct:trello-create-item", create(Map.of("due", "2026-12-01T09:30:00.000Z",
                "labels", "Hot, VIP", "assignees", "ada", "custom:Budget", "3", "custom:Tier", "Silver")));

        assertThat(done.getException()).isNull();
        assertThat(sent).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1]).containsExactly("POST /1/cards",
                "PUT /1/cards/c1/customField/cf-budget/item", "PUT /1/cards/c1/customField/cf-tier/item");
        JsonNode card = bodyOf(sent.get(0));
        assertThat(card.get("due").asText()).isEqualTo("2026-12-01T09:30:00.000Z");
        assertThat(card.get("idLabels")).isEqualTo(read("[\"lb-hot\",\"lb-vip\"]"));
        assertThat(card.get("idMembers")).isEqualTo(read("[\"m-ada\"]"));
        assertThat(bodyOf(sent.get(1))).isEqualTo(read("{\"value\":{\"number\":\"3\"}}"));
        assertThat(bodyOf(sent.get(2))).isEqualTo(read("{\"idValue\":\"o-silver\"}"));
        assertThat(done.getMessage().getBody(TrackerItem.class).fields()).containsAllEntriesOf(Map.of(
                "due", "2026-12-01T09:30:00.000Z", "labels", "Hot, VIP", "assignees", "ada", "custom:Budget", "3",
                "custom:Tier", "Silver"));
    }

    @Test
    void aCustomFieldThatFailsAfterTheCreateNeverRepeatsItAndTheCardSaysItIsEmpty() {
        connectAll();
        failCustomFields = 1;

        Exchange done = send("direct:trello-create-item", create(Map.of("custom:Budget", "3", "custom:Tier",
                "Gold")));

        assertThat(done.getException()).as("the create is not handed back").isNull();
        assertThat(sent.stream().filter(r -> r.startsWith("POST /1/cards"))).hasSize(1);
        TrackerItem item = done.getMessage().getBody(TrackerItem.class);
        assertThat(item.id()).isEqualTo("c1");
        assertThat(item.fields()).containsEntry("custom:Budget", "").containsEntry("custom:Tier", "");
    }

    @Test
    void anUpdateSendsTheCardFieldsInItsPutAndClearsTheDueWithNull() {
        connectAll();

        Exchange done = send("direct:trello-update-content", update(Map.of("due", "", "labels", "",
                "custom:Budget", "", "custom:Tier", "Gold")));

        assertThat(done.getException()).isNull();
        assertThat(sent).extracting(r -> r.split(" ")[0] + " " + r.split(" ")[1]).containsExactly("PUT /1/cards/c1",
                "PUT /1/cards/c1/customField/cf-budget/item", "PUT /1/cards/c1/customField/cf-tier/item");
        JsonNode put = bodyOf(sent.get(0));
        assertThat(put.has("due") && put.get("due").isNull()).as("due: null").isTrue();
        assertThat(put.get("idLabels")).isEqualTo(read("[]"));
        assertThat(put.has("idMembers")).as("not changed").isFalse();
        assertThat(bodyOf(sent.get(1))).isEqualTo(read("{\"value\":\"\"}"));
        assertThat(done.getMessage().getBody(TrackerItem.class).fields()).containsEntry("custom:Tier", "Gold")
                .containsEntry("labels", "").containsEntry("due", "");
    }

    @Test
    void aLabelTheBoardLacksRefusesThatLeadsWriteBeforeAnythingIsSentNamingRecordFieldAndValue() {
        connectAll();

        Exchange done = send("direct:trello-create-item", create(Map.of("labels", "Cold")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class).hasMessage("lead rec1: Trello board "
                + "'Leads' has no label 'Cold' for field labels (it has: Hot, VIP); add it to the board or change the lead");
        assertThat(sent).as("the board's labels read again, nothing written").containsExactly(
                "GET /1/boards/b1/labels?fields=id,name&limit=1000");
    }

    @Test
    void aDueThatIsNoDateRefusesTheUpdateBeforeAnythingIsSent() {
        connectAll();

        Exchange done = send("direct:trello-update-content", update(Map.of("due", "soon")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class).hasMessage("lead rec1: field due of "
                + "Trello cannot take it: 'soon' is not a date (2026-12-01 or 2026-12-01T09:30:00.000Z); change the lead");
        assertThat(sent).isEmpty();
    }

    @Test
    void anOptionTheListFieldLacksRefusesTheUpdateBeforeAnythingIsSent() {
        connectAll();

        Exchange done = send("direct:trello-update-content", update(Map.of("custom:Tier", "Platinum")));

        assertThat(done.getException()).isInstanceOf(FieldValueRefused.class)
                .hasMessageContaining("lead rec1: custom field 'Tier'").hasMessageContaining("no option 'Platinum'");
        assertThat(sent).isEmpty();
    }
}
