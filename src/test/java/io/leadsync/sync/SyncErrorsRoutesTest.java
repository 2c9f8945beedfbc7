package io.leadsync.sync;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.http.ApiException;
import io.leadsync.http.TransientApiException;
import io.leadsync.http.UncertainWriteException;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.DurableIdempotentRepository;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.sync.PushRoutesTest.FakeTracker;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failed change means (routes/sync-errors.camel.yaml), with the pair's own steps (a {@link SyncPair} whose
 * tracker is in memory) and the dead-letter route replaced by a mock in front of it: each kind of failure the API
 * classifier throws (ApiFailuresTest) ends where it should, and leaves the links and dead letters as the next cycle
 * needs them. The end-to-end fault tests (TrelloResilienceTest) keep one case per behaviour.
 */
class SyncErrorsRoutesTest extends CamelTestSupport {

    private static final String PAIR = "test";
    private static final long LEAD_EDITED = 2_000;

    @TempDir
    Path dir;

    private final FakeTracker tracker = new FakeTracker();
    private LinkStore links;
    private DeadLetterStore deadLetters;
    private DurableIdempotentRepository changeLog;
    private MockEndpoint deadLetterRoute;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return PushRoutesTest.quickRetries();
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        links = new LinkStore(dir.toString(), PAIR);
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        changeLog = new DurableIdempotentRepository(dir.toString(), 1000);
        // the failure steps use the links, the dead letters and the tracker's name; reading and deciding are not run
        SyncPair pair = new SyncPair(null, null, tracker, () -> {
        }, null, null, links, deadLetters, null, 0, 0, Clock.systemUTC());
        registry.bind("changeLog", changeLog);
        registry.bind(PAIR + "Sync", pair);
        registry.bind(PAIR + "ItemWrites", pair.itemWrites());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return PushRoutesTest.pushRoutes();
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    private void start() throws Exception {
        AdviceWith.adviceWith(context, "dead-letter", route -> route.weaveAddFirst().to("mock:dead-letter"));
        context.start();
        deadLetterRoute = getMockEndpoint("mock:dead-letter");
    }

    @AfterEach
    void closeLinks() {
        links.close();
    }

    /** Pushes one change as a cycle does: the pair named, and the tally the cycle's first step starts. */
    private void push(Change change) {
        template.send("direct:push-changes", exchange -> {
            exchange.getIn().setBody(List.of(change));
            exchange.setProperty("pair", PAIR);
            exchange.setProperty(PushTally.PROPERTY, new PushTally());
        });
    }

    /** A card for lead recB, in TODO: linked ahead (pending) by the route's first step. */
    private static CreateItem createForB() {
        return new CreateItem("recB", new ItemDraft("recB", "Babbage", "about Babbage [leadsync:recB]", "TODO"),
                new Link("recB", null, "NEW", "TODO", "Babbage", "about Babbage [leadsync:recB]", false, LEAD_EDITED, 0),
                LEAD_EDITED, "test|create|recB|" + LEAD_EDITED, "test card of lead recB: create in TODO");
    }

    /** Card 1 of lead recA, last synced in TODO; the move the cycle decided: to DONE. */
    private MoveItem moveAToDone() {
        Link linked = new Link("recA", "card1", "CONTACTED", "TODO", "Acme", "about Acme", false, 1_000, 1_000);
        links.put(linked);
        tracker.items.put("card1", cardA("TODO", 1_000));
        return new MoveItem("recA", "card1", new ItemChange(null, null, "DONE", null, "TODO"),
                linked.withStatus("QUALIFIED", LEAD_EDITED).withItemState("DONE", "Acme", "about Acme", 1_000),
                LEAD_EDITED, "test|move|recA|" + LEAD_EDITED, "test card card1 of lead recA: move to DONE");
    }

    private static TrackerItem cardA(String bucket, long modified) {
        return new TrackerItem("card1", "Acme", "about Acme", bucket, false, false, modified, "recA");
    }

    /** The dead letters as stored (one JSON object a line), read back as the next run would. */
    private List<String> deadLettersStored() throws IOException {
        Path file = dir.resolve("dead-letters.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void anUncertainCreateIsDeadLetteredAsMayOrMayNotHaveHappenedAndItsPendingLinkKept() throws Exception {
        start();
        deadLetterRoute.expectedMessageCount(0);
        tracker.failures.add(new UncertainWriteException("Trello POST /1/cards: 502 bad gateway (the service may "
                + "have applied it)", 502, "", null));
        CreateItem create = createForB();

        push(create);

        assertThat(tracker.calls).as("never repeated blindly").containsExactly("create for recB (failed)");
        assertThat(links.byRecord("recB").pending()).as("the next cycle looks for the card by its marker").isTrue();
        assertThat(deadLettersStored()).singleElement().asString()
                .contains("may or may not have happened", "502 bad gateway", "\"quarantined\":false");
        assertThat(deadLetters.isQuarantined(PAIR, "recB", LEAD_EDITED)).isFalse();
        assertThat(changeLog.contains(create.idempotencyKey())).isFalse();
        deadLetterRoute.assertIsSatisfied();
    }

    @Test
    void aChangedMeanwhileLeavesTheChangeForTheNextCycle() throws Exception {
        start();
        deadLetterRoute.expectedMessageCount(0);
        MoveItem move = moveAToDone();
        tracker.items.put("card1", cardA("DOING", 1_500)); // a person moved it after the cycle read it

        push(move);

        assertThat(tracker.calls).as("not written, not retried").containsExactly("fetch card1");
        assertThat(links.byRecord("recA").bucket()).as("the shadow is left as it was").isEqualTo("TODO");
        assertThat(deadLettersStored()).as("not a failure of the record").isEmpty();
        assertThat(changeLog.contains(move.idempotencyKey())).as("decided again next cycle").isFalse();
        deadLetterRoute.assertIsSatisfied();
    }

    @Test
    void aTransientFailureIsRedeliveredThenLeftForTheNextCycle() throws Exception {
        start();
        deadLetterRoute.expectedMessageCount(0);
        MoveItem move = moveAToDone();
        for (int i = 0; i < 4; i++) {
            tracker.failures.add(new TransientApiException("Trello PUT /1/cards/card1: 503 unavailable", 503, "", null));
        }

        push(move);

        assertThat(tracker.calls).as("sent once and redelivered leadsync.retry.attempts times, each after the guard")
                .containsExactly("fetch card1", "update card1 to DONE (failed)", "fetch card1",
                        "update card1 to DONE (failed)", "fetch card1", "update card1 to DONE (failed)",
                        "fetch card1", "update card1 to DONE (failed)");
        assertThat(deadLettersStored()).singleElement().asString()
                .contains("503 unavailable", "\"quarantined\":false");
        assertThat(deadLetters.isQuarantined(PAIR, "recA", LEAD_EDITED)).as("retried next cycle").isFalse();
        assertThat(changeLog.contains(move.idempotencyKey())).isFalse();
        deadLetterRoute.assertIsSatisfied();
    }

    @Test
    void aCreateThatCertainlyWasNotSentDropsItsPendingLinkAndIsRetriedNextCycle() throws Exception {
        start();
        for (int i = 0; i < 4; i++) {
            tracker.failures.add(new TransientApiException("Trello POST /1/cards: Connection refused", 0, "",
                    new ConnectException("Connection refused")));
        }

        push(createForB());

        assertThat(tracker.calls).hasSize(4);
        assertThat(links.byRecord("recB")).as("nothing to look for by marker").isNull();
        assertThat(deadLettersStored()).singleElement().asString().contains("\"quarantined\":false");
    }

    @Test
    void aRefusedChangeIsDeadLetteredAndQuarantinedUntilTheLeadChanges() throws Exception {
        start();
        MoveItem move = moveAToDone();
        tracker.failures.add(new ApiException("Trello PUT /1/cards/card1: 400 invalid value for idList", 400, "", null));
        deadLetterRoute.expectedBodiesReceived(move);

        push(move);

        deadLetterRoute.assertIsSatisfied();
        assertThat(tracker.calls).as("not retried").containsExactly("fetch card1", "update card1 to DONE (failed)");
        assertThat(deadLettersStored()).singleElement().asString()
                .contains("400 invalid value for idList", "\"quarantined\":true");
        assertThat(deadLetters.isQuarantined(PAIR, "recA", LEAD_EDITED)).isTrue();
        assertThat(new DeadLetterStore(dir.toString(), Clock.systemUTC()).isQuarantined(PAIR, "recA", LEAD_EDITED))
                .as("after a restart too").isTrue();
        assertThat(deadLetters.isQuarantined(PAIR, "recA", LEAD_EDITED + 1)).as("until the lead changes").isFalse();
        assertThat(changeLog.contains(move.idempotencyKey())).isFalse();
    }

    @Test
    void aRefusedCreateDropsItsPendingLink() throws Exception {
        start();
        tracker.failures.add(new ApiException("Trello POST /1/cards: 400 invalid value for name", 400, "", null));
        deadLetterRoute.expectedMessageCount(1);

        push(createForB());

        deadLetterRoute.assertIsSatisfied();
        assertThat(links.byRecord("recB")).isNull();
        assertThat(deadLetters.isQuarantined(PAIR, "recB", LEAD_EDITED)).isTrue();
    }
}
