package io.leadsync.sandbox.trello;

import static io.leadsync.sandbox.trello.TrelloHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.SandboxCredentials;

class TrelloEmulatorTest {

    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    MutableClock clock = new MutableClock(START);
    TrelloEmulator trello;
    TrelloHttp http;
    String boardId;
    String todo;
    String done;

    @BeforeEach
    void start() {
        startWith(TrelloConfig.defaults());
    }

    void startWith(TrelloConfig config) {
        if (trello != null) {
            trello.close();
        }
        trello = new TrelloEmulator(clock, 42, config);
        trello.start(0);
        http = new TrelloHttp(trello);
        boardId = trello.control().defaultBoardId();
        todo = trello.control().listId(boardId, "TODO");
        done = trello.control().listId(boardId, "DONE");
    }

    @AfterEach
    void stop() {
        trello.close();
    }

    JsonNode createCard(String name) {
        HttpResponse<String> r = http.post("/1/cards?idList=" + todo + "&name=" + enc(name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return http.json(r);
    }

    // ---- seed, members, boards, lists

    @Test
    void seedsTheSandboxMemberBoardAndLists() {
        JsonNode me = http.getJson("/1/members/me");
        assertThat(me.get("username").asText()).isEqualTo("sandbox");
        assertThat(me.get("idBoards")).extracting(JsonNode::asText).containsExactly(boardId);

        JsonNode boards = http.getJson("/1/members/me/boards?fields=name,url");
        assertThat(boards).hasSize(1);
        assertThat(boards.get(0).get("name").asText()).isEqualTo("Work Tracker");
        assertThat(boards.get(0).get("url").asText()).matches("https://trello.com/b/[0-9A-Za-z]{8}/work-tracker");
        assertThat(boards.get(0).has("prefs")).isFalse();

        JsonNode lists = http.getJson("/1/boards/" + boardId + "/lists");
        assertThat(lists).extracting(l -> l.get("name").asText()).containsExactly("TODO", "DONE");
        assertThat(lists.get(0).get("idBoard").asText()).isEqualTo(boardId);
    }

    @Test
    void boardAcceptsItsShortLinkAndNestsListsCardsAndLimits() {
        createCard("Call ACME");
        String shortLink = http.getJson("/1/boards/" + boardId + "?fields=shortLink").get("shortLink").asText();
        JsonNode board = http.getJson("/1/boards/" + shortLink + "?lists=open&cards=all&card_fields=name&fields=name,limits");
        assertThat(board.get("id").asText()).isEqualTo(boardId);
        assertThat(board.get("lists")).hasSize(2);
        assertThat(board.get("cards").get(0).get("name").asText()).isEqualTo("Call ACME");
        assertThat(board.at("/limits/cards/openPerBoard/disableAt").asInt()).isEqualTo(5000);
        assertThat(board.at("/limits/cards/openPerBoard/warnAt").asInt()).isEqualTo(4500);
        assertThat(board.at("/limits/cards/openPerBoard/status").asText()).isEqualTo("ok");
    }

    @Test
    void createsListsBothWays() {
        JsonNode a = http.json(http.post("/1/boards/" + boardId + "/lists?name=Doing&pos=top"));
        JsonNode b = http.json(http.post("/1/lists?name=Later&idBoard=" + boardId));
        assertThat(http.getJson("/1/boards/" + boardId + "/lists?fields=name"))
                .extracting(l -> l.get("name").asText()).containsExactly("Doing", "TODO", "DONE", "Later");
        assertThat(http.getJson("/1/lists/" + a.get("id").asText()).get("name").asText()).isEqualTo("Doing");
        assertThat(b.get("idBoard").asText()).isEqualTo(boardId);
        assertThat(http.post("/1/lists?name=X&idBoard=nope").body()).isEqualTo("invalid value for idBoard");
        assertThat(http.post("/1/lists?idBoard=" + boardId).body()).isEqualTo("invalid value for name");
    }

    // ---- auth

    @Test
    void missingOrWrongKeyIsInvalidKeyAndWrongTokenIsInvalidToken() {
        HttpResponse<String> noKey = http.send("GET", "/1/members/me", null, null);
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).isEqualTo("invalid key");
        assertThat(noKey.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");

        HttpResponse<String> wrongKey = http.send("GET", "/1/members/me?key=x&token=" + SandboxCredentials.TRELLO_TOKEN, null, null);
        assertThat(wrongKey.body()).isEqualTo("invalid key");

        HttpResponse<String> wrongToken = http.send("GET", "/1/members/me?key=" + SandboxCredentials.TRELLO_KEY + "&token=x", null, null);
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).isEqualTo("invalid token");
    }

    @Test
    void acceptsTheOAuthHeaderAndCredentialsInJsonOrFormBodies() {
        HttpResponse<String> header = http.send("GET", "/1/members/me", null, null, "Authorization",
                "OAuth oauth_consumer_key=\"" + SandboxCredentials.TRELLO_KEY + "\", oauth_token=\""
                        + SandboxCredentials.TRELLO_TOKEN + "\"");
        assertThat(header.statusCode()).isEqualTo(200);

        HttpResponse<String> json = http.send("POST", "/1/cards", "{\"key\":\"" + SandboxCredentials.TRELLO_KEY
                + "\",\"token\":\"" + SandboxCredentials.TRELLO_TOKEN + "\",\"idList\":\"" + todo
                + "\",\"name\":\"From JSON\",\"pos\":\"top\"}", "application/json");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(http.json(json).get("name").asText()).isEqualTo("From JSON");

        HttpResponse<String> form = http.send("POST", "/1/cards", TrelloHttp.AUTH + "&idList=" + todo
                + "&name=" + enc("From form & co"), "application/x-www-form-urlencoded");
        assertThat(http.json(form).get("name").asText()).isEqualTo("From form & co");
    }

    @Test
    void theOAuthHeaderAloneAuthenticatesWithPercentEncodedValuesAndIsCheckedLikeTheQuery() {
        String key = SandboxCredentials.TRELLO_KEY.replace("-", "%2D");
        HttpResponse<String> encoded = http.send("GET", "/1/members/me", null, null, "Authorization",
                "OAuth oauth_consumer_key=\"" + key + "\", oauth_token=\"" + SandboxCredentials.TRELLO_TOKEN + "\"");
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);

        HttpResponse<String> wrong = http.send("GET", "/1/members/me", null, null, "Authorization",
                "OAuth oauth_consumer_key=\"" + key + "\", oauth_token=\"not-the-token\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("invalid token");
    }

    // ---- errors

    @Test
    void errorsArePlainTextAsObserved() {
        HttpResponse<String> malformed = http.get("/1/cards/not-an-id!");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).isEqualTo("invalid id");

        HttpResponse<String> unknown = http.get("/1/cards/0123456789abcdef01234567");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("The requested resource was not found.");
        assertThat(unknown.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");

        assertThat(http.post("/1/cards?name=x").body()).isEqualTo("invalid value for idList");
        assertThat(http.post("/1/cards?name=x&idList=0123456789abcdef01234567").body()).isEqualTo("invalid value for idList");
        assertThat(http.post("/1/cards?idList=" + todo + "&pos=sideways").body()).isEqualTo("invalid value for pos");
        String card = createCard("A").get("id").asText();
        assertThat(http.put("/1/cards/" + card + "?closed=maybe").body()).isEqualTo("invalid value for closed");
        assertThat(http.put("/1/cards/" + card + "?idList=0123456789abcdef01234567").body()).isEqualTo("invalid value for idList");
        assertThat(http.postJson("/1/cards", "{not json").statusCode()).isEqualTo(400);
        assertThat(http.get("/1/nothing/here").statusCode()).isEqualTo(404);
    }

    // ---- cards

    @Test
    void createdCardLooksLikeTrellos() {
        JsonNode card = createCard("Call ACME, Inc.");
        assertThat(card.get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(card.get("idList").asText()).isEqualTo(todo);
        assertThat(card.get("idBoard").asText()).isEqualTo(boardId);
        assertThat(card.get("closed").asBoolean()).isFalse();
        assertThat(card.get("desc").asText()).isEmpty();
        assertThat(card.get("idShort").asInt()).isEqualTo(1);
        assertThat(card.get("pos").isIntegralNumber()).isTrue();
        assertThat(card.get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
        assertThat(card.get("shortUrl").asText()).isEqualTo("https://trello.com/c/" + card.get("shortLink").asText());
        assertThat(card.get("url").asText()).endsWith("/1-call-acme-inc");
        assertThat(card.get("badges").get("description").asBoolean()).isFalse();
        assertThat(card.get("idMembers").isArray()).isTrue();
        assertThat(createCard("Second").get("idShort").asInt()).isEqualTo(2);
    }

    @Test
    void positionsTopBottomAndNumbers() {
        double first = createCard("first").get("pos").asDouble();
        double bottom = createCard("bottom").get("pos").asDouble();
        double top = http.json(http.post("/1/cards?idList=" + todo + "&name=top&pos=top")).get("pos").asDouble();
        double exact = http.json(http.post("/1/cards?idList=" + todo + "&name=exact&pos=1234.5")).get("pos").asDouble();
        assertThat(bottom).isGreaterThan(first);
        assertThat(top).isLessThan(first);
        assertThat(exact).isEqualTo(1234.5);
        assertThat(http.getJson("/1/lists/" + todo + "/cards?fields=name")).extracting(c -> c.get("name").asText())
                .containsExactly("exact", "top", "first", "bottom");
    }

    @Test
    void getCardHonoursFieldsAndCustomFieldItems() {
        String id = createCard("A").get("id").asText();
        JsonNode card = http.getJson("/1/cards/" + id + "?fields=name,idList&customFieldItems=true");
        assertThat(card.properties()).extracting(e -> e.getKey()).containsExactly("id", "name", "idList", "customFieldItems");
        JsonNode defaults = http.getJson("/1/cards/" + id);
        assertThat(defaults.has("badges")).isTrue();
        assertThat(defaults.has("shortLink")).isFalse(); // not among the default fields
        String shortLink = http.getJson("/1/cards/" + id + "?fields=shortLink").get("shortLink").asText();
        assertThat(http.getJson("/1/cards/" + shortLink).get("id").asText()).isEqualTo(id);
    }

    @Test
    void updatesMoveRenameArchiveAndBumpDateLastActivity() {
        String id = createCard("A").get("id").asText();
        clock.advance(Duration.ofMinutes(5));
        JsonNode moved = http.json(http.put("/1/cards/" + id + "?idList=" + done + "&name=" + enc("A (won)")));
        assertThat(moved.get("idList").asText()).isEqualTo(done);
        assertThat(moved.get("name").asText()).isEqualTo("A (won)");
        assertThat(moved.get("dateLastActivity").asText()).isEqualTo("2026-03-02T09:05:00.000Z");

        JsonNode archived = http.json(http.putJson("/1/cards/" + id, "{\"closed\":true,\"desc\":\"gone\"}"));
        assertThat(archived.get("closed").asBoolean()).isTrue();
        assertThat(archived.get("desc").asText()).isEqualTo("gone");
        assertThat(http.getJson("/1/boards/" + boardId + "/cards")).isEmpty();
        assertThat(http.getJson("/1/boards/" + boardId + "/cards/closed")).hasSize(1);
        assertThat(http.getJson("/1/boards/" + boardId + "/cards/all")).hasSize(1);
        assertThat(http.getJson("/1/boards/" + boardId + "/cards/none")).isEmpty();
    }

    @Test
    void deleteAnswersEmptyLimitsAndTheCardIsGone() {
        String id = createCard("A").get("id").asText();
        HttpResponse<String> r = http.delete("/1/cards/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"limits\":{}}");
        assertThat(http.get("/1/cards/" + id).statusCode()).isEqualTo(404);
        assertThat(http.delete("/1/cards/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void boardCardsPageBackwardsWithBeforeAndForwardWithSince() {
        trello.control().addCards(boardId, "TODO", 25, "Lead");
        Set<String> seen = new HashSet<>();
        String before = null;
        int pages = 0;
        while (true) {
            JsonNode page = http.getJson("/1/boards/" + boardId + "/cards?fields=id&limit=10"
                    + (before == null ? "" : "&before=" + before));
            if (page.isEmpty()) {
                break;
            }
            pages++;
            assertThat(page.size()).isLessThanOrEqualTo(10);
            page.forEach(c -> seen.add(c.get("id").asText()));
            before = page.get(0).get("id").asText(); // sorted by id: the first is the oldest
        }
        assertThat(seen).hasSize(25);
        assertThat(pages).isEqualTo(3);

        List<String> forward = new ArrayList<>();
        String since = "000000000000000000000000";
        JsonNode page;
        while (!(page = http.getJson("/1/boards/" + boardId + "/cards?fields=id&limit=10&since=" + since)).isEmpty()) {
            page.forEach(c -> forward.add(c.get("id").asText()));
            since = page.get(page.size() - 1).get("id").asText();
        }
        assertThat(forward).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(http.getJson("/1/boards/" + boardId + "/cards?limit=1").get(0).get("id").asText())
                .isEqualTo(forward.get(24));
        assertThat(http.get("/1/boards/" + boardId + "/cards?limit=1001").body()).isEqualTo("invalid value for limit");
    }

    @Test
    void tooManyCardsWithNestedActionsIsRefused() {
        trello.control().addCards(boardId, "TODO", 1001, "Lead");
        HttpResponse<String> r = http.get("/1/boards/" + boardId + "/cards?actions=createCard&fields=id");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(http.json(r).get("error").asText()).isEqualTo("API_TOO_MANY_CARDS_REQUESTED");
        assertThat(http.getJson("/1/boards/" + boardId + "/cards?fields=id")).hasSize(1001);
        JsonNode few = http.getJson("/1/boards/" + boardId + "/cards?actions=createCard&fields=id&limit=2");
        assertThat(few.get(0).get("actions").get(0).get("type").asText()).isEqualTo("createCard");
    }

    @Test
    void openCardsPerBoardLimitIsEnforced() {
        startWith(TrelloConfig.defaults().withOpenCardsPerBoard(10));
        trello.control().addCards(boardId, "TODO", 9, "Lead");
        assertThat(http.getJson("/1/boards/" + boardId + "?fields=limits").at("/limits/cards/openPerBoard/status").asText())
                .isEqualTo("warning");
        String last = createCard("tenth").get("id").asText();
        HttpResponse<String> refused = http.post("/1/cards?idList=" + todo + "&name=eleventh");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(http.json(refused).get("error").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(http.getJson("/1/boards/" + boardId + "?fields=limits").at("/limits/cards/openPerBoard/status").asText())
                .isEqualTo("disabled");
        http.put("/1/cards/" + last + "?closed=true");
        assertThat(http.post("/1/cards?idList=" + todo + "&name=eleventh").statusCode()).isEqualTo(200);
        assertThat(http.put("/1/cards/" + last + "?closed=false").statusCode()).isEqualTo(403);
    }

    // ---- actions

    @Test
    void aChangeOverTheApiIsByTheTokensMemberAndAChangeThroughTheControlByATeammate() {
        String me = http.getJson("/1/members/me").get("id").asText();
        String id = createCard("A").get("id").asText();

        trello.control().moveCard(id, "DONE");

        JsonNode actions = http.getJson("/1/boards/" + boardId + "/actions?filter=createCard,updateCard");
        JsonNode move = actions.get(0);
        assertThat(move.get("type").asText()).isEqualTo("updateCard");
        assertThat(move.get("idMemberCreator").asText()).isNotEqualTo(me);
        assertThat(move.at("/memberCreator/username").asText()).isEqualTo("alice");
        assertThat(actions.get(1).get("idMemberCreator").asText()).isEqualTo(me);
    }

    @Test
    void actionsRecordCreateUpdateMoveAndDeleteNewestFirst() {
        String id = createCard("A").get("id").asText();
        clock.advance(Duration.ofSeconds(1));
        http.put("/1/cards/" + id + "?name=B");
        http.put("/1/cards/" + id + "?idList=" + done);
        http.delete("/1/cards/" + id);

        JsonNode actions = http.getJson("/1/boards/" + boardId + "/actions?filter=createCard,updateCard,deleteCard");
        assertThat(actions).extracting(a -> a.get("type").asText())
                .containsExactly("deleteCard", "updateCard", "updateCard", "createCard");
        JsonNode create = actions.get(3);
        assertThat(create.at("/data/card/id").asText()).isEqualTo(id);
        assertThat(create.at("/data/list/name").asText()).isEqualTo("TODO");
        assertThat(create.at("/data/board/id").asText()).isEqualTo(boardId);
        assertThat(create.at("/memberCreator/username").asText()).isEqualTo("sandbox");
        assertThat(create.get("date").asText()).isEqualTo("2026-03-02T09:00:00.000Z");
        JsonNode rename = actions.get(2);
        assertThat(rename.at("/data/old/name").asText()).isEqualTo("A");
        assertThat(rename.at("/data/card/name").asText()).isEqualTo("B");
        JsonNode move = actions.get(1);
        assertThat(move.at("/data/old/idList").asText()).isEqualTo(todo);
        assertThat(move.at("/data/card/idList").asText()).isEqualTo(done);
        assertThat(move.at("/data/listBefore/name").asText()).isEqualTo("TODO");
        assertThat(move.at("/data/listAfter/name").asText()).isEqualTo("DONE");
        assertThat(actions.get(0).at("/data/card/id").asText()).isEqualTo(id);

        assertThat(http.getJson("/1/boards/" + boardId + "/actions?filter=updateCard:idList"))
                .singleElement().satisfies(a -> assertThat(a.get("id")).isEqualTo(move.get("id")));
    }

    @Test
    void actionsPollIncrementallyBySinceIdOrDateAndPage() {
        createCard("A");
        JsonNode latest = http.getJson("/1/boards/" + boardId + "/actions?limit=1").get(0);
        clock.advance(Duration.ofMinutes(1));
        createCard("B");
        createCard("C");
        JsonNode since = http.getJson("/1/boards/" + boardId + "/actions?since=" + latest.get("id").asText());
        assertThat(since).extracting(a -> a.at("/data/card/name").asText()).containsExactly("C", "B");
        JsonNode sinceDate = http.getJson("/1/boards/" + boardId + "/actions?since=2026-03-02T09:00:30Z");
        assertThat(sinceDate).hasSize(2);
        JsonNode before = http.getJson("/1/boards/" + boardId + "/actions?filter=createCard&before="
                + since.get(1).get("id").asText());
        assertThat(before).extracting(a -> a.at("/data/card/name").asText()).containsExactly("A");

        JsonNode page1 = http.getJson("/1/boards/" + boardId + "/actions?filter=createCard&limit=2&page=1");
        assertThat(page1).extracting(a -> a.at("/data/card/name").asText()).containsExactly("A");
        JsonNode idsOnly = http.getJson("/1/boards/" + boardId + "/actions?fields=type&memberCreator=false&limit=1");
        assertThat(idsOnly.get(0).properties()).extracting(e -> e.getKey()).containsExactly("id", "type");
        assertThat(http.get("/1/boards/" + boardId + "/actions?limit=1001").body()).isEqualTo("invalid value for limit");
        assertThat(http.get("/1/boards/" + boardId + "/actions?since=yesterday").body()).isEqualTo("invalid value for since");
        assertThat(http.getJson("/1/boards/" + boardId + "/actions?limit=0")).isEmpty();
    }

    // ---- rate limits, faults, counts

    @Test
    void tokenLimitAnswers429WithTrellosBodyAndHeaders() {
        startWith(TrelloConfig.defaults().withRateLimits(3, 10, Duration.ofSeconds(10)));
        HttpResponse<String> ok = http.get("/1/members/me");
        assertThat(ok.headers().firstValue("x-rate-limit-api-token-max")).hasValue("3");
        assertThat(ok.headers().firstValue("x-rate-limit-api-token-interval-ms")).hasValue("10000");
        assertThat(ok.headers().firstValue("x-rate-limit-api-token-remaining")).hasValue("2");
        assertThat(ok.headers().firstValue("x-rate-limit-api-key-remaining")).hasValue("9");
        http.get("/1/members/me");
        http.get("/1/members/me");
        HttpResponse<String> limited = http.get("/1/members/me");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(http.json(limited)).isEqualTo(TrelloHttp.JSON.createObjectNode()
                .put("error", "API_TOKEN_LIMIT_EXCEEDED").put("message", "Rate limit exceeded"));
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        assertThat(limited.headers().firstValue("x-rate-limit-api-token-remaining")).hasValue("0");
        clock.advance(Duration.ofSeconds(10));
        assertThat(http.get("/1/members/me").statusCode()).isEqualTo(200);
    }

    @Test
    void keyLimitAnswersApiKeyLimitExceeded() {
        startWith(TrelloConfig.defaults().withRateLimits(10, 2, Duration.ofSeconds(10)));
        http.get("/1/members/me");
        http.get("/1/members/me");
        HttpResponse<String> limited = http.get("/1/members/me");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(http.json(limited).get("error").asText()).isEqualTo("API_KEY_LIMIT_EXCEEDED");
    }

    @Test
    void injectedFaultsAnswerInTrellosStyle() {
        http.injectFault("SERVER_ERROR_500", "GET /1/members");
        http.injectFault("BAD_GATEWAY_502", "GET /1/members");
        http.injectFault("UNAVAILABLE_503", "GET /1/members");
        http.injectFault("RATE_LIMIT", "GET /1/members");
        HttpResponse<String> e500 = http.get("/1/members/me");
        assertThat(e500.statusCode()).isEqualTo(500);
        assertThat(e500.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        assertThat(http.get("/1/members/me").statusCode()).isEqualTo(502);
        assertThat(http.get("/1/members/me").statusCode()).isEqualTo(503);
        HttpResponse<String> limited = http.get("/1/members/me");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(http.json(limited).get("error").asText()).isEqualTo("API_TOKEN_LIMIT_EXCEEDED");
        assertThat(http.get("/1/members/me").statusCode()).isEqualTo(200);
    }

    @Test
    void droppedConnectionChangesNothingButALostResponseDoes() {
        http.injectFault("DROP_CONNECTION", "POST /1/cards");
        assertThatThrownBy(() -> http.post("/1/cards?idList=" + todo + "&name=dropped")).isInstanceOf(UncheckedIOException.class);
        http.injectFault("LOSE_RESPONSE", "POST /1/cards");
        assertThatThrownBy(() -> http.post("/1/cards?idList=" + todo + "&name=lost")).isInstanceOf(UncheckedIOException.class);
        assertThat(trello.control().cards(boardId)).extracting(TrelloControl.CardSnapshot::name).containsExactly("lost");
    }

    @Test
    void delayFaultHoldsTheAnswerBack() {
        trello.delayFaultMillis(300);
        http.injectFault("DELAY", "GET /1/members");
        long t0 = System.nanoTime();
        assertThat(http.get("/1/members/me").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aDelayedWriteIsAppliedAfterTheDelayAndListedAsLate() {
        trello.delayFaultMillis(300);
        http.injectFault("DELAY", "POST /1/cards");
        long sent = System.currentTimeMillis();
        createCard("Slow");
        JsonNode late = http.json(http.send("GET", "/_sandbox/late-writes", null, null));
        assertThat(late).hasSize(1);
        assertThat(late.at("/0/endpoint").asText()).isEqualTo("POST /1/cards");
        assertThat(late.at("/0/arrivedAt").asLong()).isGreaterThanOrEqualTo(sent);
        assertThat(late.at("/0/handledAt").asLong() - late.at("/0/arrivedAt").asLong()).isGreaterThanOrEqualTo(300);
        JsonNode requests = http.json(http.send("GET", "/_sandbox/requests", null, null));
        assertThat(requests.findValuesAsText("endpoint")).contains("POST /1/cards");
    }

    @Test
    void countsCallsPerEndpoint() {
        createCard("A");
        createCard("B");
        http.get("/1/boards/" + boardId + "/cards");
        assertThat(trello.calls()).containsEntry("POST /1/cards", 2).containsEntry("GET /1/boards/{id}/cards", 1);
        JsonNode calls = http.json(http.send("GET", "/_sandbox/calls", null, null));
        assertThat(calls.get("POST /1/cards").asInt()).isEqualTo(2);
    }

    // ---- determinism

    @Test
    void sameSeedAndClockGiveTheSameIds() {
        try (TrelloEmulator a = new TrelloEmulator(new MutableClock(START), 7);
             TrelloEmulator b = new TrelloEmulator(new MutableClock(START), 7);
             TrelloEmulator c = new TrelloEmulator(new MutableClock(START), 8)) {
            for (TrelloEmulator e : List.of(a, b, c)) {
                String board = e.control().defaultBoardId();
                e.control().createCard(board, "TODO", "Lead", "");
            }
            assertThat(ids(a)).isEqualTo(ids(b)).doesNotContainAnyElementsOf(ids(c));
        }
    }

    private static List<String> ids(TrelloEmulator e) {
        String board = e.control().defaultBoardId();
        List<String> out = new ArrayList<>(List.of(board, e.control().memberId()));
        e.control().lists(board).forEach(l -> out.add(l.id()));
        e.control().members(board).forEach(m -> out.add(m.id()));
        e.control().labels(board).forEach(l -> out.add(l.id()));
        e.control().cards(board).forEach(c -> out.add(c.id() + c.shortLink()));
        e.control().actions(board).forEach(a -> out.add(a.get("id").asText()));
        return out;
    }

    // ---- custom fields

    @Test
    void customFieldValuesAreSetReadAndCleared() {
        JsonNode fields = http.getJson("/1/boards/" + boardId + "/customFields");
        assertThat(fields).singleElement().satisfies(f -> {
            assertThat(f.get("name").asText()).isEqualTo("Airtable Record");
            assertThat(f.get("type").asText()).isEqualTo("text");
            assertThat(f.get("idModel").asText()).isEqualTo(boardId);
        });
        String field = fields.get(0).get("id").asText();
        String card = createCard("A").get("id").asText();
        HttpResponse<String> set = http.putJson("/1/cards/" + card + "/customField/" + field + "/item",
                "{\"value\":{\"text\":\"recABC123\"}}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonNode items = http.getJson("/1/cards/" + card + "/customFieldItems");
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.at("/value/text").asText()).isEqualTo("recABC123");
            assertThat(i.get("idCustomField").asText()).isEqualTo(field);
            assertThat(i.get("idModel").asText()).isEqualTo(card);
            assertThat(i.get("modelType").asText()).isEqualTo("card");
        });
        assertThat(http.getJson("/1/boards/" + boardId + "/cards?customFieldItems=true").get(0).at("/customFieldItems/0/value/text")
                .asText()).isEqualTo("recABC123");
        assertThat(trello.control().findCard(card).orElseThrow().customFields()).containsEntry("Airtable Record", "recABC123");
        assertThat(http.getJson("/1/boards/" + boardId + "/actions?limit=1").get(0).get("type").asText())
                .isEqualTo("updateCustomFieldItem");

        assertThat(http.putJson("/1/cards/" + card + "/customField/" + field + "/item", "{\"value\":{\"number\":\"4\"}}")
                .statusCode()).isEqualTo(400);
        http.putJson("/1/cards/" + card + "/customField/" + field + "/item", "{\"value\":\"\"}");
        assertThat(http.getJson("/1/cards/" + card + "/customFieldItems")).isEmpty();
    }

    @Test
    void customFieldsOfEveryTypeCanBeCreated() {
        JsonNode number = http.json(http.postJson("/1/customFields", "{\"idModel\":\"" + boardId
                + "\",\"modelType\":\"board\",\"name\":\"Deal size\",\"type\":\"number\",\"pos\":\"bottom\"}"));
        JsonNode list = http.json(http.postJson("/1/customFields", "{\"idModel\":\"" + boardId
                + "\",\"modelType\":\"board\",\"name\":\"Stage\",\"type\":\"list\",\"pos\":\"bottom\","
                + "\"options\":[{\"value\":{\"text\":\"Hot\"},\"color\":\"red\"},{\"value\":{\"text\":\"Cold\"}}]}"));
        String card = createCard("A").get("id").asText();
        assertThat(http.putJson("/1/cards/" + card + "/customField/" + number.get("id").asText() + "/item",
                "{\"value\":{\"number\":42}}").statusCode()).isEqualTo(200);
        String hot = list.at("/options/0/id").asText();
        assertThat(http.putJson("/1/cards/" + card + "/customField/" + list.get("id").asText() + "/item",
                "{\"idValue\":\"" + hot + "\"}").statusCode()).isEqualTo(200);
        JsonNode items = http.getJson("/1/cards/" + card + "/customFieldItems");
        assertThat(items.get(0).at("/value/number").asText()).isEqualTo("42");
        assertThat(items.get(1).get("idValue").asText()).isEqualTo(hot);
        assertThat(trello.control().findCard(card).orElseThrow().customFields()).containsEntry("Stage", "Hot");
        assertThat(http.postJson("/1/customFields", "{\"idModel\":\"" + boardId
                + "\",\"modelType\":\"board\",\"name\":\"X\",\"type\":\"colour\"}").body()).isEqualTo("invalid value for type");
    }

    /**
     * Trello's shape (Atlassian's custom-fields guide; TrelloDotNet): display holds only cardFront; name, a numeric pos
     * and a list field's options sit beside it. trello.js rejects a display.pos that is not a string.
     */
    @Test
    void customFieldDefinitionsHaveTrellosShape() {
        http.postJson("/1/customFields", "{\"idModel\":\"" + boardId + "\",\"modelType\":\"board\",\"name\":\"Stage\","
                + "\"type\":\"list\",\"pos\":\"bottom\",\"options\":[{\"value\":{\"text\":\"Hot\"}}]}");

        JsonNode fields = http.getJson("/1/boards/" + boardId + "/customFields");

        assertThat(fields).hasSize(2).allSatisfy(f -> {
            assertThat(f.get("display").properties()).extracting(e -> e.getKey()).containsExactly("cardFront");
            assertThat(f.at("/display/cardFront").isBoolean()).isTrue();
            assertThat(f.get("name").isTextual()).isTrue();
            assertThat(f.get("pos").isNumber()).isTrue();
            assertThat(f.get("type").isTextual()).isTrue();
        });
        JsonNode stage = fields.get(1);
        assertThat(stage.get("options")).singleElement().satisfies(o -> {
            assertThat(o.get("idCustomField").asText()).isEqualTo(stage.get("id").asText());
            assertThat(o.at("/value/text").asText()).isEqualTo("Hot");
            assertThat(o.get("color").asText()).isEqualTo("none");
            assertThat(o.get("pos").isNumber()).isTrue();
        });
    }

    @Test
    void theSeededCustomFieldIsOptional() {
        startWith(TrelloConfig.defaults().withSeedCustomField(false));
        assertThat(http.getJson("/1/boards/" + boardId + "/customFields")).isEmpty();
    }

    // ---- the Java API for tests and simulated people

    @Test
    void simulatedPeopleChangesAreRecordedLikeApiWrites() {
        TrelloControl people = trello.control();
        String id = people.createCard(boardId, "TODO", "Lead from a person", "notes").id();
        clock.advance(Duration.ofMinutes(1));
        people.renameCard(id, "Renamed");
        people.moveCard(id, "DONE");
        people.archiveCard(id);
        assertThat(people.findCard(id)).get().satisfies(c -> {
            assertThat(c.closed()).isTrue();
            assertThat(c.listName()).isEqualTo("DONE");
            assertThat(c.dateLastActivity()).isEqualTo(START.plusSeconds(60));
        });
        assertThat(http.getJson("/1/boards/" + boardId + "/cards")).isEmpty();
        people.unarchiveCard(id);
        assertThat(http.getJson("/1/boards/" + boardId + "/cards")).hasSize(1);
        people.deleteCard(id);
        assertThat(people.findCard(id)).isEmpty();
        assertThat(http.getJson("/1/boards/" + boardId + "/actions?filter=createCard,updateCard,deleteCard"))
                .extracting(a -> a.get("type").asText())
                .containsExactly("deleteCard", "updateCard", "updateCard", "updateCard", "updateCard", "createCard");
        String newBoard = people.createBoard("Second");
        String list = people.createList(newBoard, "Inbox");
        assertThat(people.lists(newBoard)).extracting(TrelloControl.ListSnapshot::id).containsExactly(list);
        assertThatThrownBy(() -> people.moveCard("0123456789abcdef01234567", "DONE")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsTenThousandCardsWhenTheBoardLimitAllows() {
        assertThatThrownBy(() -> trello.control().addCards(boardId, "TODO", 5_001, "Lead"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LIMIT_EXCEEDED");
        startWith(TrelloConfig.defaults().withOpenCardsPerBoard(20_000));
        assertThat(trello.control().addCards(boardId, "TODO", 10_000, "Lead")).isEqualTo(10_000);
        assertThat(http.getJson("/1/boards/" + boardId + "/cards?fields=id,name")).hasSize(10_000);
    }
}
