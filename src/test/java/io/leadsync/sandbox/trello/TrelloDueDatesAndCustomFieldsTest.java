package io.leadsync.sandbox.trello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;

/**
 * A card's due date and custom field values over raw HTTP: the shapes Trello takes and keeps, how they are
 * cleared, what it refuses, and the actions an incremental reader of the board sees.
 */
class TrelloDueDatesAndCustomFieldsTest {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final String INVALID_ITEM = "Invalid custom field item value.";

    MutableClock clock = new MutableClock(START);
    TrelloEmulator trello;
    TrelloHttp http;
    String board;
    String todo;
    String card;

    @BeforeEach
    void start() {
        trello = new TrelloEmulator(clock, 42);
        trello.start(0);
        http = new TrelloHttp(trello);
        board = trello.control().defaultBoardId();
        todo = trello.control().listId(board, "TODO");
        card = http.json(http.post("/1/cards?idList=" + todo + "&name=Lead")).get("id").asText();
    }

    @AfterEach
    void stop() {
        trello.close();
    }

    String newestActionId() {
        return http.getJson("/1/boards/" + board + "/actions?limit=1").get(0).get("id").asText();
    }

    JsonNode actionsSince(String actionId, String filter) {
        return http.getJson("/1/boards/" + board + "/actions?filter=" + filter + "&since=" + actionId);
    }

    // ---- due dates

    @Test
    void aDueDateIsKeptInUtcWithMillisecondsAndShownOnTheCardAndItsBadges() {
        JsonNode created = http.json(http.postJson("/1/cards", "{\"idList\":\"" + todo
                + "\",\"name\":\"Call\",\"due\":\"2026-04-01T14:00:00+02:00\"}"));
        assertThat(created.get("due").asText()).isEqualTo("2026-04-01T12:00:00.000Z");
        assertThat(created.at("/badges/due").asText()).isEqualTo("2026-04-01T12:00:00.000Z");
        assertThat(created.get("dueComplete").asBoolean()).isFalse();
        assertThat(http.json(http.put("/1/cards/" + card + "?due=2026-05-01")).get("due").asText())
                .as("a bare date is midnight UTC").isEqualTo("2026-05-01T00:00:00.000Z");
        assertThat(http.getJson("/1/cards/" + card + "?fields=due,dueComplete").get("due").asText())
                .isEqualTo("2026-05-01T00:00:00.000Z");
    }

    @Test
    void aDueDateIsClearedWithNullOrAnEmptyValue() {
        http.put("/1/cards/" + card + "?due=2026-04-01T12:00:00Z");
        assertThat(http.json(http.putJson("/1/cards/" + card, "{\"due\":null}")).get("due").isNull()).isTrue();
        http.put("/1/cards/" + card + "?due=2026-04-01T12:00:00Z");
        assertThat(http.json(http.put("/1/cards/" + card + "?due=")).get("due").isNull()).isTrue();
    }

    @Test
    void dueChangesAreUpdateCardActionsWithTheOldValueThatMoveTheCardsLastActivity() {
        http.put("/1/cards/" + card + "?due=2026-04-01T12:00:00Z");
        String since = newestActionId();
        clock.advance(Duration.ofMinutes(4));
        http.putJson("/1/cards/" + card, "{\"due\":\"2026-04-02T12:00:00.000Z\",\"dueComplete\":true}");

        JsonNode due = actionsSince(since, "updateCard:due");
        assertThat(due).singleElement().satisfies(a -> {
            assertThat(a.at("/data/old/due").asText()).isEqualTo("2026-04-01T12:00:00.000Z");
            assertThat(a.at("/data/card/due").asText()).isEqualTo("2026-04-02T12:00:00.000Z");
            assertThat(a.at("/data/old/dueComplete").asBoolean(true)).isFalse();
            assertThat(a.at("/data/card/dueComplete").asBoolean()).isTrue();
        });
        assertThat(actionsSince(since, "updateCard:dueComplete")).hasSize(1);
        assertThat(http.getJson("/1/cards/" + card).get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:04:00.000Z");
        assertThat(http.getJson("/1/boards/" + board + "/cards/complete")).extracting(c -> c.get("id").asText())
                .containsExactly(card);

        http.putJson("/1/cards/" + card, "{\"due\":null}");
        assertThat(http.getJson("/1/boards/" + board + "/actions?limit=1").get(0).at("/data/old/due").asText())
                .isEqualTo("2026-04-02T12:00:00.000Z");
    }

    @Test
    void aDueDateOrCompletionThatIsNotOneIsRefused() {
        assertThat(http.put("/1/cards/" + card + "?due=soon").body()).isEqualTo("invalid value for due");
        assertThat(http.put("/1/cards/" + card + "?dueComplete=yes").body()).isEqualTo("invalid value for dueComplete");
        assertThat(http.post("/1/cards?idList=" + todo + "&due=soon").body()).isEqualTo("invalid value for due");
    }

    // ---- custom fields

    String field(String name, String type, String options) {
        HttpResponse<String> r = http.postJson("/1/customFields", "{\"idModel\":\"" + board
                + "\",\"modelType\":\"board\",\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"pos\":\"bottom\""
                + (options == null ? "" : ",\"options\":" + options) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return http.json(r).get("id").asText();
    }

    HttpResponse<String> setItem(String fieldId, String body) {
        return http.putJson("/1/cards/" + card + "/customField/" + fieldId + "/item", body);
    }

    JsonNode itemOf(String fieldId) {
        for (JsonNode item : http.getJson("/1/cards/" + card + "/customFieldItems")) {
            if (item.get("idCustomField").asText().equals(fieldId)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void everyTypeTakesItsValueShapeAndKeepsTheValueAsAString() {
        String number = field("Deal size", "number", null);
        String date = field("Next call", "date", null);
        String checkbox = field("Signed", "checkbox", null);
        String stage = field("Stage", "list", "[{\"value\":{\"text\":\"Hot\"}},{\"value\":{\"text\":\"Cold\"}}]");
        String text = http.getJson("/1/boards/" + board + "/customFields").get(0).get("id").asText();
        String cold = http.getJson("/1/customFields/" + stage).at("/options/1/id").asText();

        assertThat(setItem(text, "{\"value\":{\"text\":\"recAda\"}}").statusCode()).isEqualTo(200);
        assertThat(setItem(number, "{\"value\":{\"number\":\"12\"}}").statusCode()).isEqualTo(200);
        assertThat(itemOf(number).at("/value/number").asText()).isEqualTo("12");
        JsonNode fromJsonNumber = http.json(setItem(number, "{\"value\":{\"number\":12.5}}"));
        assertThat(fromJsonNumber.at("/value/number").isTextual()).isTrue();
        assertThat(fromJsonNumber.at("/value/number").asText()).isEqualTo("12.5");
        assertThat(http.json(setItem(date, "{\"value\":{\"date\":\"2026-04-01T14:00:00+02:00\"}}")).at("/value/date").asText())
                .isEqualTo("2026-04-01T12:00:00.000Z");
        assertThat(http.json(setItem(checkbox, "{\"value\":{\"checked\":\"true\"}}")).at("/value/checked").asText())
                .isEqualTo("true");
        assertThat(http.json(setItem(checkbox, "{\"value\":{\"checked\":false}}")).at("/value/checked").asText())
                .isEqualTo("false");
        JsonNode chosen = http.json(setItem(stage, "{\"idValue\":\"" + cold + "\"}"));
        assertThat(chosen.get("idValue").asText()).isEqualTo(cold);
        assertThat(chosen.has("value")).isFalse();

        JsonNode fromCard = http.getJson("/1/cards/" + card + "?fields=name&customFieldItems=true").get("customFieldItems");
        JsonNode fromBoard = http.getJson("/1/boards/" + board + "/cards?customFieldItems=true").get(0).get("customFieldItems");
        JsonNode nested = http.getJson("/1/boards/" + board + "?cards=open&card_customFieldItems=true")
                .at("/cards/0/customFieldItems");
        assertThat(fromCard).hasSize(5).isEqualTo(fromBoard).isEqualTo(nested);
        assertThat(http.getJson("/1/cards/" + card).has("customFieldItems")).as("only when asked").isFalse();
        assertThat(trello.control().findCard(card).orElseThrow().customFields()).containsEntry("Stage", "Cold")
                .containsEntry("Deal size", "12.5").containsEntry("Signed", "false");
    }

    @Test
    void aValueThatDoesNotFitTheFieldIsRefusedAndChangesNothing() {
        String number = field("Deal size", "number", null);
        String date = field("Next call", "date", null);
        String checkbox = field("Signed", "checkbox", null);
        String stage = field("Stage", "list", "[{\"value\":{\"text\":\"Hot\"}}]");
        String text = http.getJson("/1/boards/" + board + "/customFields").get(0).get("id").asText();
        String since = newestActionId();

        for (String[] refused : new String[][] {
                {number, "{\"value\":{\"number\":\"twelve\"}}"},
                {number, "{\"value\":{\"text\":\"12\"}}"},
                {number, "{\"value\":{\"number\":\"1\",\"text\":\"x\"}}"},
                {date, "{\"value\":{\"date\":\"soon\"}}"},
                {checkbox, "{\"value\":{\"checked\":\"yes\"}}"},
                {text, "{\"idValue\":\"0123456789abcdef01234567\"}"},
                {text, "{\"value\":\"recAda\"}"},
                {stage, "{\"value\":{}}"},
                {stage, "{\"value\":{\"text\":\"Hot\"}}"},
                {stage, "{\"idValue\":\"0123456789abcdef01234567\"}"}}) {
            HttpResponse<String> r = setItem(refused[0], refused[1]);
            assertThat(r.statusCode()).as(refused[1]).isEqualTo(400);
            assertThat(r.body()).as(refused[1]).isEqualTo(INVALID_ITEM);
        }
        assertThat(http.getJson("/1/cards/" + card + "/customFieldItems")).isEmpty();
        assertThat(actionsSince(since, "all")).isEmpty();
    }

    @Test
    void aValueIsClearedWithAnEmptyValueOrAnEmptyOptionAndAnEmptyBodyChangesNothing() {
        String text = http.getJson("/1/boards/" + board + "/customFields").get(0).get("id").asText();
        String stage = field("Stage", "list", "[{\"value\":{\"text\":\"Hot\"}}]");
        String hot = http.getJson("/1/customFields/" + stage).at("/options/0/id").asText();

        setItem(text, "{\"value\":{\"text\":\"recAda\"}}");
        assertThat(setItem(text, "{\"value\":{}}").statusCode()).isEqualTo(200);
        assertThat(itemOf(text)).isNull();
        setItem(text, "{\"value\":{\"text\":\"recAda\"}}");
        setItem(text, "{\"value\":\"\"}");
        assertThat(itemOf(text)).isNull();

        setItem(stage, "{\"idValue\":\"" + hot + "\"}");
        String since = newestActionId();
        HttpResponse<String> empty = setItem(stage, "{}");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(itemOf(stage).get("idValue").asText()).as("an empty body changes nothing").isEqualTo(hot);
        assertThat(actionsSince(since, "all")).isEmpty();
        assertThat(setItem(stage, "{\"idValue\":\"\"}").statusCode()).isEqualTo(200);
        assertThat(itemOf(stage)).isNull();
    }

    @Test
    void valueChangesAreUpdateCustomFieldItemActionsWithTheOldValueThatMoveTheCardsLastActivity() {
        String number = field("Deal size", "number", null);
        String stage = field("Stage", "list", "[{\"value\":{\"text\":\"Hot\"}},{\"value\":{\"text\":\"Cold\"}}]");
        String hot = http.getJson("/1/customFields/" + stage).at("/options/0/id").asText();
        String cold = http.getJson("/1/customFields/" + stage).at("/options/1/id").asText();
        setItem(number, "{\"value\":{\"number\":\"10\"}}");
        setItem(stage, "{\"idValue\":\"" + hot + "\"}");
        String since = newestActionId();
        clock.advance(Duration.ofMinutes(6));
        setItem(number, "{\"value\":{\"number\":\"20\"}}");
        setItem(stage, "{\"idValue\":\"" + cold + "\"}");

        JsonNode actions = actionsSince(since, "updateCustomFieldItem");
        assertThat(actions).hasSize(2);
        JsonNode list = actions.get(0);
        assertThat(list.at("/data/customField/name").asText()).isEqualTo("Stage");
        assertThat(list.at("/data/customFieldItem/idValue").asText()).isEqualTo(cold);
        assertThat(list.at("/data/old/idValue").asText()).isEqualTo(hot);
        assertThat(list.at("/data/card/id").asText()).isEqualTo(card);
        JsonNode amount = actions.get(1);
        assertThat(amount.at("/data/customFieldItem/value/number").asText()).isEqualTo("20");
        assertThat(amount.at("/data/old/value/number").asText()).isEqualTo("10");
        assertThat(http.getJson("/1/cards/" + card).get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:06:00.000Z");
    }

    @Test
    void aFieldOfAnotherBoardIsRefused() {
        String other = http.json(http.post("/1/boards?name=Second")).get("id").asText();
        String foreign = http.json(http.postJson("/1/customFields", "{\"idModel\":\"" + other
                + "\",\"modelType\":\"board\",\"name\":\"X\",\"type\":\"text\"}")).get("id").asText();
        assertThat(setItem(foreign, "{\"value\":{\"text\":\"x\"}}").body()).isEqualTo("invalid value for idCustomField");
    }

    @Test
    void simulatedPeopleSetAListFieldByTheOptionsText() {
        trello.control().createListCustomField(board, "Stage", java.util.List.of("Hot", "Cold"));
        trello.control().setCustomField(card, "Stage", "Hot");
        assertThat(trello.control().findCard(card).orElseThrow().customFields()).containsEntry("Stage", "Hot");
        trello.control().setCustomField(card, "Stage", "");
        assertThat(trello.control().findCard(card).orElseThrow().customFields()).doesNotContainKey("Stage");
    }
}
