package io.leadsync.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.http.ApiException;
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
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push routes of routes/sync-cycle.camel.yaml and their error handling (sync-errors.camel.yaml) on their own:
 * the changes go in as the split's body, the card/task writes go to an in-memory tracker, no emulator and no timer.
 */
class PushRoutesTest extends CamelTestSupport {

    private static final String KEY = "test|change|recA|digest|2000";

    @TempDir
    Path dir;

    private final FakeTracker tracker = new FakeTracker();
    private final PairOutcomes outcomes = new PairOutcomes();
    private LinkStore links;
    private DeadLetterStore deadLetters;
    private DurableIdempotentRepository changeLog;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return quickRetries();
    }

    /** Three redeliveries of a transient failure, without the backoff these tests are not about. */
    static Properties quickRetries() {
        Properties p = new Properties();
        p.put("leadsync.retry.attempts", "3");
        p.put("leadsync.retry.delay", "1");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        links = new LinkStore(dir.toString(), "test");
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        changeLog = new DurableIdempotentRepository(dir.toString(), 1000);
        registry.bind("changeLog", changeLog);
        registry.bind("testSync", outcomes);
        registry.bind("testItemWrites", new ItemWrites(tracker, links, deadLetters, new SeenAtWrite(), id -> {
        }, Clock.systemUTC()));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return pushRoutes();
    }

    /** The push routes and their error handling, as the application loads them. */
    static RoutesBuilder pushRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() throws Exception {
                PluginHelper.getRoutesLoader(getContext()).loadRoutes(
                        ResourceHelper.resolveMandatoryResource(getContext(), "file:routes/sync-errors.camel.yaml"),
                        ResourceHelper.resolveMandatoryResource(getContext(), "file:routes/sync-cycle.camel.yaml"));
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
        template.sendBodyAndProperty("direct:push-changes", List.of(changes), "pair", "test");
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
        AdviceWith.adviceWith(context, "dead-letter", route -> route.weaveAddFirst().to("mock:dead-letter"));
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

    @Test
    void aMoveWhoseAnswerWasLostIsFoundLandedWhenRedeliveredAndWrittenOnce() {
        MoveItem move = moveToDone();
        tracker.failures.add(new TransientApiException("Trello PUT /1/cards/card1: Connection reset", 0, "", null));
        tracker.afterFailure = () -> tracker.items.put("card1", item("DONE", 1_100)); // it landed, the answer did not

        push(move);

        assertThat(tracker.calls).as("the journaled intent tells leadsync's own landed write from a person's move")
                .containsExactly("fetch card1", "update card1 to DONE (failed)", "fetch card1", "update card1 to DONE");
        assertThat(links.byRecord("recA").bucket()).isEqualTo("DONE");
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
    }

    @Test
    void aCreateWhoseCrossReferenceFailsIsAppliedOnceAndStaysLinkedByItsMarker() {
        CreateItem create = new CreateItem("recB", new ItemDraft("recB", "Babbage", "about Babbage", "TODO"),
                new Link("recB", null, "NEW", "TODO", "Babbage", "about Babbage", false, 2_000, 0), 2_000,
                "test|create|recB", "test card of lead recB: create in TODO");
        tracker.crossReferenceFailure = new TransientApiException("ClickUp POST /api/v2/task/card1/field/f1: 500",
                500, "", null);

        push(create);

        assertThat(tracker.calls).as("never sent a second time").containsExactly("create card1 for recB");
        assertThat(links.byRecord("recB").itemId()).isEqualTo("card1");
        assertThat(outcomes.seen).containsExactly("applied test|create|recB");
        assertThat(deadLetters.count()).as("the lost cross-reference is reported").isEqualTo(1);
        assertThat(deadLetters.isQuarantined("test", "recB", 2_000)).isFalse();
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

    /** Items in memory; each call is logged, and the next create or update fails with the queued failures first. */
    static final class FakeTracker implements WorkTracker {

        final Map<String, TrackerItem> items = new ConcurrentHashMap<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<ApiException> failures = new ArrayList<>();
        Runnable afterFailure = () -> {
        };
        ApiException crossReferenceFailure;

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
        public TrackerItem create(ItemDraft draft) {
            if (!failures.isEmpty()) {
                calls.add("create for " + draft.recordId() + " (failed)");
                ApiException failure = failures.remove(0);
                afterFailure.run();
                throw failure;
            }
            String id = "card" + (items.size() + 1);
            calls.add("create " + id + " for " + draft.recordId());
            TrackerItem created = new TrackerItem(id, draft.name(), draft.description(), draft.bucket(), false, false,
                    1_000, draft.recordId());
            items.put(id, created);
            return created;
        }

        @Override
        public void afterCreate(TrackerItem item, String recordId) {
            if (crossReferenceFailure != null) {
                throw crossReferenceFailure;
            }
        }

        @Override
        public TrackerItem fetch(String itemId) {
            calls.add("fetch " + itemId);
            return items.get(itemId);
        }

        @Override
        public TrackerItem update(String itemId, ItemChange change) {
            if (!failures.isEmpty()) {
                calls.add("update " + itemId + " to " + change.bucket() + " (failed)");
                ApiException failure = failures.remove(0);
                afterFailure.run();
                throw failure;
            }
            calls.add("update " + itemId + " to " + change.bucket());
            TrackerItem now = items.get(itemId);
            TrackerItem updated = new TrackerItem(itemId, now.name(), now.description(), change.bucket(), false, false,
                    now.modifiedAt() + 1, now.recordId());
            items.put(itemId, updated);
            return updated;
        }
    }
}
