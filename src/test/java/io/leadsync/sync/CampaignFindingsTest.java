package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import io.leadsync.sandbox.EmulatorServer;
import io.leadsync.sandbox.Fault;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.LogCapture;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for what the fault campaign found (each names the seed that found it): content edits on
 * the card, a restored card, the two calls of a ClickUp create.
 */
class CampaignFindingsTest {

    @TempDir
    Path dataDir;
    Sandboxes sandboxes = new Sandboxes(41);
    LeadsyncRun app;

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.crash(); // the test is over: no graceful stop to wait for
        }
        sandboxes.close();
    }

    /**
     * Campaign seed trello:1: a card rename was kept, then silently reverted by the next read of the lead (the
     * shadow had taken the card's name, so Airtable's unchanged name looked like an Airtable edit).
     */
    @Test
    void aCardRenameIsKeptUntilAirtableChangesTheNameAndThenLosesARecordedConflict() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        startAndAwaitTheSeededCards();
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.control().renameCard(card, "Ada (VIP)");
        app.awaitCycles("trello", 3);
        app.restart(); // a full read sees the lead again
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada (VIP)");
        assertThat(sandboxes.trello.calls("PUT")).as("nothing pushed back").isZero();

        sandboxes.setLead(ada, "Email", "ada@lovelace.example"); // another field: the card's name stays
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).desc()).contains("Email: ada@lovelace.example"));
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada (VIP)");

        sandboxes.setLead(ada, "Name", "Ada King"); // the same field: Airtable wins, and the loss is recorded
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada King"));
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"name\",\"airtable\":\"Ada King\",\"tracker\":\"Ada (VIP)\"", "\"winner\":\"airtable\"");
    }

    /**
     * The same conflict when the card's rename was read cycles before the lead's rename (the incremental read that
     * sees the lead does not see the card again): it is still recorded, not taken for an Airtable-only edit.
     */
    @Test
    void aCardRenameReadCyclesBeforeTheLeadsRenameIsStillARecordedConflict() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        startAndAwaitTheSeededCards();
        sandboxes.trello.control().renameCard(sandboxes.cardOf(ada).id(), "Ada (VIP)");
        app.awaitCycles("trello", 3); // the rename is read and kept; later reads no longer show the card

        sandboxes.setLead(ada, "Name", "Ada King");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada King"));
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"name\",\"airtable\":\"Ada King\",\"tracker\":\"Ada (VIP)\"", "\"winner\":\"airtable\"");
    }

    /**
     * Campaign (ClickUp/Trello, restore op): the relinked link had no lead status yet and, with the lead not in
     * an incremental read, every cycle failed on it ("status 'null' is not in the mapping") until the next
     * full reconciliation, an hour later by default: nothing else synced meanwhile.
     */
    @Test
    void restoringACardRelinksItAndTheRestKeepsSyncing() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW -> TODO
        String alan = sandboxes.leadId("Alan Turing");
        startAndAwaitTheSeededCards(); // full reconciliation only at start-up (1 h default)
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.control().archiveCard(card);
        awaitAudit("item-archived", ada);
        sandboxes.trello.control().moveCard(card, "DONE"); // while archived: restored in DONE
        sandboxes.trello.control().unarchiveCard(card);
        awaitAudit("restored", ada);

        sandboxes.setLead(alan, "Status", "QUALIFIED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("DONE");
            assertThat(sandboxes.cardOf(ada).listName()).as("relinked: the lead's list wins").isEqualTo("TODO");
        });
        assertThat(sandboxes.status(ada)).isEqualTo("NEW");
    }

    /**
     * Campaign seeds clickup:5 and clickup:9: setting the "Airtable Record ID" field failed (5xx, lost
     * response), the route redelivered the whole create, and a second task was created for the lead. A create
     * carries the field itself now; the field is set apart only on tasks read without it (here: emptied while
     * leadsync was stopped), and failures there must not make a task either, nor wait for a read that happens to
     * show the task again (the incremental ones do not: the hourly full read would).
     */
    @Test
    void aFailureSettingTheRecordFieldAfterACreateNeverCreatesASecondTask() throws Exception {
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "clickup").start();
        await().atMost(Duration.ofSeconds(40)).until(() -> sandboxes.tasksByLead().size() == 10);
        app.stop();
        String field = sandboxes.clickup.airtableRecordIdFieldId().orElseThrow();
        sandboxes.clock.shift(Duration.ofSeconds(-10)); // emptied long before the restart: beyond the reads' overlap
        sandboxes.clickup.tasks().forEach(t -> sandboxes.clickup.setCustomField(t.id(), field, null));
        sandboxes.clock.shift(Duration.ofSeconds(10));
        sandboxes.clickup.faults().inject(Fault.BAD_GATEWAY_502, 8, "POST /api/v2/task/"); // some fail twice
        sandboxes.clickup.faults().inject(Fault.LOSE_RESPONSE, 4, "POST /api/v2/task/");
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "clickup").start();
        await().atMost(Duration.ofSeconds(40)).until(() -> sandboxes.clickup.tasks().stream()
                .allMatch(t -> t.customFieldText(field) != null));
        app.awaitCycles("clickup", 3);
        Map<String, Long> tasksPerLead = sandboxes.clickup.tasks().stream()
                .collect(Collectors.groupingBy(t -> Sandboxes.recordIdIn(t.description()), Collectors.counting()));
        assertThat(tasksPerLead).hasSize(10).allSatisfy((lead, count) -> assertThat(count).as(lead).isEqualTo(1));
        assertThat(sandboxes.clickup.faults().injected()).containsEntry(Fault.BAD_GATEWAY_502, 8);
    }

    /**
     * Campaign seeds trello:1001 and clickup:1006: a create's answer was lost; before the next cycle found the
     * card by its marker, a person moved it. Adopting the card let the lead's side win, so the move was undone
     * without a trace.
     */
    @Test
    void aPersonsMoveOfACardWhoseCreateAnswerWasLostIsKept() throws Exception {
        startAndAwaitTheSeededCards();
        sandboxes.trello.faults().inject(Fault.LOSE_RESPONSE, 1, "POST /1/cards");
        String hedy = sandboxes.addLead("Hedy Lamarr", "NEW");
        awaitInjected(sandboxes.trello, Fault.LOSE_RESPONSE);
        holdReads();
        sandboxes.trello.control().moveCard(sandboxes.cardOf(hedy).id(), "DONE");
        releaseReads();
        await().atMost(Duration.ofSeconds(20)).until(() -> "QUALIFIED".equals(sandboxes.status(hedy)));
        assertThat(sandboxes.cardOf(hedy).listName()).isEqualTo("DONE");
    }

    /**
     * Campaign seed clickup:1006: the sync's own move landed but its answer was lost; a person then changed the
     * lead's status back. The next cycle took the sync's move for a person's and wrote its status over the
     * person's edit.
     */
    @Test
    void theSyncsOwnMoveWhoseAnswerWasLostIsNotTakenForAPersonsMove() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheSeededCards();
        sandboxes.trello.faults().inject(Fault.LOSE_RESPONSE, 100, "PUT /1/cards"); // more than all retries
        sandboxes.setLead(ada, "Status", "QUALIFIED");
        Path deadLetters = dataDir.resolve("dead-letters.jsonl");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(() ->
                Files.exists(deadLetters) && Files.readString(deadLetters).contains(ada));
        holdReads();
        assertThat(sandboxes.cardOf(ada).listName()).as("the move landed").isEqualTo("DONE");
        sandboxes.setLead(ada, "Status", "NEW");
        releaseReads();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("TODO"));
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.status(ada)).isEqualTo("NEW");
    }

    /**
     * Campaign seed clickup:4: a rename of the card and a status write to the lead were planned together; the
     * rename failed, the status write landed and stored the shadow of both, so the rename was never retried.
     */
    @Test
    void aFailedRenameIsRetriedEvenWhenTheStatusWriteOfTheSameCycleLanded() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheSeededCards();
        holdReads();
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE");
        sandboxes.setLead(ada, "Name", "Ada King");
        sandboxes.trello.faults().inject(Fault.BAD_GATEWAY_502, 10_000, "PUT /1/cards");
        sandboxes.airtable.faults().clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> "QUALIFIED".equals(sandboxes.status(ada)));
        sandboxes.trello.faults().clear();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada King"));
    }

    /**
     * Campaign seed clickup:12: both sides changed, the task's move won (latest), but its status is outside the
     * mapping; the shadow kept the lead's old status, so the next cycle took the lead's change as new and moved
     * the task back, undoing the winner's edit.
     */
    @Test
    void aMoveOutsideTheMappingThatWinsAConflictStays(@TempDir Path routes) throws Exception {
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, in progress
        // "to do" is taken out of the mapping's way back (the shipped one maps every status back)
        RoutesCopy.of(routes).replace("clickup.camel.yaml", "          to do: NEW\n", "");
        app = new LeadsyncRun(sandboxes, dataDir).with("leadsync.trackers", "clickup")
                .with("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml").start();
        // the task ids written back too: a write-back landing after the edits below would make the lead the later one
        await().atMost(Duration.ofSeconds(30)).until(() -> sandboxes.tasksByLead().size() == 10
                && sandboxes.leads().stream().allMatch(l -> l.field("ClickUp Task ID") != null));
        holdReads();
        sandboxes.setLead(alan, "Status", "QUALIFIED");
        sandboxes.clock.shift(Duration.ofMillis(1_100)); // modification times may have whole seconds
        sandboxes.clickup.setStatus(sandboxes.taskOf(alan).id(), "to do"); // later: the task wins
        releaseReads();
        Path deadLetters = dataDir.resolve("dead-letters.jsonl");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(deadLetters)
                && Files.readString(deadLetters).contains("'to do', which is not in the clickup mapping"));
        app.awaitCycles("clickup", 5);
        assertThat(sandboxes.taskOf(alan).status()).isEqualTo("to do");
        assertThat(sandboxes.status(alan)).isEqualTo("QUALIFIED");
    }

    /**
     * Campaign seed trello:9: a status write to the lead failed; its intent held the card's list as read, and
     * the next cycle took that list for proof that the write had landed, then moved the card back over the
     * person's move.
     */
    @Test
    void aStatusWriteThatFailedIsNotTakenAsLandedFromTheCardsList() throws Exception {
        String donald = sandboxes.leadId("Donald Knuth"); // QUALIFIED, DONE
        startAndAwaitTheSeededCards();
        sandboxes.airtable.faults().inject(Fault.UNAVAILABLE_503, 10_000, "PATCH");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(donald).id(), "TODO");
        Path deadLetters = dataDir.resolve("dead-letters.jsonl");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(deadLetters)
                && Files.readString(deadLetters).contains(donald));
        app.awaitCycles("trello", 3);
        sandboxes.airtable.faults().clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> "CONTACTED".equals(sandboxes.status(donald)));
        assertThat(sandboxes.cardOf(donald).listName()).isEqualTo("TODO");
    }

    /**
     * Campaign seeds clickup:6 and clickup:26: a card moved by a person and the lead renamed in Airtable, seen in
     * one cycle: the rename landed, the status write failed, and the rename's shadow took the card's new list
     * along, so the move was never mirrored.
     */
    @Test
    void aMoveSeenWithARenameIsMirroredEvenWhenOnlyTheRenameLanded() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        app = new LeadsyncRun(sandboxes, dataDir).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.lead("Ada Lovelace").field("Trello Card") != null);
        app.awaitCycles("trello", 2); // the card ids are written back: the next PATCH is the status write
        sandboxes.airtable.faults().inject(Fault.UNAVAILABLE_503, 8, "PATCH");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE");
        sandboxes.setLead(ada, "Name", "Ada King");
        // a bound, not a wait: eight refused writes and their back-offs (1 s, 2 s, ...) take a while on a busy machine
        await().atMost(Duration.ofSeconds(90)).until(() -> "QUALIFIED".equals(sandboxes.status(ada)));
        assertThat(sandboxes.cardOf(ada).name()).isEqualTo("Ada King");
        assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("DONE");
    }

    /**
     * Campaign seeds trello:25 and trello:37: a create's answer was lost and a person archived the new card
     * before leadsync found it; only open cards were searched for the marker, so a second card was created.
     */
    @Test
    void aNewCardArchivedBeforeItWasLinkedIsNotCreatedAgain() throws Exception {
        startAndAwaitTheSeededCards();
        sandboxes.trello.faults().inject(Fault.LOSE_RESPONSE, 1, "POST /1/cards");
        String hedy = sandboxes.addLead("Hedy Lamarr", "NEW");
        awaitInjected(sandboxes.trello, Fault.LOSE_RESPONSE); // counted before the card is stored:
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2))
                .until(() -> sandboxes.openCardsByLead().containsKey(hedy)); // archived before a cycle reads it
        sandboxes.trello.control().archiveCard(sandboxes.cardOf(hedy).id());
        sandboxes.clock.shift(Duration.ofSeconds(5)); // past leadsync.uncertain-create-wait (4 s in tests)
        app.awaitCycles("trello", 5);
        assertThat(sandboxes.trello.control().cards(sandboxes.boardId())).filteredOn(c -> c.desc().contains(hedy))
                .as("cards ever created for the lead").hasSize(1).allSatisfy(c -> assertThat(c.closed()).isTrue());
    }

    /**
     * Campaign seed trello:71: a create was stuck in a slow service when its lead was deleted; the pending link
     * was forgotten at once, and the card that landed a moment later stayed open for good.
     */
    @Test
    void aCardWhoseCreateWasStuckIsArchivedWhenItsLeadWasDeletedMeanwhile() throws Exception {
        startAndAwaitTheSeededCards();
        sandboxes.trello.faults().inject(Fault.DELAY, 1, "POST /1/cards");
        String hedy = sandboxes.addLead("Hedy Lamarr", "NEW");
        awaitInjected(sandboxes.trello, Fault.DELAY);
        sandboxes.airtable.deleteRecord(Sandboxes.BASE, Sandboxes.TABLE, hedy);
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.trello.control().cards(sandboxes.boardId())
                .stream().anyMatch(c -> c.desc().contains(hedy))); // the stuck create lands
        await().atMost(Duration.ofSeconds(20)).until(() -> !sandboxes.openCardsByLead().containsKey(hedy));
        app.awaitCycles("trello", 5);
        assertThat(sandboxes.openCardsByLead()).doesNotContainKey(hedy);
    }

    /**
     * Campaign seed trello:95: leadsync archived the card of a lead set to LOST, but the answer was lost; the
     * next full read missed the card among the open ones, took it for archived by a person and unlinked the
     * lead, so the lead never got its card back when it was revived.
     */
    @Test
    void aCardTheSyncArchivedIsNotTakenForAPersonsArchiveWhenTheAnswerWasLost() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        startAndAwaitTheSeededCards();
        sandboxes.trello.faults().inject(Fault.LOSE_RESPONSE, 100, "PUT /1/cards");
        sandboxes.setLead(ada, "Status", "LOST");
        Path deadLetters = dataDir.resolve("dead-letters.jsonl");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(() ->
                Files.exists(deadLetters) && Files.readString(deadLetters).contains(ada));
        app.crash(); // before any cycle could read the archived card
        sandboxes.trello.faults().clear();
        sandboxes.setLead(ada, "Status", "NEW"); // revived while the sync was down
        app.start(); // a full read: the card is not among the open ones
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sandboxes.cardOf(ada).listName()).isEqualTo("TODO"));
    }

    /**
     * Campaign seeds trello:83, 165, 193, clickup:168: a cycle read a card's move, and before it wrote the
     * lead's new status a person set another status in Airtable; the write overwrote the person's edit and
     * no conflict was ever seen. Here the cycle's Trello read is slowed down (a 3 s delay, a 1.5 s timeout and
     * a retry) to open that window wide.
     */
    @Test
    void aStatusEditedAfterTheCycleReadItIsNotOverwritten() throws Exception {
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED, TODO
        app = new LeadsyncRun(sandboxes, dataDir).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.lead("Alan Turing").field("Trello Card") != null);
        app.awaitCycles("trello", 2);
        sandboxes.trello.faults().inject(Fault.DELAY, 1, "GET /1/boards/{id}/actions");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(alan).id(), "DONE");
        awaitInjected(sandboxes.trello, Fault.DELAY);
        sandboxes.clock.shift(Duration.ofMillis(300));
        sandboxes.setLead(alan, "Status", "NEW"); // after the cycle read the lead, before it writes
        app.awaitCycles("trello", 6);
        String status = sandboxes.status(alan);
        assertThat(status).as("the person's NEW was kept or lost a recorded conflict").satisfiesAnyOf(
                s -> assertThat(s).isEqualTo("NEW"),
                s -> assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains(alan, "conflict"));
        assertThat(sandboxes.cardOf(alan).listName()).isEqualTo("NEW".equals(status) ? "TODO" : "DONE");
    }

    /**
     * Campaign seeds clickup:20 and clickup:36: a card moved by a person and its lead deleted in Airtable before
     * a cycle read either. The status write for the move found the lead gone and was retried forever, and the
     * archive of the deleted lead's card, planned from the card's old list, was dropped as "moved meanwhile" at
     * every full read: the card stayed open for good.
     */
    @Test
    void aMovedCardWhoseLeadWasDeletedIsArchivedWithoutWaitingForTheHourlyReconciliation() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheSeededCards();
        app.awaitCycles("trello", 2);
        String card = sandboxes.cardOf(ada).id();
        try (LogCapture log = LogCapture.start()) {
            holdReads();
            sandboxes.trello.control().moveCard(card, "DONE");
            sandboxes.airtable.deleteRecord(Sandboxes.BASE, Sandboxes.TABLE, ada);
            releaseReads();
            await().atMost(Duration.ofSeconds(20)).until(() -> !sandboxes.openCardsByLead().containsKey(ada));
            awaitAudit("lead-deleted", ada);
            app.awaitCycles("trello", 3);
            assertThat(log.text()).as("a deleted lead is not taken for an edited one")
                    .doesNotContain("lead(s) [" + ada + "] edited since")
                    .contains("lead(s) [" + ada + "] deleted in Airtable since this cycle read them");
        }
    }

    /**
     * Campaign seed trello:43: a card move whose answer was lost had landed; a person moved the card back before
     * the redelivery, which found the card where the cycle had read it and moved it again: the person's move was
     * undone without a trace. Now the changed card puts the move in doubt, and the status policy decides it
     * (latest-wins: the person's later move), with an audited conflict.
     */
    @Test
    void aPersonsMoveBackAfterAMoveWhoseAnswerWasLostIsNotUndone() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheIdsWrittenBack(new LeadsyncRun(sandboxes, dataDir).with("leadsync.retry.delay", "2000"));
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.faults().inject(Fault.LOSE_RESPONSE, 1, "PUT /1/cards");
        sandboxes.setLead(ada, "Status", "QUALIFIED"); // the sync moves the card to DONE; the answer is lost
        awaitInjected(sandboxes.trello, Fault.LOSE_RESPONSE);
        // the fault is drawn before the emulator applies the move: landed a moment later
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2))
                .until(() -> "DONE".equals(sandboxes.cardOf(ada).listName()));
        sandboxes.trello.control().moveCard(card, "TODO"); // a person moves it back before the redelivery
        awaitAudit("conflict", ada);
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.cardOf(ada).listName()).as("the person's later move is kept").isEqualTo("TODO");
        assertThat(sandboxes.status(ada)).as("and the lead follows it").isIn("NEW", "CONTACTED");
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"status\"", "after a write of unknown outcome", "\"winner\":\"tracker\"");
    }

    /** The same on the Airtable side: a status write whose answer was lost, and a person who sets the old status back. */
    @Test
    void aPersonsStatusBackAfterAStatusWriteWhoseAnswerWasLostIsNotUndone() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheIdsWrittenBack(new LeadsyncRun(sandboxes, dataDir).with("leadsync.retry.delay", "2000"));
        sandboxes.airtable.faults().inject(Fault.LOSE_RESPONSE, 1, "PATCH");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE"); // the sync writes QUALIFIED
        awaitInjected(sandboxes.airtable, Fault.LOSE_RESPONSE);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(2))
                .until(() -> "QUALIFIED".equals(sandboxes.status(ada))); // applied just after the fault is drawn
        sandboxes.setLead(ada, "Status", "NEW"); // a person sets it back before the redelivery
        awaitAudit("conflict", ada);
        app.awaitCycles("trello", 4);
        assertThat(sandboxes.status(ada)).as("the person's later edit is kept").isEqualTo("NEW");
        assertThat(sandboxes.cardOf(ada).listName()).as("and the card follows it").isEqualTo("TODO");
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"status\"", "after a write of unknown outcome", "\"winner\":\"airtable\"");
    }

    /**
     * Campaign seed clickup:30: a status write was checked against the lead, refused with a 429, and sent again
     * after the wait; a person had set another status during the wait, and the resent write overwrote it.
     */
    @Test
    void aStatusEditMadeWhileAWriteWaitsOutA429IsNotOverwritten() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheIdsWrittenBack(new LeadsyncRun(sandboxes, dataDir)
                .with("leadsync.airtable.rate-limit-penalty", "2000"));
        sandboxes.airtable.faults().inject(Fault.RATE_LIMIT, 1, "PATCH");
        sandboxes.trello.control().moveCard(sandboxes.cardOf(ada).id(), "DONE"); // the sync writes QUALIFIED
        awaitInjected(sandboxes.airtable, Fault.RATE_LIMIT);
        sandboxes.setLead(ada, "Status", "LOST"); // during the wait
        await().atMost(Duration.ofSeconds(20)).until(() -> !sandboxes.openCardsByLead().containsKey(ada));
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.status(ada)).as("the person's later edit wins (latest-wins)").isEqualTo("LOST");
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + ada
                + "\",\"field\":\"status\"", "\"winner\":\"airtable\"");
    }

    /**
     * Campaign seed trello:143: a cycle read the lead's new status, then, while its Trello read was slow, the
     * lead was set to LOST and a person moved the card to the list of the status the cycle had read. The two
     * reads seemed to agree, the move was buried in the shadow, and the next cycle archived the card for LOST:
     * the person's later move was lost without a conflict.
     */
    @Test
    void aMoveMadeAfterTheLeadWasReadIsNotTakenForAgreementWithWhatWasRead() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheIdsWrittenBack(new LeadsyncRun(sandboxes, dataDir));
        String card = sandboxes.cardOf(ada).id();
        holdReads();
        sandboxes.setLead(ada, "Status", "QUALIFIED"); // the next cycle reads this, then waits on Trello
        sandboxes.trello.faults().inject(Fault.DELAY, 1, "GET /1/boards/{id}/actions");
        sandboxes.airtable.faults().clear();
        awaitInjected(sandboxes.trello, Fault.DELAY);
        sandboxes.setLead(ada, "Status", "LOST");
        sandboxes.clock.shift(Duration.ofMillis(20));
        sandboxes.trello.control().moveCard(card, "DONE"); // after LOST: latest-wins keeps the move
        assertTheLaterMoveWonARecordedConflictWithLost(ada);
    }

    /**
     * Campaign seed trello:143 again: the same two edits after the cycle read the lead, but after its Trello read
     * too, while its move waited on a slow last-moment check. The check found the card where the move would put
     * it, took that for done, and the person's later move was lost the same way.
     */
    @Test
    void aCardFoundWhereTheMoveWouldPutItByAPersonIsNotTakenForTheMoveDone() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW, TODO
        startAndAwaitTheIdsWrittenBack(new LeadsyncRun(sandboxes, dataDir));
        String card = sandboxes.cardOf(ada).id();
        sandboxes.trello.faults().inject(Fault.DELAY, 1, "GET /1/cards/{id}"); // the check before the move
        sandboxes.setLead(ada, "Status", "QUALIFIED");
        awaitInjected(sandboxes.trello, Fault.DELAY);
        sandboxes.setLead(ada, "Status", "LOST");
        sandboxes.clock.shift(Duration.ofMillis(20));
        sandboxes.trello.control().moveCard(card, "DONE"); // after LOST: latest-wins keeps the move
        assertTheLaterMoveWonARecordedConflictWithLost(ada);
    }

    /** The card moved to DONE after its lead was set to LOST: latest-wins keeps the move, and the audit says so. */
    private void assertTheLaterMoveWonARecordedConflictWithLost(String lead) throws Exception {
        awaitAudit("conflict", lead);
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.cardOf(lead).listName()).as("the person's later move is kept").isEqualTo("DONE");
        assertThat(sandboxes.status(lead)).as("and the lead follows it").isEqualTo("QUALIFIED");
        assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"record\":\"" + lead
                + "\",\"field\":\"status\"", "LOST", "\"winner\":\"tracker\"");
    }

    /** Waits (polling every 2 ms) until the emulator has injected the one queued fault of that kind. */
    private static void awaitInjected(EmulatorServer service, Fault fault) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(2)).until(() ->
                service.faults().injected().getOrDefault(fault, 0) == 1);
    }

    /** Starts the sync and waits until the card ids are written back: the next PATCH is a status write. */
    private void startAndAwaitTheIdsWrittenBack(LeadsyncRun run) throws Exception {
        app = run.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.lead("Ada Lovelace").field("Trello Card") != null);
        app.awaitCycles("trello", 2);
    }

    /** Starts the sync and waits until each of the eight seeded leads that should have a card has one. */
    private void startAndAwaitTheSeededCards() throws Exception {
        app = new LeadsyncRun(sandboxes, dataDir).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandboxes.openCardsByLead().size() == 8);
    }

    private void awaitAudit(String event, String record) {
        Path audit = dataDir.resolve("audit.jsonl");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(audit) && Files.readAllLines(audit).stream()
                .anyMatch(l -> l.contains("\"event\":\"" + event + "\"") && l.contains(record)));
    }

    /** Every cycle fails at its first read (Airtable's) until {@link #releaseReads()}: the sync cannot look. */
    private void holdReads() {
        sandboxes.airtable.faults().inject(Fault.UNAVAILABLE_503, 10_000, "GET /v0");
    }

    private void releaseReads() {
        sandboxes.airtable.faults().clear();
        sandboxes.trello.faults().clear();
    }
}
