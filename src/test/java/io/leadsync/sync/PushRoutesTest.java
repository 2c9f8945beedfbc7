package io.leadsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.change.UpdateContent;
import io.leadsync.change.WriteBackIds;
import io.leadsync.http.ApiException;
import io.leadsync.http.TransientApiException;
import io.leadsync.http.UncertainWriteException;
import io.leadsync.state.Link;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.state.StatusOrigins;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push routes of routes/sync-cycle.camel.yaml and their error handling on their own ({@link PushRoutesHarness}):
 * what each kind of change sends, its last-moment check, and what the routes tell the pair's steps.
 */
class PushRoutesTest extends PushRoutesHarness {

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

    @Test
    void aChangeWhoseRequestRouteWasStoppedUnderItIsLeftForTheNextCycleNotDeadLettered() throws Exception {
        // a forced stop (SIGTERM past its timeout, a crash in the tests) or a reload of the route's file stops the
        // route an exchange in flight was about to call: the stop's doing, not the record's
        context.getRouteController().stopRoute("trello-move-item");

        push(moveToDone());

        assertThat(outcomes.seen).singleElement().asString().startsWith("transientFailure " + KEY);
        assertThat(deadLetters.isQuarantined("trello", "recA", 2_000)).isFalse();
        assertThat(changeLog.contains(KEY)).as("tried again next cycle").isFalse();
    }

    /** Statuses for leads rec0..rec{n-1}, each linked and not to be checked again. */
    private SetLeadStatus statuses(int n) {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        List<Link> next = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fields.put("rec" + i, Map.of("Status", "QUALIFIED"));
            next.add(new Link("rec" + i, "card" + i, "QUALIFIED", "DONE", "Lead " + i, "", false, 2_000, 1_000));
        }
        Map<String, Map<String, String>> notChecked = new LinkedHashMap<>();
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
    void idsWrittenBackAreAPatchThatCanBeRepeatedNotACheckedWrite() {
        // nothing is checked before it: a long wait for the rate budget, or a 429, must not hand it back to be
        // "checked again" (three nodes sharing a base's budget stalled at 376 of 400 write-backs that way)
        push(new WriteBackIds("rec0", Map.of("rec0", Map.of("Trello Card", "card0")),
                WriteBackIds.KEY_PREFIX + PAIR + "|rec0", "the card id of 1 lead"));

        assertThat(patches).singleElement().asString().startsWith("PATCH /v0/" + BASE + "/Leads IDEMPOTENT_WRITE "
                + "{\"records\":[{\"id\":\"rec0\",\"fields\":{\"Trello Card\":\"card0\"}}]}");
        assertThat(outcomes.seen).containsExactly("applied " + WriteBackIds.KEY_PREFIX + PAIR + "|rec0");
    }

    @Test
    void aStatusThatLandedIsJournaledWithTheItemMoveThatCausedItForThePairsSharingTheTable() {
        push(statuses(2));

        // what another pair's cycle (and a restart) finds: who set QUALIFIED, from which card's move and when
        StatusOrigins.Origin origin = new StatusOriginJournal(dir.toString()).of("rec1", "QUALIFIED", 2_000);
        assertThat(origin).isNotNull();
        assertThat(origin.pair()).isEqualTo(PAIR);
        assertThat(origin.itemId()).isEqualTo("card1");
        assertThat(origin.bucket()).isEqualTo("DONE");
        assertThat(origin.at()).as("the card's move, not the write").isEqualTo(1_000);
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

    @Test
    void aTransientFailureCamelWrappedInTheRecordByRecordFallbackIsRetriedNotTakenForARefusal() {
        // campaign clickup:48's write-back: the batch refused for one record, then a record alone failed on a
        // dropped connection, which reached the catch wrapped (as a split wraps its part's failure)
        airtableFailures.add(new ApiException("Airtable PATCH: 422 INVALID_VALUE_FOR_COLUMN", 422, "", null));
        airtableFailures.add(new RuntimeCamelException(new TransientApiException(
                "Airtable PATCH: NoHttpResponseException", 0, "", null)));

        push(statuses(3));

        assertThat(deadLetters.isQuarantined("trello", "rec0", 2_000)).as("not a refusal").isFalse();
        assertThat(links.byRecord("rec0").status()).as("written when the change was retried").isEqualTo("QUALIFIED");
        assertThat(outcomes.seen).containsExactly("applied " + KEY);
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
    void aMappedValueTheBoardCannotTakeIsRefusedAndDeadLetteredNotRetried() throws Exception {
        MoveItem move = moveToDone();
        tracker.failures.add(new io.leadsync.tracker.FieldValueRefused("lead recA: Trello board 'Leads' has no label "
                + "'Cold' for field labels (it has: Hot); add it to the board or change the lead"));
        MockEndpoint deadLetters = getMockEndpoint("mock:dead-letter");
        deadLetters.expectedBodiesReceived(move);

        push(move);

        deadLetters.assertIsSatisfied();
        assertThat(tracker.calls).as("not retried").containsExactly("fetch card1", "update card1 to DONE (failed)");
        assertThat(outcomes.seen).singleElement().asString().startsWith("refused " + KEY + ": lead recA: Trello board");
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

    /**
     * Campaign seed clickup:48: a deleted lead's item, whose archive was sent once with no answer, changed since
     * (a person's move): the archive is still written. The lead is gone, so nothing is left to disagree with;
     * before, the write was dropped as "changed after an attempt" every cycle and the item stayed open.
     */
    @Test
    void aDeletedLeadsItemChangedAfterAnArchiveWithoutAnswerIsStillArchived() {
        Link linked = new Link("recA", "card1", "CONTACTED", "TODO", "Acme", "about Acme", false, 1_000, 1_000);
        links.put(linked);
        Link archived = linked.withItemState(null, "Acme", "about Acme", 1_000);
        links.putIntents(List.of(archived), true); // sent before; its answer never came
        tracker.items.put("card1", item("DOING", 1_500)); // a person moved it since
        ArchiveItem archive = new ArchiveItem("recA", "card1", new ItemChange(null, null, null, Boolean.TRUE, "DOING"),
                archived, true, 1_000, "test|archive-deleted|recA", "archive test item card1 of deleted lead recA");

        push(archive);

        assertThat(tracker.calls).containsExactly("fetch card1", "update card1 to null");
        assertThat(tracker.items.get("card1").closed()).isTrue();
        assertThat(links.byRecord("recA")).as("unlinked").isNull();
    }
}
