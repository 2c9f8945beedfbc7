package io.leadsync.sync;

import io.leadsync.state.AuditLog;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.http.ApiException;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.http.TransientApiException;
import io.leadsync.http.UncertainWriteException;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.StateUnavailableException;
import io.leadsync.tracker.ItemDraft;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed change means (routes/sync-errors.camel.yaml), with the pair's own steps (a {@link SyncPair} whose
 * tracker is the board in memory of {@link PushRoutesHarness}) and the dead-letter route with a mock in front of it:
 * each kind of failure the API classifier throws (ApiFailuresTest) ends where it should, and leaves the links and
 * dead letters as the next cycle needs them. The end-to-end fault tests (TrelloResilienceTest) keep one case per
 * behaviour.
 */
class SyncErrorsRoutesTest extends PushRoutesHarness {

    private static final long LEAD_EDITED = 2_000;

    /**
     * The failure steps use the links, the dead letters and the tracker's name; reading and deciding are not run (the
     * planner is there for the writes of unknown outcome it keeps).
     */
    @Override
    void bindPair(Registry registry) {
        SyncPlanner planner = new SyncPlanner(PAIR, () -> PairMapping.ofStatuses(SyncPlannerTest.mapping()),
                new ItemTemplate("{Name}", SyncPlannerTest.SCHEMA), SyncPlannerTest.SCHEMA, SyncPolicy.defaults(),
                links, (p, record, modified) -> false, SyncPlannerTest.NO_ORIGINS, 60_000, () -> false,
                MatchRule.defaults());
        SyncPair pair = new SyncPair(PAIR, "trello", null, null, tracker, () -> {
        }, Set::of, planner, null, links, deadLetters, null, new AuditLog(dir.toString(), Clock.systemUTC()), null,
                0, 0, Clock.systemUTC());
        registry.bind(PAIR + "Sync", pair);
        registry.bind(PAIR + "ItemWrites", pair.itemWrites());
    }

    private MockEndpoint deadLetterRoute() {
        return getMockEndpoint("mock:dead-letter");
    }

    /** A card for lead recB, in TODO: linked ahead (pending) by the route's first step. */
    private static CreateItem createForB() {
        return new CreateItem("recB", new ItemDraft("recB", "Babbage", "about Babbage [leadsync:recB]", "TODO"),
                new Link("recB", null, "NEW", "TODO", "Babbage", "about Babbage [leadsync:recB]", false, LEAD_EDITED, 0),
                LEAD_EDITED, "test|create|recB|" + LEAD_EDITED, "test card of lead recB: create in TODO");
    }

    /** The dead letters as stored (one JSON object a line), read back as the next run would. */
    private List<String> deadLettersStored() throws IOException {
        Path file = dir.resolve("dead-letters.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void anUncertainCreateIsDeadLetteredAsMayOrMayNotHaveHappenedAndItsPendingLinkKept() throws Exception {
        deadLetterRoute().expectedMessageCount(0);
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
        deadLetterRoute().assertIsSatisfied();
    }

    /**
     * The state storage went away while a change was pushed (StateUnavailableException, thrown here where the
     * request goes out): the change is left for the next cycle, and so is every change after it in the batch, none
     * of them started, none dead-lettered (a change is never written without its state stored first).
     */
    @Test
    void aChangeWhoseStateCannotBeStoredStopsThePushWithNothingDeadLettered() throws Exception {
        deadLetterRoute().expectedMessageCount(0);
        MoveItem move = moveToDone();
        CreateItem create = createForB();
        tracker.failures.add(new StateUnavailableException("the state database cannot be reached", null));

        push(move, create);

        assertThat(tracker.calls).as("the create after it is not started")
                .containsExactly("fetch card1", "update card1 to DONE (failed)");
        assertThat(links.byRecord("recB")).as("not even linked ahead").isNull();
        assertThat(deadLettersStored()).as("not a failure of the record").isEmpty();
        assertThat(changeLog.contains(move.idempotencyKey())).isFalse();
        deadLetterRoute().assertIsSatisfied();
    }

    @Test
    void aChangedMeanwhileLeavesTheChangeForTheNextCycle() throws Exception {
        deadLetterRoute().expectedMessageCount(0);
        MoveItem move = moveToDone();
        tracker.items.put("card1", item("DOING", 1_500)); // a person moved it after the cycle read it

        push(move);

        assertThat(tracker.calls).as("not written, not retried").containsExactly("fetch card1");
        assertThat(links.byRecord("recA").bucket()).as("the shadow is left as it was").isEqualTo("TODO");
        assertThat(deadLettersStored()).as("not a failure of the record").isEmpty();
        assertThat(changeLog.contains(move.idempotencyKey())).as("decided again next cycle").isFalse();
        deadLetterRoute().assertIsSatisfied();
    }

    @Test
    void aTransientFailureIsRedeliveredThenLeftForTheNextCycle() throws Exception {
        deadLetterRoute().expectedMessageCount(0);
        MoveItem move = moveToDone();
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
        deadLetterRoute().assertIsSatisfied();
    }

    /**
     * Camel refuses a redelivery once leadsync is stopping ("Redelivery not allowed while stopping", e.g. a 429's
     * wait cut short): the change is left for the next run like any transient failure, never quarantined as if
     * the record were bad (campaign seed clickup:1006: the lead never got its task).
     */
    @Test
    void aChangeWhoseRedeliveryAStopRefusedIsLeftForTheNextRunNotQuarantined() throws Exception {
        deadLetterRoute().expectedMessageCount(0);
        MoveItem move = moveToDone();
        for (int i = 0; i < 4; i++) {
            tracker.failures.add(new RejectedExecutionException("Redelivery not allowed while stopping"));
        }

        push(move);

        assertThat(deadLettersStored()).singleElement().asString()
                .contains("Redelivery not allowed while stopping", "\"quarantined\":false");
        assertThat(deadLetters.isQuarantined(PAIR, "recA", LEAD_EDITED)).as("retried next cycle").isFalse();
        assertThat(changeLog.contains(move.idempotencyKey())).isFalse();
        deadLetterRoute().assertIsSatisfied();
    }

    @Test
    void aCreateThatCertainlyWasNotSentDropsItsPendingLinkAndIsRetriedNextCycle() throws Exception {
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
        MoveItem move = moveToDone();
        tracker.failures.add(new ApiException("Trello PUT /1/cards/card1: 400 invalid value for idList", 400, "", null));
        deadLetterRoute().expectedBodiesReceived(move);

        push(move);

        deadLetterRoute().assertIsSatisfied();
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
        tracker.failures.add(new ApiException("Trello POST /1/cards: 400 invalid value for name", 400, "", null));
        deadLetterRoute().expectedMessageCount(1);

        push(createForB());

        deadLetterRoute().assertIsSatisfied();
        assertThat(links.byRecord("recB")).isNull();
        assertThat(deadLetters.isQuarantined(PAIR, "recB", LEAD_EDITED)).isTrue();
    }
}
