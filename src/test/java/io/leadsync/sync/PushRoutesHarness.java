package io.leadsync.sync;

import io.leadsync.state.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.airtable.AirtableClient;
import io.leadsync.airtable.AirtableRequests;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiException;
import io.leadsync.http.ApiFailures;
import io.leadsync.http.StopSignal;
import io.leadsync.mapping.PairMapping;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.WorkTracker;
import io.leadsync.trello.TrelloRequests;
import io.leadsync.trello.TrelloTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.spi.Registry;
import io.leadsync.cluster.Leadership;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push routes of routes/sync-cycle.camel.yaml and their error handling (sync-errors.camel.yaml) on their own,
 * for a pair named {@value #PAIR}: the changes go in as the split's body, the card writes go through Trello's write
 * routes (trello-writes.camel.yaml, from the template in tracker-writes) to the Trello API route, whose call is replaced by a board in memory
 * ({@link FakeTracker}); the last-moment reads go to that board directly, Airtable's API route is a table in memory
 * and the dead-letter route has a mock in front of it. No emulator and no timer. The pair's own steps are
 * {@link PairOutcomes} unless a test class binds others ({@link #bindPair}).
 */
abstract class PushRoutesHarness extends CamelTestSupport {

    static final String PAIR = "trello";
    static final String KEY = "test|change|recA|digest|2000";
    static final String BASE = "appTESTBASE000000";

    @TempDir
    Path dir;

    final FakeTracker tracker = new FakeTracker();
    final PairOutcomes outcomes = new PairOutcomes();
    LinkStore links;
    DeadLetterStore deadLetters;
    DurableIdempotentRepository changeLog;
    /** What reached direct:airtable-api: method, path and JSON body of each request. */
    final List<String> patches = Collections.synchronizedList(new ArrayList<>());
    /** Records Airtable refuses (422), and with them every batch they are in. */
    final Set<String> refusedRecords = ConcurrentHashMap.newKeySet();
    /** The records (a JSON array) a listing of leads gets: what the last-moment check of a lead write reads. */
    volatile String listedRecords = "[]";
    /** The table's schema (a JSON object) the meta API answers with. */
    volatile String tableSchema = "{\"id\":\"tblLeads\",\"name\":\"Leads\",\"fields\":[]}";
    /** The table, as the lead writes' last-moment check and the write requests use it. */
    AirtableClient table;
    /** Failures the next Airtable requests fail with, one each, before any record is looked at. */
    final List<RuntimeException> airtableFailures = Collections.synchronizedList(new ArrayList<>());
    private TrelloTracker board;

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
    protected CamelContext createCamelContext() throws Exception {
        CamelContext created = super.createCamelContext();
        // as application.properties sets it: a call to a stopped route fails at once instead of waiting for it
        created.getComponent("direct", DirectComponent.class).setBlock(false);
        return created;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        links = new LinkStore(dir.toString(), "test");
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        changeLog = new DurableIdempotentRepository(dir.toString(), 1000);
        registry.bind("changeLog", changeLog);
        registry.bind("stopSignal", new StopSignal());
        registry.bind("leadership", Leadership.alone("node-a"));
        bindPair(registry);
        board = new TrelloTracker(new ApiCall(context, "trello"), "Work Tracker");
        registry.bind(PAIR + "Requests", new TrelloRequests(board));
        table = new AirtableClient(new ApiCall(context, "airtable"), BASE, "Leads");
        registry.bind(PAIR + "TableRequests", new AirtableRequests(table));
        registry.bind("trelloLeadWrites", new LeadWrites(PAIR, table, new LeadSchema("Name", "Email", "Source",
                "Description", "Status", "Last Modified"), links, deadLetters, new SeenAtWrite(),
                new StatusOriginJournal(dir.toString()), new AuditLog(dir.toString(), Clock.systemUTC()), PAIR,
                Clock.systemUTC()));
    }

    /** The pair's steps ({@code trelloSync}) and its card writes ({@code trelloItemWrites}). */
    void bindPair(Registry registry) {
        registry.bind(PAIR + "Sync", outcomes);
        registry.bind(PAIR + "ItemWrites", new ItemWrites(PAIR, tracker, links, new SeenAtWrite(), id -> {
        }, new LateWrites(60_000), new AuditLog(dir.toString(), Clock.systemUTC()), Clock.systemUTC()));
    }

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
        board.connect(new PairMapping());
        tracker.sent.clear();
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                for (String file : List.of("api-errors", "service-api", "trello-api", "tracker-writes", "trello-writes", "airtable-api", "airtable-reads", "airtable-writes",
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

    /** Pushes the changes as a cycle does: the pair named, and the tally the cycle's first step starts. */
    void push(Change... changes) {
        template.send("direct:push-changes", exchange -> {
            exchange.getIn().setBody(List.of(changes));
            exchange.setProperty("pair", PAIR);
            exchange.setProperty("tracker", "trello");
            exchange.setProperty(PushTally.PROPERTY, new PushTally());
        });
    }

    /** Card 1 of lead recA, last synced in TODO; the move the cycle decided: to DONE. */
    MoveItem moveToDone() {
        Link linked = new Link("recA", "card1", "CONTACTED", "TODO", "Acme", "about Acme", false, 1_000, 1_000);
        links.put(linked);
        tracker.items.put("card1", item("TODO", 1_000));
        return new MoveItem("recA", "card1", new ItemChange(null, null, "DONE", null, "TODO"),
                linked.withStatus("QUALIFIED", 2_000).withItemState("DONE", "Acme", "about Acme", 1_000), 2_000, KEY,
                "test item card1 of lead recA: move to DONE");
    }

    static TrackerItem item(String bucket, long modified) {
        return new TrackerItem("card1", "Acme", "about Acme", bucket, false, false, modified, "recA");
    }

    /** Airtable's API route as a table in memory answers it: a PATCH lands unless it holds a refused record. */
    private void airtable(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        patches.add(in.getHeader(Exchange.HTTP_METHOD) + " " + in.getHeader(Exchange.HTTP_PATH) + " "
                + exchange.getProperty(ApiFailures.KIND) + " " + body);
        if (!airtableFailures.isEmpty()) {
            throw airtableFailures.remove(0);
        }
        if ("GET".equals(in.getHeader(Exchange.HTTP_METHOD))
                && in.getHeader(Exchange.HTTP_PATH, String.class).endsWith("/tables")) {
            in.setBody("{\"tables\":[" + tableSchema + "]}");
            return;
        }
        if ("GET".equals(in.getHeader(Exchange.HTTP_METHOD))) {
            in.setBody("{\"records\":" + listedRecords + "}");
            return;
        }
        for (String refused : refusedRecords) {
            if (body.contains("\"" + refused + "\"")) {
                throw new ApiException("Airtable PATCH: 422 INVALID_VALUE_FOR_COLUMN", 422, "", null);
            }
        }
        in.setBody("{\"records\":[]}");
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

    /**
     * A Trello board in memory, named as the pair: each create, fetch and update is logged in {@link #calls}, and
     * the next create or update fails with the queued failures first.
     */
    static final class FakeTracker implements WorkTracker {

        final Map<String, TrackerItem> items = new ConcurrentHashMap<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<RuntimeException> failures = new ArrayList<>();
        /** What reached direct:trello-api beyond start-up: method, path, kind and JSON body of each request. */
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        private static final Map<String, String> LISTS = Map.of("TODO", "list-todo", "DOING", "list-doing",
                "DONE", "list-done");
        private static final ObjectMapper JSON = new ObjectMapper();
        /** Runs after a queued failure is taken, before it is thrown: what happened while the answer was lost. */
        Runnable afterFailure = () -> {
        };

        @Override
        public String name() {
            return PAIR;
        }

        @Override
        public String describe() {
            return "test board";
        }

        @Override
        public void connect(PairMapping mapping) {
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
         * Trello's API route as the board in memory answers it: the board and its lists for start-up, each
         * POST /1/cards (a create, logged with the record of the change being pushed) and each PUT /1/cards/{id}.
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
            JsonNode card = JSON.readTree(body);
            if (request.equals("POST /1/cards")) {
                String recordId = exchange.getVariable("change", CreateItem.class).recordId();
                failNext("create for " + recordId);
                String itemId = "card" + (items.size() + 1);
                calls.add("create " + itemId + " for " + recordId);
                in.setBody(answered(new TrackerItem(itemId, card.get("name").asText(), card.get("desc").asText(),
                        listNamed(card.get("idList").asText()), false, false, 1_000, recordId)));
                return;
            }
            String itemId = request.substring("PUT /1/cards/".length());
            String bucket = card.has("idList") ? listNamed(card.get("idList").asText()) : null;
            failNext("update " + itemId + " to " + bucket);
            calls.add("update " + itemId + " to " + bucket);
            TrackerItem now = items.get(itemId);
            in.setBody(answered(new TrackerItem(itemId, card.path("name").asText(now.name()),
                    card.path("desc").asText(now.description()), bucket != null ? bucket : now.bucket(),
                    card.path("closed").asBoolean(now.closed()), false, now.modifiedAt() + 1, now.recordId())));
        }

        /** The next queued failure, if any, thrown for the request {@code call}, logged as failed. */
        private void failNext(String call) {
            if (!failures.isEmpty()) {
                calls.add(call + " (failed)");
                RuntimeException failure = failures.remove(0);
                afterFailure.run();
                throw failure;
            }
        }

        /** The card as the board keeps it now, in Trello's answer. */
        private String answered(TrackerItem item) throws Exception {
            items.put(item.id(), item);
            return JSON.writeValueAsString(Map.of("id", item.id(), "name", item.name(), "desc", item.description(),
                    "idList", LISTS.get(item.bucket()), "idBoard", "board1", "closed", item.closed(),
                    "dateLastActivity", Instant.ofEpochMilli(item.modifiedAt()).toString()));
        }
    }
}
