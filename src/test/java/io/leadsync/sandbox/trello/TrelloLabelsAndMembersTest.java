package io.leadsync.sandbox.trello;

import static io.leadsync.sandbox.trello.TrelloHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;

/**
 * Board labels and members, and a card's labels and members, over raw HTTP as Trello answers them: the
 * seeded board's team and labels, label CRUD, idLabels/idMembers on create and update and through their own
 * routes, the errors, and the actions an incremental reader of the board sees.
 */
class TrelloLabelsAndMembersTest {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    MutableClock clock = new MutableClock(START);
    TrelloEmulator trello;
    TrelloHttp http;
    String board;
    String todo;

    @BeforeEach
    void start() {
        trello = new TrelloEmulator(clock, 42);
        trello.start(0);
        http = new TrelloHttp(trello);
        board = trello.control().defaultBoardId();
        todo = trello.control().listId(board, "TODO");
    }

    @AfterEach
    void stop() {
        trello.close();
    }

    String cardId(String query) {
        HttpResponse<String> r = http.post("/1/cards?idList=" + todo + "&name=Lead" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return http.json(r).get("id").asText();
    }

    String labelId(String name) {
        return trello.control().labels(board).stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().id();
    }

    String memberId(String username) {
        return trello.control().members(board).stream().filter(m -> m.username().equals(username)).findFirst()
                .orElseThrow().id();
    }

    /** The board's actions after the given one, newest first, as an incremental reader asks for them. */
    JsonNode actionsSince(String actionId, String filter) {
        return http.getJson("/1/boards/" + board + "/actions?filter=" + filter + "&since=" + actionId);
    }

    String newestActionId() {
        return http.getJson("/1/boards/" + board + "/actions?limit=1").get(0).get("id").asText();
    }

    // ---- the seeded board

    @Test
    void theSeededBoardHasTheSandboxMemberThreeTeammatesAndFiveLabels() {
        JsonNode members = http.getJson("/1/boards/" + board + "/members");
        assertThat(members).extracting(m -> m.get("fullName").asText())
                .containsExactly("Sandbox User", "Alice Martin", "Bob Chen", "Carol Diaz");
        assertThat(members).allSatisfy(m -> assertThat(m.properties()).extracting(e -> e.getKey())
                .containsExactly("id", "fullName", "username"));
        assertThat(members.get(0).get("id").asText()).isEqualTo(trello.control().memberId());

        JsonNode labels = http.getJson("/1/boards/" + board + "/labels");
        assertThat(labels).extracting(l -> l.get("name").asText() + "/" + l.get("color").asText())
                .containsExactly("Website/green", "Referral/blue", "Trade show/orange", "Cold call/purple", "Hot/red");
        assertThat(labels).allSatisfy(l -> {
            assertThat(l.get("id").asText()).matches("[0-9a-f]{24}");
            assertThat(l.get("idBoard").asText()).isEqualTo(board);
            assertThat(l.get("uses").asInt()).isZero();
        });
        assertThat(http.getJson("/1/boards/" + board).at("/labelNames/green").asText()).isEqualTo("Website");
    }

    @Test
    void theSeededTeamAndLabelsLeaveEveryIdHandedOutAfterTheSeedAsItWas() {
        // The ids the seed-42 emulator gave at START before the board had labels and teammates (commit 14df79a).
        String card = trello.control().createCard(board, "TODO", "Lead", "").id();
        assertThat(List.of(board, trello.control().memberId(), card, newestActionId())).containsExactly(
                "69a551904f083ce3f12bbb4b", "69a55190ba419d350dfe8af7", "69a551902c167999289d95fa",
                "69a55190c0a47deecc7229ce");
    }

    @Test
    void aTeammateIsReadByUsernameOrIdWithTheBoardsTheyAreOn() {
        http.post("/1/boards?name=Second");
        JsonNode alice = http.getJson("/1/members/alice");
        assertThat(alice.get("fullName").asText()).isEqualTo("Alice Martin");
        assertThat(alice.get("idBoards")).extracting(JsonNode::asText).containsExactly(board);
        assertThat(http.getJson("/1/members/" + alice.get("id").asText() + "/boards?fields=name"))
                .extracting(b -> b.get("name").asText()).containsExactly("Work Tracker");
        assertThat(http.getJson("/1/members/me").get("idBoards")).hasSize(2);
        assertThat(http.get("/1/members/nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void aNewBoardHasOnlyItsCreatorAsMemberAndNoLabels() {
        String other = http.json(http.post("/1/boards?name=Second")).get("id").asText();
        assertThat(http.getJson("/1/boards/" + other + "/members")).extracting(m -> m.get("username").asText())
                .containsExactly("sandbox");
        assertThat(http.getJson("/1/boards/" + other + "/labels")).isEmpty();
    }

    @Test
    void theBoardNestsItsLabelsAndMembersWhenAsked() {
        JsonNode nested = http.getJson("/1/boards/" + board + "?fields=name&labels=all&label_fields=name&members=all");
        assertThat(nested.get("labels")).hasSize(5).allSatisfy(l -> assertThat(l.properties())
                .extracting(e -> e.getKey()).containsExactly("id", "name"));
        assertThat(nested.get("members")).hasSize(4);
        assertThat(http.getJson("/1/boards/" + board).has("labels")).isFalse();
        assertThat(http.get("/1/boards/" + board + "?labels=some").body()).isEqualTo("invalid value for labels");
    }

    // ---- labels

    @Test
    void labelsAreCreatedBothWaysReadRenamedRecolouredAndDeleted() {
        JsonNode vip = http.json(http.post("/1/boards/" + board + "/labels?name=VIP&color=red"));
        assertThat(vip.get("idBoard").asText()).isEqualTo(board);
        assertThat(vip.get("color").asText()).isEqualTo("red");
        HttpResponse<String> plain = http.postJson("/1/labels", "{\"idBoard\":\"" + board + "\",\"name\":\"Later\",\"color\":null}");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        String later = http.json(plain).get("id").asText();
        assertThat(http.json(plain).get("color").isNull()).as("no colour").isTrue();

        assertThat(http.getJson("/1/labels/" + later + "?fields=name").properties()).extracting(e -> e.getKey())
                .containsExactly("id", "name");
        JsonNode renamed = http.json(http.put("/1/labels/" + later + "?name=Someday&color=sky_dark"));
        assertThat(renamed.get("name").asText()).isEqualTo("Someday");
        assertThat(renamed.get("color").asText()).isEqualTo("sky_dark");
        assertThat(http.getJson("/1/boards/" + board + "/labels?fields=name&limit=6")).extracting(l -> l.get("name").asText())
                .containsExactly("Website", "Referral", "Trade show", "Cold call", "Hot", "VIP");

        String card = cardId("&idLabels=" + later);
        HttpResponse<String> deleted = http.delete("/1/labels/" + later);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(http.get("/1/labels/" + later).statusCode()).isEqualTo(404);
        assertThat(http.getJson("/1/cards/" + card).get("idLabels")).as("gone from the card too").isEmpty();
        assertThat(http.getJson("/1/boards/" + board + "/actions?filter=createLabel,updateLabel,deleteLabel"))
                .extracting(a -> a.get("type").asText())
                .containsExactly("deleteLabel", "updateLabel", "createLabel", "createLabel");
    }

    @Test
    void labelErrorsAreTrellos() {
        assertThat(http.post("/1/boards/" + board + "/labels?name=X&color=mauve").body()).isEqualTo("invalid value for color");
        assertThat(http.post("/1/boards/" + board + "/labels?name=X").body()).isEqualTo("invalid value for color");
        assertThat(http.post("/1/boards/" + board + "/labels?color=red").body()).isEqualTo("invalid value for name");
        assertThat(http.post("/1/labels?name=X&color=red&idBoard=nope").body()).isEqualTo("invalid value for idBoard");
        assertThat(http.put("/1/labels/" + labelId("Hot") + "?name=Cold&color=mauve").body()).isEqualTo("invalid value for color");
        assertThat(http.getJson("/1/labels/" + labelId("Hot")).get("name").asText()).as("nothing changed").isEqualTo("Hot");
        HttpResponse<String> unknown = http.get("/1/labels/0123456789abcdef01234567");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("The requested resource was not found.");
        assertThat(http.delete("/1/labels/nope").body()).isEqualTo("invalid id");
    }

    @Test
    void aCardTakesLabelsOnCreateAndUpdateAndShowsThemWhole() {
        String hot = labelId("Hot");
        String website = labelId("Website");
        JsonNode created = http.json(http.post("/1/cards?idList=" + todo + "&name=Lead&idLabels=" + hot + "," + website));
        assertThat(created.get("idLabels")).extracting(JsonNode::asText).containsExactly(hot, website);
        assertThat(created.get("labels")).extracting(l -> l.get("name").asText()).containsExactly("Hot", "Website");
        assertThat(created.get("labels").get(0).get("idBoard").asText()).isEqualTo(board);
        String card = created.get("id").asText();
        assertThat(http.getJson("/1/boards/" + board + "/labels").get(4).get("uses").asInt()).isEqualTo(1);

        assertThat(http.json(http.put("/1/cards/" + card + "?idLabels=" + website)).get("idLabels"))
                .extracting(JsonNode::asText).containsExactly(website);
        assertThat(http.json(http.putJson("/1/cards/" + card, "{\"idLabels\":[\"" + hot + "\"]}")).get("idLabels"))
                .extracting(JsonNode::asText).containsExactly(hot);
        assertThat(http.json(http.put("/1/cards/" + card + "?idLabels=")).get("labels")).isEmpty();
    }

    @Test
    void aCardCreatedWithLabelsAndMembersRecordsEachAfterItsCreation() {
        cardId("&idLabels=" + labelId("Hot") + "," + labelId("Website") + "&idMembers=" + memberId("alice"));
        assertThat(http.getJson("/1/boards/" + board + "/actions?limit=4")).extracting(a -> a.get("type").asText())
                .containsExactly("addMemberToCard", "addLabelToCard", "addLabelToCard", "createCard");
    }

    @Test
    void aCardRefusesLabelsThatAreNotItsBoards() {
        String card = cardId("");
        String elsewhere = http.json(http.post("/1/boards?name=Second")).get("id").asText();
        String foreign = http.json(http.post("/1/boards/" + elsewhere + "/labels?name=X&color=red")).get("id").asText();
        assertThat(http.put("/1/cards/" + card + "?idLabels=" + foreign).body()).isEqualTo("invalid value for idLabels");
        assertThat(http.put("/1/cards/" + card + "?idLabels=red").body()).isEqualTo("invalid value for idLabels");
        HttpResponse<String> onCreate = http.post("/1/cards?idList=" + todo + "&idLabels=" + foreign);
        assertThat(onCreate.statusCode()).isEqualTo(400);
        assertThat(onCreate.body()).isEqualTo("invalid value for idLabels");
        assertThat(http.post("/1/cards/" + card + "/idLabels?value=" + foreign).body()).isEqualTo("invalid value for value");
        assertThat(http.getJson("/1/boards/" + board + "/cards")).as("nothing created").hasSize(1);
    }

    @Test
    void labelsAreAddedAndRemovedThroughTheirOwnRoutes() {
        String card = cardId("");
        String hot = labelId("Hot");
        HttpResponse<String> added = http.post("/1/cards/" + card + "/idLabels?value=" + hot);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(http.json(added)).extracting(JsonNode::asText).containsExactly(hot);
        HttpResponse<String> again = http.postJson("/1/cards/" + card + "/idLabels", "{\"value\":\"" + hot + "\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("that label is already on the card");

        assertThat(http.delete("/1/cards/" + card + "/idLabels/" + hot).statusCode()).isEqualTo(200);
        assertThat(http.getJson("/1/cards/" + card).get("idLabels")).isEmpty();
        HttpResponse<String> notOn = http.delete("/1/cards/" + card + "/idLabels/" + hot);
        assertThat(notOn.statusCode()).isEqualTo(400);
        assertThat(notOn.body()).isEqualTo("that label is not on the card");
    }

    @Test
    void labelChangesAreAddAndRemoveLabelActionsThatMoveTheCardsLastActivity() {
        String card = cardId("&idLabels=" + labelId("Website"));
        String since = newestActionId();
        clock.advance(Duration.ofMinutes(3));
        http.put("/1/cards/" + card + "?idLabels=" + labelId("Hot"));

        JsonNode actions = actionsSince(since, "updateCard,addLabelToCard,removeLabelFromCard");
        assertThat(actions).extracting(a -> a.get("type").asText() + " " + a.at("/data/label/name").asText())
                .containsExactly("addLabelToCard Hot", "removeLabelFromCard Website");
        JsonNode add = actions.get(0);
        assertThat(add.at("/data/card/id").asText()).isEqualTo(card);
        assertThat(add.at("/data/board/id").asText()).isEqualTo(board);
        assertThat(add.at("/data/label/color").asText()).isEqualTo("red");
        assertThat(add.at("/data/text").asText()).isEqualTo("Hot");
        assertThat(add.get("date").asText()).isEqualTo("2026-03-02T09:03:00.000Z");
        assertThat(http.getJson("/1/cards/" + card).get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:03:00.000Z");
        assertThat(http.put("/1/cards/" + card + "?idLabels=" + labelId("Hot")).statusCode()).isEqualTo(200);
        assertThat(actionsSince(since, "all")).as("setting the same labels again records nothing").hasSize(2);
    }

    // ---- members

    @Test
    void aCardTakesBoardMembersOnCreateAndUpdate() {
        String alice = memberId("alice");
        String bob = memberId("bob");
        JsonNode created = http.json(http.post("/1/cards?idList=" + todo + "&name=Lead&idMembers=" + alice + "," + bob));
        assertThat(created.get("idMembers")).extracting(JsonNode::asText).containsExactly(alice, bob);
        String card = created.get("id").asText();
        assertThat(http.json(http.put("/1/cards/" + card + "?idMembers=" + bob)).get("idMembers"))
                .extracting(JsonNode::asText).containsExactly(bob);
        assertThat(http.json(http.putJson("/1/cards/" + card, "{\"idMembers\":[]}")).get("idMembers")).isEmpty();
    }

    @Test
    void aCardNestsItsMembersWhenAsked() {
        String card = cardId("&idMembers=" + memberId("bob"));
        JsonNode one = http.getJson("/1/cards/" + card + "?fields=name&members=true");
        assertThat(one.get("members")).extracting(m -> m.get("fullName").asText() + " " + m.get("username").asText())
                .containsExactly("Bob Chen bob");
        JsonNode onBoard = http.getJson("/1/boards/" + board + "/cards?fields=idMembers&members=true&member_fields=fullName");
        assertThat(onBoard.get(0).get("members").get(0).properties()).extracting(e -> e.getKey())
                .containsExactly("id", "fullName");
        assertThat(http.getJson("/1/cards/" + card).has("members")).as("only when asked").isFalse();
    }

    @Test
    void membersAreAddedAndRemovedThroughTheirOwnRoutes() {
        String card = cardId("");
        String carol = memberId("carol");
        HttpResponse<String> added = http.post("/1/cards/" + card + "/idMembers?value=" + carol);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(http.json(added)).extracting(JsonNode::asText).containsExactly(carol);
        HttpResponse<String> again = http.post("/1/cards/" + card + "/idMembers?value=" + carol);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("member is already on the card");

        assertThat(http.delete("/1/cards/" + card + "/idMembers/" + carol).statusCode()).isEqualTo(200);
        HttpResponse<String> notOn = http.delete("/1/cards/" + card + "/idMembers/" + carol);
        assertThat(notOn.statusCode()).isEqualTo(400);
        assertThat(notOn.body()).isEqualTo("member is not on the card");
    }

    @Test
    void someoneNotOnTheBoardIsAnInvalidObjectIdAndAMalformedIdAnInvalidValue() {
        String card = cardId("");
        HttpResponse<String> stranger = http.put("/1/cards/" + card + "?idMembers=0123456789abcdef01234567");
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(http.json(stranger).get("message").asText()).isEqualTo("Invalid objectId");
        assertThat(http.json(stranger).get("error").asText()).isEqualTo("ERROR");
        assertThat(http.post("/1/cards/" + card + "/idMembers?value=0123456789abcdef01234567").statusCode()).isEqualTo(400);
        assertThat(http.put("/1/cards/" + card + "?idMembers=alice").body()).isEqualTo("invalid value for idMembers");
        assertThat(http.post("/1/cards/" + card + "/idMembers?value=alice").body()).isEqualTo("invalid value for value");
        assertThat(http.delete("/1/cards/" + card + "/idMembers/alice").body()).isEqualTo("invalid value for idMember");
    }

    @Test
    void memberChangesAreAddAndRemoveMemberActionsThatMoveTheCardsLastActivity() {
        String alice = memberId("alice");
        String bob = memberId("bob");
        String card = cardId("&idMembers=" + alice);
        String since = newestActionId();
        clock.advance(Duration.ofMinutes(2));
        http.put("/1/cards/" + card + "?idMembers=" + bob);

        JsonNode actions = actionsSince(since, "updateCard,addMemberToCard,removeMemberFromCard");
        assertThat(actions).extracting(a -> a.get("type").asText() + " " + a.at("/data/member/name").asText())
                .containsExactly("addMemberToCard Bob Chen", "removeMemberFromCard Alice Martin");
        assertThat(actions.get(0).at("/data/idMember").asText()).isEqualTo(bob);
        assertThat(actions.get(0).at("/data/member/id").asText()).isEqualTo(bob);
        assertThat(actions.get(0).at("/data/card/id").asText()).isEqualTo(card);
        assertThat(http.getJson("/1/cards/" + card).get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:02:00.000Z");
    }

    @Test
    void aCardMovedToAnotherBoardLeavesItsLabelsAndTheMembersNotOnThatBoard() {
        String card = cardId("&idLabels=" + labelId("Hot") + "&idMembers=" + memberId("alice") + ","
                + trello.control().memberId());
        String other = http.json(http.post("/1/boards?name=Second")).get("id").asText();
        String inbox = http.getJson("/1/boards/" + other + "/lists").get(0).get("id").asText();
        JsonNode moved = http.json(http.put("/1/cards/" + card + "?idList=" + inbox));
        assertThat(moved.get("idLabels")).isEmpty();
        assertThat(moved.get("idMembers")).extracting(JsonNode::asText).containsExactly(trello.control().memberId());
    }

    // ---- simulated people

    @Test
    void simulatedPeopleLabelAndAssignCardsLikeApiWrites() {
        TrelloControl people = trello.control();
        String card = people.createCard(board, "TODO", "Lead", "").id();
        people.addLabel(card, "Referral");
        people.addMember(card, "bob");
        String vip = people.createLabel(board, "VIP", "black");
        people.addLabel(card, vip);
        people.removeLabel(card, "Referral");
        people.removeMember(card, "bob");
        people.addMember(card, "carol");
        assertThat(people.findCard(card).orElseThrow()).satisfies(c -> {
            assertThat(c.idLabels()).containsExactly(vip);
            assertThat(c.idMembers()).containsExactly(memberId("carol"));
        });
        assertThat(http.getJson("/1/boards/" + board + "/actions?limit=6")).extracting(a -> a.get("type").asText())
                .containsExactly("addMemberToCard", "removeMemberFromCard", "removeLabelFromCard", "addLabelToCard",
                        "createLabel", "addMemberToCard");
    }
}
