package io.leadsync.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.leadsync.http.ApiCall;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.support.ScriptedApi;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The card reads (routes/trello-reads.camel.yaml) over the Trello API route whose HTTP step answers from a script:
 * what is pinned is which requests a read sends, and what it returns (items, complete or not, the next cursor).
 */
class TrelloReadsTest {

    private static final String ACTIONS = "GET /1/boards/b1/actions";
    private static final String CARDS = "GET /1/boards/b1/cards?fields=id,name,desc,idList,idBoard,closed,dateLastActivity";
    private static final String NEWEST_ACTION = ACTIONS + "?limit=1&fields=id,date";

    /** Each request sent after the board was found, in order: method, path and query. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** The body of the answer to the board's card actions since the cursor. */
    private String actionsSince = "[]";
    private CamelContext context;

    @BeforeEach
    void board() throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.trello.url", "http://trello.invalid");
        p.put("leadsync.trello.key", "key-test");
        p.put("leadsync.trello.token", "token-test");
        p.put("leadsync.trello.token-requests-per-window", "10000");
        p.put("leadsync.trello.key-requests-per-window", "10000");
        p.put("leadsync.trello.window", "10000");
        p.put("leadsync.trello.rate-limit-penalty", "10000");
        context = ScriptedApi.start("trello", p, e -> {
            String request = e.getIn().getHeader(Exchange.HTTP_METHOD) + " " + e.getIn().getHeader(Exchange.HTTP_PATH)
                    + "?" + e.getIn().getHeader(Exchange.HTTP_QUERY);
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getIn().setBody(answer(request));
            requests.add(request);
        }, c -> {
            TrelloTracker board = new TrelloTracker(new ApiCall(c, "trello"), "Leads");
            c.getRegistry().bind("trelloTracker", board);
        }, "trello-reads");
        StatusMapping mapping = new StatusMapping();
        mapping.getLeadToTracker().put("NEW", "TODO");
        mapping.getTrackerToLead().putAll(Map.of("TODO", "NEW", "DONE", "QUALIFIED"));
        context.getRegistry().lookupByNameAndType("trelloTracker", TrelloTracker.class).connect(PairMapping.ofStatuses(mapping));
        requests.clear();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private String answer(String request) {
        if (request.startsWith("GET /1/members/me/boards")) {
            return "[{\"id\":\"b1\",\"name\":\"Leads\",\"closed\":false}]";
        } else if (request.startsWith("GET /1/boards/b1/lists")) {
            return "[{\"id\":\"l1\",\"name\":\"TODO\"},{\"id\":\"l2\",\"name\":\"DONE\"}]";
        } else if (request.equals(NEWEST_ACTION)) {
            return "[{\"id\":\"a-newest\",\"date\":\"2026-11-30T10:00:00.000Z\"}]";
        } else if (request.startsWith(ACTIONS)) {
            return actionsSince;
        } else if (request.equals(CARDS)) {
            return "[" + card("c1", "l1") + "," + card("c2", "l2") + "]";
        }
        throw new IllegalStateException("not scripted: " + request);
    }

    private static String card(String id, String list) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"desc\":\"\",\"idList\":\"" + list
                + "\",\"idBoard\":\"b1\",\"closed\":false,\"dateLastActivity\":\"2026-11-30T09:00:00.000Z\"}";
    }

    /** {@code count} actions, newest first: card c1 moved to DONE, the newest action being a{count}. */
    private static String movesToDone(int count) {
        StringBuilder actions = new StringBuilder();
        for (int i = count; i >= 1; i--) {
            actions.append(actions.isEmpty() ? "" : ",").append("{\"id\":\"a").append(i)
                    .append("\",\"type\":\"updateCard\",\"date\":\"2026-11-30T09:30:00.000Z\",\"data\":{\"card\":")
                    .append("{\"id\":\"c1\",\"name\":\"c1\"},\"listAfter\":{\"id\":\"l2\"}}}");
        }
        return "[" + actions + "]";
    }

    private TrackerRead read(String route, String cursor, Function<String, TrackerItem> lastSynced) {
        Exchange done = context.createProducerTemplate().send(route, e -> {
            e.setProperty("pair", "trello"); // the cycle's pair: its board is the bean trelloTracker
            e.setProperty(WorkTracker.CURSOR, cursor);
            e.setProperty(WorkTracker.LAST_SYNCED, lastSynced);
        });
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(TrackerRead.class);
    }

    private static TrackerItem shadowOfC1(String id) {
        return "c1".equals(id) ? new TrackerItem("c1", "c1", "", "TODO", false, false, 0, "rec1") : null;
    }

    @Test
    void anIdleReadOfChangesIsOneRequestForTheActionsSinceTheCursor() {
        TrackerRead read = read("direct:trello-read-changes", "a0", TrelloReadsTest::shadowOfC1);

        assertThat(requests).containsExactly(ACTIONS + "?filter=createCard%2CupdateCard%2CdeleteCard%2C"
                + "moveCardFromBoard&since=a0&limit=1000&fields=id,type,date,data");
        assertThat(read.items()).isEmpty();
        assertThat(read.complete()).isFalse();
        assertThat(read.cursor()).as("unchanged").isEqualTo("a0");
    }

    @Test
    void aLinkedCardIsRebuiltFromItsActionsWithoutBeingReadBack() {
        actionsSince = movesToDone(2);

        TrackerRead read = read("direct:trello-read-changes", "a0", TrelloReadsTest::shadowOfC1);

        assertThat(requests).hasSize(1).allMatch(r -> r.startsWith(ACTIONS + "?filter="));
        assertThat(read.items()).singleElement().satisfies(c1 -> {
            assertThat(c1.bucket()).isEqualTo("DONE");
            assertThat(c1.recordId()).isEqualTo("rec1");
        });
        assertThat(read.complete()).isFalse();
        assertThat(read.cursor()).as("the newest action").isEqualTo("a2");
    }

    @Test
    void aFullWindowOfActionsReadsEveryOpenCardInstead() {
        actionsSince = movesToDone(1000);

        TrackerRead read = read("direct:trello-read-changes", "a0", TrelloReadsTest::shadowOfC1);

        assertThat(requests).hasSize(3).endsWith(NEWEST_ACTION, CARDS);
        assertThat(read.items()).extracting(TrackerItem::id, TrackerItem::bucket)
                .containsExactly(tuple("c1", "TODO"), tuple("c2", "DONE"));
        assertThat(read.complete()).isTrue();
        assertThat(read.cursor()).isEqualTo("a-newest");
    }

    @Test
    void withoutACursorAReadOfChangesReadsEveryOpenCard() {
        TrackerRead read = read("direct:trello-read-changes", null, TrelloReadsTest::shadowOfC1);

        assertThat(requests).containsExactly(NEWEST_ACTION, CARDS);
        assertThat(read.complete()).isTrue();
        assertThat(read.cursor()).isEqualTo("a-newest");
    }

    @Test
    void aFullReadAsksForTheNewestActionBeforeTheCards() {
        TrackerRead read = read("direct:trello-read-all", "a0", TrelloReadsTest::shadowOfC1);

        assertThat(requests).containsExactly(NEWEST_ACTION, CARDS);
        assertThat(read.items()).extracting(TrackerItem::id).containsExactly("c1", "c2");
        assertThat(read.complete()).isTrue();
        assertThat(read.cursor()).as("where the next read of changes starts").isEqualTo("a-newest");
    }
}
