package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.sandbox.clickup.ClickUpSettings;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.RoutesCopy;
import io.leadsync.support.Sandboxes;
import io.leadsync.support.SyncScenario;
import org.awaitility.core.ConditionFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "ClickUp as the work tracker": Airtable <-> ClickUp over real HTTP against the emulators, with the mapping of
 * routes/clickup.camel.yaml (NEW -> to do; CONTACTED, IN_PROGRESS -> in progress; QUALIFIED, LOST -> complete;
 * a task moved into to do -> NEW, into in progress -> CONTACTED, into complete -> QUALIFIED).
 */
class AirtableClickUpSyncTest extends SyncScenario {

    AirtableClickUpSyncTest() {
        super(11);
    }

    private static final Map<String, String> TASK_STATUS_OF = Map.of("NEW", "to do", "CONTACTED", "in progress",
            "IN_PROGRESS", "in progress", "QUALIFIED", "complete", "LOST", "complete");
    private static final String LINK_FIELD = "ClickUp Task ID";
    private static final String CREATE_TASK = "POST /api/v2/list/{list_id}/task";
    private static final String SET_CUSTOM_FIELD = "POST /api/v2/task/{task_id}/field/{field_id}";
    private static final String GET_TASKS = "GET /api/v2/list/{list_id}/task";
    private static final int SEEDED_LEADS = 10;

    /** For the few tests that need a ClickUp workspace or limit other than the usual one. */
    private void useClickUp(ClickUpSettings settings) {
        replaceSandboxes(LeadsSeed.schema(), settings);
    }

    private LeadsyncRun clickUpSync(Path data) {
        return new LeadsyncRun(sandboxes, data).with("leadsync.trackers", "clickup");
    }

    private LeadsyncRun startSync() throws Exception {
        app = clickUpSync(dataDir).start();
        return app;
    }

    /**
     * The shipped mapping less its "to do" entry, for tests of a move into a status the mapping does not send
     * back (the shipped one maps every status back).
     */
    private void startSyncWhereToDoMapsBackToNothing(Path routes) throws Exception {
        RoutesCopy.of(routes).replace("clickup.camel.yaml", "          to do: NEW\n", "");
        app = clickUpSync(dataDir).with("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml")
                .start();
    }

    /** Stops the running sync and starts another one that has lost all its state (links, cursors, change log). */
    private void restartWithoutState() throws Exception {
        app.stop();
        app = clickUpSync(dataDir.resolve("fresh-" + System.nanoTime())).start();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    private void awaitTasks(int count) {
        eventually().until(() -> sandboxes.tasksByLead().size() == count);
    }

    /** Every lead has its task and the ids are written on both sides; then a few quiet cycles. */
    private void awaitInitialSync() {
        awaitTasks(SEEDED_LEADS);
        eventually().untilAsserted(this::assertEveryLeadHasExactlyOneCrossReferencedTask);
        app.awaitCycles("clickup", 3);
    }

    private void assertEveryLeadHasExactlyOneCrossReferencedTask() {
        Map<String, List<ClickUpTask>> tasks = sandboxes.tasksByLead();
        assertThat(sandboxes.clickup.tasks()).as("tasks in the list").hasSize(sandboxes.leads().size());
        for (RecordSnapshot lead : sandboxes.leads()) {
            assertThat(tasks.get(lead.id())).as("tasks of %s", lead.field("Name")).hasSize(1);
            ClickUpTask task = tasks.get(lead.id()).get(0);
            assertThat(lead.field(LINK_FIELD)).as("%s of %s", LINK_FIELD, lead.field("Name")).isEqualTo(task.id());
            if (sandboxes.clickup.airtableRecordIdFieldId().isPresent()) {
                assertThat(sandboxes.airtableRecordIdOf(task)).as("Airtable Record ID of %s", task.name())
                        .isEqualTo(lead.id());
            }
        }
    }

    private ClickUpTask taskOf(String leadId) {
        return sandboxes.taskOf(leadId);
    }

    private void moveTask(String leadId, String status) {
        sandboxes.clickup.setStatus(taskOf(leadId).id(), status);
    }

    private void awaitStatus(String leadId, String status) {
        eventually().untilAsserted(() -> assertThat(sandboxes.status(leadId)).isEqualTo(status));
    }

    private void awaitTaskStatus(String leadId, String status) {
        eventually().untilAsserted(() -> assertThat(taskOf(leadId).status()).isEqualTo(status));
    }

    // ------------------------------------------------------------------------------------------ initial sync

    @Test
    void initialSyncCreatesOneTaskPerLeadInTheMappedStatusAndCrossReferencesBothSides() throws Exception {
        startSync();
        awaitInitialSync();
        for (RecordSnapshot lead : sandboxes.leads()) {
            ClickUpTask task = taskOf(lead.id());
            assertThat(task.status()).as("status of %s's task (lead %s)", lead.field("Name"), lead.field("Status"))
                    .isEqualTo(TASK_STATUS_OF.get((String) lead.field("Status")));
            assertThat(task.name()).isEqualTo(lead.field("Name"));
            assertThat(task.description()).contains("[leadsync:" + lead.id() + "]");
        }
        assertThat(sandboxes.clickup.calls(CREATE_TASK)).as("one create per task").isEqualTo(SEEDED_LEADS);
        assertThat(sandboxes.clickup.calls(SET_CUSTOM_FIELD)).as("the record id came with the create").isZero();
        assertThat(sandboxes.clickup.calls("PUT")).as("no task needed a second write").isZero();
        assertThat(sandboxes.statusesByName()).as("no lead status was touched").isEqualTo(Map.of(
                "Ada Lovelace", "NEW", "Grace Hopper", "NEW", "Alan Turing", "CONTACTED",
                "Katherine Johnson", "CONTACTED", "Edsger Dijkstra", "IN_PROGRESS", "Barbara Liskov", "IN_PROGRESS",
                "Donald Knuth", "QUALIFIED", "Margaret Hamilton", "QUALIFIED", "Dennis Ritchie", "LOST",
                "Frances Allen", "LOST"));
    }

    @Test
    void taskDescriptionCarriesEmailSourceDescriptionAndMarker() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace");
        String alan = sandboxes.leadId("Alan Turing"); // no email
        String barbara = sandboxes.leadId("Barbara Liskov"); // no email, no source, two-line description
        startSync();
        awaitTasks(SEEDED_LEADS);
        assertThat(taskOf(ada).description()).contains("Email: ada@example.com", "Source: Website",
                "Wants a demo of the analytics module.", "[leadsync:" + ada + "]");
        assertThat(taskOf(alan).description()).contains("Email: (none)", "Source: Trade show",
                "[leadsync:" + alan + "]");
        assertThat(taskOf(barbara).description()).contains("Email: (none)", "Source: (none)",
                "Needs SSO.\nAsked about pricing tiers.", "[leadsync:" + barbara + "]");
    }

    // ------------------------------------------------------------------------------------------ re-runs

    @Test
    void aRestartCreatesNoDuplicatesAndWritesNothingWhenNothingChanged() throws Exception {
        startSync();
        awaitInitialSync();
        app.restart();
        sandboxes.clickup.resetCalls();
        sandboxes.airtable.resetCalls();
        app.awaitCycles("clickup", 5);
        assertEveryLeadHasExactlyOneCrossReferencedTask();
        assertThat(sandboxes.clickup.calls("POST")).as("ClickUp creates and field writes").isZero();
        assertThat(sandboxes.clickup.calls("PUT")).as("ClickUp task updates").isZero();
        assertThat(sandboxes.airtable.calls("PATCH")).as("Airtable writes").isZero();
    }

    @Test
    void aRunThatLostItsStateRelinksEveryTaskAndWritesNothing() throws Exception {
        startSync();
        awaitInitialSync();
        sandboxes.clickup.resetCalls();
        sandboxes.airtable.resetCalls();
        restartWithoutState();
        app.awaitCycles("clickup", 5);
        assertEveryLeadHasExactlyOneCrossReferencedTask();
        assertThat(sandboxes.clickup.calls("POST")).as("ClickUp creates and field writes").isZero();
        assertThat(sandboxes.clickup.calls("PUT")).as("ClickUp task updates").isZero();
        assertThat(sandboxes.airtable.calls("PATCH")).as("Airtable writes").isZero();
    }

    // ------------------------------------------------------------------------------------------ Airtable -> ClickUp

    @Test
    void aStatusChangeInAirtableChangesTheTaskStatusAndANameChangeRenamesIt() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW -> to do
        startSync();
        awaitInitialSync();
        String taskId = taskOf(ada).id();
        sandboxes.setLead(ada, "Status", "QUALIFIED");
        sandboxes.setLead(ada, "Name", "Ada King");
        eventually().untilAsserted(() -> {
            ClickUpTask task = taskOf(ada);
            assertThat(task.status()).isEqualTo("complete");
            assertThat(task.name()).isEqualTo("Ada King");
        });
        sandboxes.setLead(ada, "Status", "IN_PROGRESS");
        awaitTaskStatus(ada, "in progress");
        sandboxes.setLead(ada, "Status", "NEW");
        awaitTaskStatus(ada, "to do");
        assertThat(taskOf(ada).id()).as("the same task all along").isEqualTo(taskId);
        assertThat(sandboxes.status(ada)).as("leadsync never rewrote the lead").isEqualTo("NEW");
        assertThat(sandboxes.clickup.tasks()).hasSize(SEEDED_LEADS);
    }

    // ------------------------------------------------------------------------------------------ ClickUp -> Airtable

    @Test
    void aTaskMovedToCompleteQualifiesTheLead() throws Exception {
        String alan = sandboxes.leadId("Alan Turing"); // CONTACTED -> in progress
        String grace = sandboxes.leadId("Grace Hopper"); // NEW -> to do
        startSync();
        awaitInitialSync();
        moveTask(alan, "complete");
        moveTask(grace, "complete");
        awaitStatus(alan, "QUALIFIED");
        awaitStatus(grace, "QUALIFIED");
        app.awaitCycles("clickup", 3);
        assertThat(taskOf(alan).status()).as("the task stays where it was put").isEqualTo("complete");
    }

    @Test
    void aTaskMovedToInProgressMakesTheLeadContactedUnlessItsStatusAlreadyMapsThere(@TempDir Path routes)
            throws Exception {
        String grace = sandboxes.leadId("Grace Hopper"); // NEW -> to do
        String edsger = sandboxes.leadId("Edsger Dijkstra"); // IN_PROGRESS -> in progress
        startSyncWhereToDoMapsBackToNothing(routes);
        awaitInitialSync();
        moveTask(grace, "in progress");
        awaitStatus(grace, "CONTACTED");

        // Edsger's task leaves "in progress" (for "to do", which the mapping does not send back) and returns:
        // IN_PROGRESS already maps to "in progress", so it is not rewritten to CONTACTED.
        app.awaitCycles("clickup", 2);
        sandboxes.airtable.resetCalls();
        moveTask(edsger, "to do");
        app.awaitCycles("clickup", 2);
        moveTask(edsger, "in progress");
        app.awaitCycles("clickup", 3);
        assertThat(sandboxes.status(edsger)).isEqualTo("IN_PROGRESS");
        assertThat(taskOf(edsger).status()).isEqualTo("in progress");
        assertThat(sandboxes.airtable.calls("PATCH")).as("Airtable writes").isZero();
    }

    @Test
    void aLostLeadWhoseTaskIsCompleteStaysLost(@TempDir Path routes) throws Exception {
        String dennis = sandboxes.leadId("Dennis Ritchie"); // LOST -> complete
        String frances = sandboxes.leadId("Frances Allen"); // LOST -> complete
        startSyncWhereToDoMapsBackToNothing(routes);
        awaitInitialSync();
        assertThat(taskOf(dennis).status()).isEqualTo("complete");
        assertThat(taskOf(frances).status()).isEqualTo("complete");

        // Dennis's task is reopened for a moment and completed again: complete -> QUALIFIED must not apply,
        // LOST already maps to complete.
        sandboxes.airtable.resetCalls();
        moveTask(dennis, "to do");
        app.awaitCycles("clickup", 2);
        moveTask(dennis, "complete");
        app.awaitCycles("clickup", 3);
        assertThat(sandboxes.status(dennis)).isEqualTo("LOST");
        assertThat(sandboxes.status(frances)).isEqualTo("LOST");
        assertThat(sandboxes.airtable.calls("PATCH")).as("Airtable writes").isZero();
    }

    // ------------------------------------------------------------------------------------------ reading

    @Test
    void moreThanAHundredTasksArePagedThrough() throws Exception {
        sandboxes.airtable.addGeneratedLeads(Sandboxes.BASE, Sandboxes.TABLE, 230);
        int leads = sandboxes.leads().size();
        startSync();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> sandboxes.tasksByLead().size() == leads);
        eventually().untilAsserted(this::assertEveryLeadHasExactlyOneCrossReferencedTask);
        sandboxes.leads().forEach(lead -> assertThat(taskOf(lead.id()).status()).as("task of %s", lead.field("Name"))
                .isEqualTo(TASK_STATUS_OF.get((String) lead.field("Status"))));

        // Without its state leadsync finds every task by its marker before creating anything: it has to read
        // all three pages (100 tasks each), or it would create a second task for every lead it did not see.
        app.awaitCycles("clickup", 2);
        sandboxes.clickup.resetCalls();
        restartWithoutState();
        app.awaitCycles("clickup", 3);
        assertThat(sandboxes.clickup.calls(GET_TASKS)).as("task list pages read").isGreaterThanOrEqualTo(3);
        assertThat(sandboxes.clickup.calls("POST")).as("creates and field writes").isZero();
        assertEveryLeadHasExactlyOneCrossReferencedTask();

        // and the relinked tasks keep syncing: the oldest one (last page of a full read) is completed
        String ada = sandboxes.leadId("Ada Lovelace");
        moveTask(ada, "complete");
        awaitStatus(ada, "QUALIFIED");
    }

    @Test
    void aTaskChangedExactlyAtThePollingBoundaryIsNotMissed() throws Exception {
        String grace = sandboxes.leadId("Grace Hopper"); // NEW -> to do
        String katherine = sandboxes.leadId("Katherine Johnson"); // CONTACTED -> in progress
        startSync();
        awaitInitialSync();
        // Once quiet, leadsync's ClickUp cursor is the newest date_updated it has read, and its next read asks
        // for date_updated_gt, which ClickUp applies strictly. Each change below is made atomically (no request
        // in between) so that no read can see it with any other timestamp than the one it is given.
        // (With leadsync.overlap=0 the first change is never seen; with an overlap under 1 s, the second.)

        // 1. A write in the very millisecond of the newest one already read (two writes in the same ms: one
        //    was read, this one landed just after the read).
        sandboxes.clickup.withState(() -> {
            long cursor = newestTaskUpdate();
            sandboxes.clickup.setStatus(taskOf(grace).id(), "in progress");
            return sandboxes.clickup.setDateUpdated(taskOf(grace).id(), cursor);
        });
        awaitStatus(grace, "CONTACTED");

        // 2. A write that becomes visible to list reads only after reads have moved past its timestamp (stamped
        //    a second before the newest one read; leadsync.overlap is 2 s in these tests).
        sandboxes.clickup.withState(() -> {
            long cursor = newestTaskUpdate();
            sandboxes.clickup.setStatus(taskOf(katherine).id(), "complete");
            return sandboxes.clickup.setDateUpdated(taskOf(katherine).id(), cursor - 1_000);
        });
        awaitStatus(katherine, "QUALIFIED");
    }

    private long newestTaskUpdate() {
        return sandboxes.clickup.tasks().stream().mapToLong(ClickUpTask::dateUpdated).max().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------ failures

    @Test
    void aRateLimitAnswerIsWaitedOutUntilItsResetAndNothingIsDuplicated() throws Exception {
        long window = 2_000; // a 429 says X-RateLimit-Reset = now + 2 s (rounded up to the second)
        useClickUp(Sandboxes.CLICKUP.withRateWindowMillis(window));
        sandboxes.clickup.faults().inject(Fault.RATE_LIMIT, 2, CREATE_TASK);
        startSync();
        long firstRefusal = awaitRateLimitAnswers(1);
        long secondRefusal = awaitRateLimitAnswers(2);
        awaitInitialSync();
        long firstCreated = sandboxes.clickup.tasks().stream().mapToLong(ClickUpTask::dateCreated).min().orElseThrow();
        assertThat(secondRefusal - firstRefusal).as("ms until the refused create was sent again")
                .isGreaterThanOrEqualTo(window);
        assertThat(firstCreated - secondRefusal).as("ms until it was sent a third time")
                .isGreaterThanOrEqualTo(window);
        assertThat(sandboxes.clickup.calls(CREATE_TASK)).as("creates: one per lead plus the two refused")
                .isEqualTo(SEEDED_LEADS + 2);
    }

    /** Waits until the emulator has answered the n-th injected 429; returns when (within a few ms). */
    private long awaitRateLimitAnswers(int n) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> sandboxes.clickup.faults().injected().getOrDefault(Fault.RATE_LIMIT, 0) >= n);
        return System.currentTimeMillis();
    }

    /**
     * Campaign seed clickup:32: a read found a task without its "Airtable Record ID" and set it, which changed the
     * task's date_updated after the read. The move planned in that cycle never landed, and the next cycle took
     * leadsync's own field write for a person's later touch of the task: the policy gave the lead the task's old
     * status, which the mapping does not know, and the task stayed where it was.
     */
    @Test
    void aRecordFieldSetWhileReadingIsNotTakenForAPersonsEditLater() throws Exception {
        String ada = sandboxes.leadId("Ada Lovelace"); // NEW: to do
        startSync();
        awaitInitialSync();
        app.stop();
        String field = sandboxes.clickup.airtableRecordIdFieldId().orElseThrow();
        sandboxes.clickup.setCustomField(taskOf(ada).id(), field, null); // as if setting it after the create failed
        sandboxes.setLead(ada, "Status", "CONTACTED");
        sandboxes.clickup.faults().inject(Fault.SERVER_ERROR_500, 4, "PUT /api/v2/task/"); // every attempt of the move

        startSync();

        awaitTaskStatus(ada, "in progress");
        app.awaitCycles("clickup", 3);
        assertThat(sandboxes.status(ada)).isEqualTo("CONTACTED");
        assertThat(sandboxes.airtableRecordIdOf(taskOf(ada))).isEqualTo(ada);
        assertThat(sandboxes.clickup.faults().injected()).containsEntry(Fault.SERVER_ERROR_500, 4);
    }

    // ------------------------------------------------------------------------------------------ configurations

    @Test
    void trelloAndClickUpAtOnceStayInSyncThroughAirtable() throws Exception {
        String donald = sandboxes.leadId("Donald Knuth"); // QUALIFIED: DONE / complete
        String katherine = sandboxes.leadId("Katherine Johnson"); // CONTACTED: TODO / in progress
        app = clickUpSync(dataDir).with("leadsync.trackers", "trello,clickup").start();
        awaitInitialSync();
        eventually().until(() -> sandboxes.openCardsByLead().size() == 8);
        eventually().untilAsserted(() -> sandboxes.leads().forEach(lead -> {
            if ("LOST".equals(lead.field("Status"))) {
                assertThat(sandboxes.openCardsByLead()).as("LOST leads have no card").doesNotContainKey(lead.id());
            } else {
                assertThat(lead.field("Trello Card")).as("Trello Card of %s", lead.field("Name"))
                        .isEqualTo(sandboxes.cardOf(lead.id()).id());
            }
        }));

        // Trello -> Airtable -> ClickUp
        sandboxes.trello.control().moveCard(sandboxes.cardOf(donald).id(), "TODO");
        awaitStatus(donald, "CONTACTED");
        awaitTaskStatus(donald, "in progress");
        // ClickUp -> Airtable -> Trello
        moveTask(katherine, "complete");
        awaitStatus(katherine, "QUALIFIED");
        eventually().untilAsserted(() -> assertThat(sandboxes.cardOf(katherine).listName()).isEqualTo("DONE"));

        app.awaitCycles("clickup", 3);
        app.awaitCycles("trello", 3);
        assertThat(sandboxes.status(donald)).isEqualTo("CONTACTED");
        assertThat(sandboxes.status(katherine)).isEqualTo("QUALIFIED");
        assertThat(sandboxes.cardOf(donald).listName()).isEqualTo("TODO");
        assertThat(taskOf(katherine).status()).isEqualTo("complete");
        assertEveryLeadHasExactlyOneCrossReferencedTask();
        assertThat(sandboxes.openCardsByLead()).hasSize(8).allSatisfy((lead, cards) -> assertThat(cards).hasSize(1));
    }

    @Test
    void withoutTheRecordIdCustomFieldTasksAreLinkedThroughTheirDescriptionMarker() throws Exception {
        useClickUp(Sandboxes.CLICKUP.withoutAirtableRecordIdField());
        String alan = sandboxes.leadId("Alan Turing");
        String grace = sandboxes.leadId("Grace Hopper");
        startSync();
        awaitInitialSync();
        assertThat(sandboxes.clickup.airtableRecordIdFieldId()).isEmpty();
        assertThat(sandboxes.clickup.calls("POST /api/v2/task/")).as("custom field writes").isZero();

        sandboxes.clickup.resetCalls();
        sandboxes.airtable.resetCalls();
        restartWithoutState();
        app.awaitCycles("clickup", 3);
        assertThat(sandboxes.clickup.calls("POST")).as("tasks found again by their markers, none created").isZero();
        assertThat(sandboxes.airtable.calls("PATCH")).isZero();
        assertEveryLeadHasExactlyOneCrossReferencedTask();

        moveTask(alan, "complete");
        awaitStatus(alan, "QUALIFIED");
        sandboxes.setLead(grace, "Status", "IN_PROGRESS");
        awaitTaskStatus(grace, "in progress");
    }

    @Test
    void aMappedStatusTheListDoesNotHaveStopsStartUpAndNamesIt(@TempDir Path routes) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path clickupRoutes = routes.resolve("clickup.camel.yaml");
        String yaml = Files.readString(clickupRoutes);
        assertThat(yaml).contains("IN_PROGRESS: in progress");
        Files.writeString(clickupRoutes, yaml.replace("IN_PROGRESS: in progress", "IN_PROGRESS: doing"));

        app = clickUpSync(dataDir).with("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("status 'doing' in the clickup mapping does not exist in list 'Leads Work'")
                .hasMessageContaining("it has: to do, in progress, complete");
        assertThat(sandboxes.clickup.tasks()).as("nothing synced").isEmpty();
    }

    @Test
    void anUnknownListStopsStartUpAndListsTheListsThereAre() throws Exception {
        app = clickUpSync(dataDir).with("leadsync.clickup.list", "Leads Archive");
        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ClickUp list 'Leads Archive' not found")
                .hasMessageContaining("lists seen: Leads Work")
                .hasMessageContaining("leadsync.clickup.list");
        assertThat(sandboxes.clickup.tasks()).as("nothing synced").isEmpty();
    }
}
