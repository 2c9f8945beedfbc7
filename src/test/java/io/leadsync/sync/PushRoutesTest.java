package io.leadsync.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.change.ArchiveItem;
import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.AirtableRequests;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiException;
import io.leadsync.http.ApiFailures;
import io.leadsync.http.StopSignal;
import io.leadsync.http.UncertainWriteException;
import io.leadsync.http.TransientApiException;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import io.leadsync.trello.TrelloRequests;
import io.leadsync.trello.TrelloTracker;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push routes of routes/sync-cycle.camel.yaml and their error handling (sync-errors.camel.yaml) on their own:
 * the changes go in as the split's body, the card writes go through Trello's write routes (trello-writes.camel.yaml)
 * to the Trello API route, whose call is replaced by a board in memory; the last-moment reads go to that board
 * directly. No emulator and no timer.
 */
class PushRoutesTest extends CamelTestSupport {

    private static final String KEY = "test|change|recA|digest|2000";

    @TempDir
    Path dir;

    private final FakeTracker tracker = new FakeTracker();
    private final PairOutcomes outcomes = new PairOutcomes();
    private LinkStore links;
    private DurableIdempotentRepository changeLog;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("leadsync.retry.attempts", "3");
        p.put("leadsync.retry.delay", "1"); // the backoff is not what these tests are about
        p.put("leadsync.retry.read-attempts", "1");
        p.put("leadsync.retry.read-delay", "1");
        p.put("leadsync.retry.rate-limit-waits", "0");
        p.put("leadsync.trello.url", "http://trello.invalid");
        p.put("leadsync.trello.key", "key");
        p.put("leadsync.trello.token", "token");
        p.put("leadsync.trello.token-requests-per-window", "100");
        p.put("leadsync.trello.key-requests-per-window", "300");
        p.put("leadsync.trello.window", "10000");
        p.put("leadsync.trello.rate-limit-penalty", "10000");
        p.put("leadsync.airtable.url", "http://airtable.invalid");
        p.put("leadsync.airtable.token", "token");
        p.put("leadsync.airtable.requests-per-second", "5");
        p.put("leadsync.airtable.token-requests-per-second", "50");
        p.put("leadsync.airtable.rate-limit-penalty", "30000");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        links = new LinkStore(dir.toString(), "test");
        DeadLetterStore deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        changeLog = new DurableIdempotentRepository(dir.toString(), 1000);
        registry.bind("changeLog", changeLog);
        registry.bind("stopSignal", new StopSignal());
        registry.bind("trelloSync", outcomes);
        registry.bind("trelloItemWrites", new ItemWrites(tracker, links, deadLetters, new SeenAtWrite(), id -> {
        }, Clock.systemUTC()));
        board = new TrelloTracker(new ApiCall(context, "trello"), "Work Tracker");
        registry.bind("trelloRequests", new TrelloRequests(board));
        this.deadLetters = deadLetters;
        AirtableClient table = new AirtableClient(new ApiCall(context, "airtable"), BASE, "Leads");
        registry.bind("airtableRequests", new AirtableRequests(table));
        registry.bind("trelloLeadWrites", new LeadWrites("trello", table, new LeadSchema("Name", "Email", "Source",
                "Description", "Status", "Last Modified"), links, deadLetters, new SeenAtWrite()));
    }

    private static final String BASE = "appTESTBASE000000";
    private DeadLetterStore deadLetters;
    /** What reached direct:airtable-api: method, path and JSON body of each request. */
    private final List<String> patches = Collections.synchronizedList(new ArrayList<>());
    /** Records Airtable refuses (422), and with them every batch they are in. */
    private final Set<String> refusedRecords = ConcurrentHashMap.newKeySet();

    private TrelloTracker board;

    @Override
    public boolean isUseAdviceWith() {
        return true; // started once Trello's API route is replaced by the board in memory
    }

    @BeforeEach
    void replaceTrello() throws Exception {
        AdviceWith.adviceWith(context, "trello-api", route -> route.weaveByType(ToDefinition.class).replace()
                .process(tracker::answer));
        AdviceWith.adviceWith(context, "airtable-api", route -> route.weaveByType(ToDefinition.class).replace()
                .process(this::airtable));
        AdviceWith.adviceWith(context, "dead-letter", route -> route.weaveAddFirst().to("mock:dead-letter"));
        context.start();
        board.connect(new StatusMapping());
        tracker.sent.clear();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                for (String file : List.of("api-errors", "service-api", "trello-api", "trello-writes", "airtable-api", "airtable-writes",
                        "sync-errors", "sync-cycle")) {
                    PluginHelper.getRoutesLoader(getContext()).loadRoutes(
                            ResourceHelper.resolveMandatoryResource(getContext(), "file:routes/" + file + ".camel.yaml"));
                }
            }
        };
    }

    @AfterEach
    void closeLinks() {
        links.close();
    }

    /** Card 1 of lead recA, last synced in TODO; the move the cycle decided: to DONE. */
    private MoveItem moveToDone() {
        Link linked = new Link("recA", "card1", "CONTACTED", "TODO", "Acme", "about Acme", false, 1_000, 1_000);
        links.put(linked);
        tracker.items.put("card1", item("TODO", 1_000));
        return new MoveItem("recA", "card1", new ItemChange(null, null, "DONE", null, "TODO"),
                linked.withStatus("QUALIFIED", 2_000).withItemState("DONE", "Acme", "about Acme", 1_000), 2_000, KEY,
                "test item card1 of lead recA: move to DONE");
    }

    private static TrackerItem item(String bucket, long modified) {
        return new TrackerItem("card1", "Acme", "about Acme", bucket, false, false, modified, "recA");
    }

    private void push(Change... changes) {
        template.sendBodyAndProperty("direct:push-changes", List.of(changes), "pair", "trello");
    }

    @Test
    void aMoveReadsTheItemAgainThenWritesIt() {
        push(moveToDone());

        assertThat(tracker.calls).containsExactly("fetch card1", "update card1 to DONE");
        assertThat(links.byRecord("recA").bucket()).isEqualTo("DONE");
        assertThat(links.intent("recA")).as("settled by the shadow").isNull();
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
        assertThat(changeLog.contains(KEY)).isTrue();
    }

    @Test
    void aMoveIsOnePutOfTheCardWithItsNewListAfterTheGuard() {
        push(moveToDone());

        assertThat(tracker.calls).as("the guard's read, then the request").containsExactly("fetch card1",
                "update card1 to DONE");
        assertThat(tracker.sent).containsExactly("PUT /1/cards/card1 CHECKED_WRITE {\"idList\":\"list-done\"}");
    }

    @Test
    void anArchiveIsOnePutThatClosesTheCardAndAContentWriteOneThatNamesIt() {
        Link linked = new Link("recA", "card1", "CONTACTED", "TODO", "Acme", "about Acme", false, 1_000, 1_000);
        links.put(linked);
        tracker.items.put("card1", item("TODO", 1_000));
        ArchiveItem archive = new ArchiveItem("recA", "card1", new ItemChange(null, null, null, true, "TODO"),
                linked.withItemState(null, "Acme", "about Acme", 1_000), false, 2_000, KEY, "archive card1");
        UpdateContent rename = new UpdateContent("recB", "card2", new ItemChange("Acme Ltd", null, null, null, "TODO"),
                null, 2_000, KEY + "|rename", "rename card2");
        tracker.items.put("card2", new TrackerItem("card2", "Acme", "", "TODO", false, false, 1_000, null));

        push(archive, rename);

        assertThat(tracker.sent).containsExactly("PUT /1/cards/card1 CHECKED_WRITE {\"closed\":true}",
                "PUT /1/cards/card2 IDEMPOTENT_WRITE {\"name\":\"Acme Ltd\"}");
        assertThat(links.byRecord("recA").bucket()).as("archived").isNull();
    }

    @Test
    void aWriteToACardThatNoLongerExistsDetachesTheLink() {
        MoveItem move = moveToDone();
        tracker.failures.add(new ApiException("Trello PUT /1/cards/card1: 404 card not found", 404, "", null));

        push(move);

        assertThat(links.byRecord("recA").detached()).isTrue();
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    /** Statuses for leads rec0..rec{n-1}, each linked and not to be checked again. */
    private SetLeadStatus statuses(int n) {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        List<Link> next = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.put("rec" + i, Map.of("Status", "QUALIFIED"));
            next.add(new Link("rec" + i, "card" + i, "QUALIFIED", "DONE", "Lead " + i, "", false, 2_000, 1_000));
        }
        Map<String, String> notChecked = new LinkedHashMap<>();
        fields.keySet().forEach(id -> notChecked.put(id, null));
        return new SetLeadStatus("rec0", fields, next, notChecked, 2_000, KEY, "statuses of " + n + " leads");
    }

    @Test
    void tenStatusesAreOnePatchOfTenRecords() {
        push(statuses(10));

        assertThat(patches).singleElement().asString().startsWith("PATCH /v0/" + BASE + "/Leads CHECKED_WRITE "
                + "{\"records\":[{\"id\":\"rec0\",\"fields\":{\"Status\":\"QUALIFIED\"}},");
        assertThat(patches.get(0).split("\"id\"")).as("ten records").hasSize(11);
        assertThat(links.byRecord("rec9").status()).as("shadows recorded").isEqualTo("QUALIFIED");
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    @Test
    void aBatchRefusedForOneRecordIsWrittenRecordByRecordAndTheBadOneDeadLettered() {
        refusedRecords.add("rec1");

        push(statuses(3));

        assertThat(patches).as("the batch, then each record alone").hasSize(4);
        assertThat(links.byRecord("rec0").status()).isEqualTo("QUALIFIED");
        assertThat(links.byRecord("rec2").status()).isEqualTo("QUALIFIED");
        assertThat(links.byRecord("rec1")).as("not written, no shadow").isNull();
        assertThat(deadLetters.isQuarantined("trello", "rec1", 2_000)).isTrue();
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    /** Airtable's API route as a table in memory answers it: a PATCH lands unless it holds a refused record. */
    private void airtable(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        patches.add(in.getHeader(Exchange.HTTP_METHOD) + " " + in.getHeader(Exchange.HTTP_PATH) + " "
                + exchange.getProperty(ApiFailures.KIND) + " " + body);
        for (String refused : refusedRecords) {
            if (body.contains("\"" + refused + "\"")) {
                throw new ApiException("Airtable PATCH: 422 INVALID_VALUE_FOR_COLUMN", 422, "", null);
            }
        }
        in.setBody("{\"records\":[]}");
    }

    @Test
    void aCreateWhoseAnswerWasLostIsLeftUncertainNeverRepeated() {
        Link next = new Link("recN", null, "NEW", "TODO", "Newco", "about Newco", false, 2_000, 0);
        CreateItem create = new CreateItem("recN", new ItemDraft("recN", "Newco", "about Newco", "TODO"), next, 2_000,
                KEY, "create card for recN");
        tracker.failures.add(new UncertainWriteException("Trello POST /1/cards: connection reset", 0, "", null));

        push(create);

        assertThat(tracker.sent).as("one create, not repeated").containsExactly("POST /1/cards CREATE "
                + "{\"idList\":\"list-todo\",\"name\":\"Newco\",\"desc\":\"about Newco\",\"pos\":\"bottom\"}");
        assertThat(outcomes.seen).containsExactly("uncertainCreate " + KEY + ": Trello POST /1/cards: connection reset");
        assertThat(links.byRecord("recN").pending()).as("written ahead, found by its marker next cycle").isTrue();
    }

    @Test
    void aMoveIsDroppedWhenAPersonMovedTheItemSinceTheCycleReadIt() {
        MoveItem move = moveToDone();
        tracker.items.put("card1", item("DOING", 1_500));

        push(move);

        assertThat(tracker.calls).containsExactly("fetch card1");
        assertThat(outcomes.seen).singleElement().asString().startsWith("changedMeanwhile")
                .contains("was moved to 'DOING' after it was read");
        assertThat(links.byRecord("recA").bucket()).as("the shadow is left as it was").isEqualTo("TODO");
        assertThat(changeLog.contains(KEY)).as("decided again next cycle").isFalse();
    }

    @Test
    void aChangeWhoseKeyWasAppliedIsSkipped() {
        MoveItem move = moveToDone();
        push(move);
        tracker.calls.clear();

        push(move);

        assertThat(tracker.calls).isEmpty();
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    @Test
    void aRefusedChangeReachesTheDeadLetterRoute() throws Exception {
        MoveItem move = moveToDone();
        tracker.failures.add(new ApiException("Trello answered 400: invalid value for idList", 400, "", null));
        MockEndpoint deadLetters = getMockEndpoint("mock:dead-letter");
        deadLetters.expectedBodiesReceived(move);

        push(move);

        deadLetters.assertIsSatisfied();
        assertThat(tracker.calls).as("not retried").containsExactly("fetch card1", "update card1 to DONE (failed)");
        assertThat(outcomes.seen).containsExactly("refused " + KEY + ": Trello answered 400: invalid value for idList");
        assertThat(changeLog.contains(KEY)).isFalse();
    }

    @Test
    void aRedeliveredMoveReadsTheItemAgainBeforeItsWrite() {
        MoveItem move = moveToDone();
        tracker.failures.add(new TransientApiException("Trello answered 503", 503, "", null));

        push(move);

        assertThat(tracker.calls).containsExactly("fetch card1", "update card1 to DONE (failed)", "fetch card1",
                "update card1 to DONE");
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    @Test
    void aMoveRedeliveredAfterAPersonMovedTheItemIsDropped() {
        MoveItem move = moveToDone();
        tracker.failures.add(new TransientApiException("Trello answered 429", 429, "", null));
        tracker.afterFailure = () -> tracker.items.put("card1", item("DOING", 1_500)); // a person, during the wait

        push(move);

        assertThat(tracker.calls).containsExactly("fetch card1", "update card1 to DONE (failed)", "fetch card1");
        assertThat(outcomes.seen).singleElement().asString().startsWith("changedMeanwhile");
    }

    /** The pair's steps the routes call around a change: what they were told, in order. */
    public static final class PairOutcomes {

        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        public void applied(Change change, Exchange exchange) {
            exchange.setProperty(DurableIdempotentRepository.APPLIED, true);
            seen.add("applied " + change.idempotencyKey());
        }

        public List<Change> writeBacksReady() {
            return List.of();
        }

        public void notStarted(Change change) {
            seen.add("notStarted " + change.idempotencyKey());
        }

        public void uncertainCreate(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
            seen.add("uncertainCreate " + change.idempotencyKey() + ": " + cause.getMessage());
        }

        public void changedMeanwhile(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
            seen.add("changedMeanwhile " + change.idempotencyKey() + ": " + cause.getMessage());
        }

        public void transientFailure(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
            seen.add("transientFailure " + change.idempotencyKey() + ": " + cause.getMessage());
        }

        public void refused(Change change, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
            seen.add("refused " + change.idempotencyKey() + ": " + cause.getMessage());
        }
    }

    /** Items in memory; each call is logged, and the next update fails with the queued failures first. */
    static final class FakeTracker implements WorkTracker {

        final Map<String, TrackerItem> items = new ConcurrentHashMap<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<ApiException> failures = new ArrayList<>();
        /** What reached direct:trello-api beyond start-up: method, path, kind and JSON body of each request. */
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        private static final Map<String, String> LISTS = Map.of("TODO", "list-todo", "DOING", "list-doing",
                "DONE", "list-done");
        private static final ObjectMapper JSON = new ObjectMapper();
        Runnable afterFailure = () -> {
        };

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String describe() {
            return "test board";
        }

        @Override
        public void connect(StatusMapping mapping) {
        }

        @Override
        public TrackerRead readAll() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TrackerRead readChanges(String cursor) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TrackerItem> archived() {
            return List.of();
        }

        @Override
        public TrackerItem fetch(String itemId) {
            calls.add("fetch " + itemId);
            return items.get(itemId);
        }

        private static String listNamed(String listId) {
            return LISTS.entrySet().stream().filter(l -> l.getValue().equals(listId)).findFirst().orElseThrow()
                    .getKey();
        }

        /**
         * Trello's API route as the board in memory answers it: the board and its lists for start-up, and each
         * PUT /1/cards/{id}, which fails with the queued failures first (a POST, a create, with the first of them).
         */
        void answer(Exchange exchange) throws Exception {
            Message in = exchange.getMessage();
            String request = in.getHeader(Exchange.HTTP_METHOD, String.class) + " "
                    + in.getHeader(Exchange.HTTP_PATH, String.class);
            if (request.equals("GET /1/members/me/boards")) {
                in.setBody("[{\"id\":\"board1\",\"name\":\"Work Tracker\",\"closed\":false}]");
                return;
            }
            if (request.equals("GET /1/boards/board1/lists")) {
                in.setBody("[" + String.join(",", LISTS.entrySet().stream().map(l -> "{\"id\":\"" + l.getValue()
                        + "\",\"name\":\"" + l.getKey() + "\"}").toList()) + "]");
                return;
            }
            String body = in.getBody(String.class);
            sent.add(request + " " + exchange.getProperty(ApiFailures.KIND) + " " + body);
            if (request.equals("POST /1/cards")) {
                throw failures.remove(0); // only creates whose answer is lost are asked of this board
            }
            String itemId = request.substring("PUT /1/cards/".length());
            JsonNode change = JSON.readTree(body);
            String bucket = change.has("idList") ? listNamed(change.get("idList").asText()) : null;
            if (!failures.isEmpty()) {
                calls.add("update " + itemId + " to " + bucket + " (failed)");
                ApiException failure = failures.remove(0);
                afterFailure.run();
                throw failure;
            }
            calls.add("update " + itemId + " to " + bucket);
            TrackerItem now = items.get(itemId);
            boolean closed = change.path("closed").asBoolean(now.closed());
            TrackerItem updated = new TrackerItem(itemId, change.path("name").asText(now.name()),
                    change.path("desc").asText(now.description()), bucket != null ? bucket : now.bucket(), closed,
                    false, now.modifiedAt() + 1, now.recordId());
            items.put(itemId, updated);
            in.setBody("{\"id\":\"" + itemId + "\",\"name\":\"" + updated.name() + "\",\"desc\":\""
                    + updated.description() + "\",\"idList\":\"" + LISTS.get(updated.bucket()) + "\",\"idBoard\":\"board1\","
                    + "\"closed\":" + closed + ",\"dateLastActivity\":\"" + Instant.ofEpochMilli(updated.modifiedAt())
                    + "\"}");
        }
    }
}
