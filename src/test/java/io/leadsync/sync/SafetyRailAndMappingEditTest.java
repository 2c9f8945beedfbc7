package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.incremental;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.leadsync.airtable.Lead;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.support.LogCapture;
import io.leadsync.change.ArchiveItem;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner with the safety rail (no mass removal without a person's approval) and after mapping edits
 * (every linked item is brought in line with the new mapping). Mapping as in {@link SyncPlannerTest}: NEW -> TODO,
 * CONTACTED and IN_PROGRESS -> DOING, QUALIFIED -> DONE, LOST -> no item. Limits: more than 10 removals and more
 * than 20 % of the links.
 */
class SafetyRailAndMappingEditTest {

    @TempDir
    Path dir;

    LinkStore links;
    DeadLetterStore deadLetters;
    AuditLog audit;
    SafetyRail rail;
    StatusMapping mapping = SyncPlannerTest.mapping();
    final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);

    @BeforeEach
    void openStores() {
        links = new LinkStore(dir.toString(), "trello");
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        audit = new AuditLog(dir.toString(), Clock.systemUTC());
        rail = newRail();
    }

    @AfterEach
    void closeStores() {
        links.close();
    }

    SafetyRail newRail() {
        return new SafetyRail("trello", "Trello board 'Work Tracker'", dir.toString(), new SafetyRail.Limits(10, 20), Clock.systemUTC());
    }

    PlannedCycle planner() {
        return new PlannedCycle(new SyncPlanner("trello", () -> PairMapping.ofStatuses(mapping), template, SCHEMA,
                SyncPolicy.defaults(), links, deadLetters::isQuarantined, SyncPlannerTest.NO_ORIGINS, 60_000,
                rail::holding, MatchRule.defaults()), rail,
                new PersistDecisions("trello", links, audit, deadLetters, SyncPlannerTest.NO_ORIGINS), links);
    }

    /** n leads with the status, each linked to its item where the mapping puts it; returns the items. */
    List<TrackerItem> linkedLeads(List<Lead> leads) {
        List<TrackerItem> items = new ArrayList<>();
        for (Lead lead : leads) {
            String bucket = mapping.bucketFor(lead.field("Status"));
            ItemDraft draft = template.render(lead, bucket);
            items.add(new TrackerItem("card-" + lead.id(), draft.name(), draft.description(), bucket, false, false,
                    lead.modifiedAt(), lead.id()));
            links.put(new Link(lead.id(), "card-" + lead.id(), lead.field("Status"), bucket, draft.name(),
                    draft.description(), false, lead.modifiedAt(), lead.modifiedAt()));
        }
        return items;
    }

    static List<Lead> leads(int n, String status) {
        return IntStream.range(0, n).mapToObj(i -> lead("rec" + status + i, status + " Lead " + i, status, 1_000))
                .toList();
    }

    long detached() {
        return links.all().stream().filter(Link::detached).count();
    }

    /** What SyncPair does at the end of a cycle whose pushes all landed. */
    void pushed(List<Change> actions) {
        for (Change action : actions) {
            if (action instanceof ItemWrite write && write.unlinkAfter()) {
                links.remove(action.recordId());
            } else if (action instanceof SetLeadStatus status) {
                links.putAll(status.nextLinks());
            } else if (action instanceof ItemWrite write && write.next() != null) {
                links.put(write.next());
            } else if (action instanceof CreateItem create) {
                links.put(create.next());
            }
        }
        rail.cycleCompleted();
    }

    String holdId() throws IOException {
        String hold = Files.readString(dir.resolve("trello-hold.json"));
        return hold.replaceAll("(?s).*\"hold\":\\{\"id\":\"(\\w+)\".*", "$1");
    }

    void request(String what, String id) throws IOException {
        Files.writeString(dir.resolve("trello-" + what), id + "\n");
        rail.readRequests();
    }

    @Nested
    class SafetyRailHolds {

        @Test
        void aBoardWhoseCardsAreAllGoneUnlinksNothingAndSaysWhyAndHowToApprove() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            List<Lead> all = new ArrayList<>(contacted);
            all.add(lead("recFresh", "Fresh Lead", "NEW", 2_000));

            List<Change> actions;
            try (LogCapture logs = LogCapture.start()) {
                actions = planner().plan(full(all, List.of()));
                assertThat(logs.text()).contains("HOLDING 12 removal(s)", "unlink 12 lead(s) whose item is gone",
                        "12 of 12 linked items are gone from Trello board 'Work Tracker'",
                        "echo " + holdId() + " > " + dir.resolve("trello-approve"),
                        "echo " + holdId() + " > " + dir.resolve("trello-discard"));
            }

            assertThat(detached()).as("no lead unlinked").isZero();
            assertThat(actions).as("everything else keeps syncing").extracting(SyncPlannerTest::kind)
                    .containsExactly(CreateItem.class);
            assertThat(actions.get(0).recordId()).isEqualTo("recFresh");
        }

        @Test
        void anApprovedHoldIsAppliedOnceEvenAcrossARestart() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));
            String id = holdId();

            rail = newRail(); // a restart: the hold is read back from the data directory
            request("approve", id);
            assertThat(rail.fullReadWanted()).isTrue();
            pushed(planner().plan(full(contacted, List.of())));

            assertThat(detached()).isEqualTo(12);
            assertThat(Files.exists(dir.resolve("trello-approve"))).as("the approval is consumed").isFalse();
            assertThat(rail.holding()).isFalse();
            try (LogCapture logs = LogCapture.start()) {
                assertThat(planner().plan(full(contacted, List.of()))).isEmpty();
                assertThat(logs.text()).doesNotContain("HOLDING");
            }
            assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).filteredOn(l -> l.contains("item-archived"))
                    .as("each unlink applied once").hasSize(12);
        }

        @Test
        void aHeldRemovalThatNoLongerAppliesWhenApprovedIsDropped() throws IOException {
            List<Lead> lost = new ArrayList<>();
            List<Lead> contacted = leads(12, "CONTACTED");
            List<TrackerItem> items = linkedLeads(contacted);
            contacted.forEach(l -> lost.add(withStatus(l, "LOST", 2_000)));
            assertThat(planner().plan(full(lost, items))).as("12 archives held").isEmpty();
            String id = holdId();

            lost.set(0, withStatus(contacted.get(0), "QUALIFIED", 3_000)); // revived before the approval
            request("approve", id);
            List<Change> actions = planner().plan(full(lost, items));

            assertThat(actions).filteredOn(a -> a instanceof ArchiveItem)
                    .extracting(Change::recordId).hasSize(11).doesNotContain(contacted.get(0).id());
            assertThat(actions).filteredOn(a -> contacted.get(0).id().equals(a.recordId()))
                    .singleElement().satisfies(a -> assertThat(((ItemWrite) a).change().bucket()).isEqualTo("DONE"));
        }

        @Test
        void aPendingHoldKeepsItsIdAndIsReportedOncePerCycleWhileEverythingElseSyncs() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));
            String id = holdId();

            Lead moved = withStatus(contacted.get(3), "QUALIFIED", 5_000);
            try (LogCapture logs = LogCapture.start()) {
                List<Change> actions = planner().plan(incremental(List.of(moved), List.of()));
                assertThat(actions).extracting(SyncPlannerTest::kind).containsExactly(ItemWrite.class);
                assertThat(logs.text().lines().filter(l -> l.contains("HOLDING"))).hasSize(1);
            }
            assertThat(holdId()).isEqualTo(id);
        }

        @Test
        void aDiscardedHoldIsDroppedAndNotHeldAgain() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));

            request("discard", holdId());
            try (LogCapture logs = LogCapture.start()) {
                assertThat(planner().plan(full(contacted, List.of()))).isEmpty();
                assertThat(logs.text()).doesNotContain("HOLDING");
            }
            assertThat(detached()).isZero();
        }

        @Test
        void theDashboardsDiscardByIdIsTheSameRequestAndAWrongIdChangesNothing() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));
            String id = holdId();
            SafetyRail.PendingHold hold = rail.pendingHold();
            assertThat(hold.id()).isEqualTo(id);
            assertThat(hold.summary()).isEqualTo("would unlink 12 lead(s) whose item is gone (archived or deleted in "
                    + "the tracker)");
            assertThat(hold.removals()).hasSize(12).allSatisfy(r -> assertThat(r.action()).isEqualTo("item-gone"));
            assertThat(hold.since()).isNotNull();
            assertThat(newRail().pendingHold().since()).as("kept across a restart").isEqualTo(hold.since());

            assertThat(rail.approve("wrong")).isFalse();
            assertThat(rail.discard("wrong")).isFalse();
            assertThat(rail.holding()).isTrue();

            assertThat(rail.discard(id)).isTrue();
            assertThat(rail.pendingHold()).isNull();
            assertThat(rail.approve(id)).as("nothing pending any more").isFalse();
            try (LogCapture logs = LogCapture.start()) {
                assertThat(planner().plan(full(contacted, List.of()))).isEmpty();
                assertThat(logs.text()).doesNotContain("HOLDING");
            }
            assertThat(detached()).isZero();
        }

        @Test
        void aHoldWhoseItemsAreBackClearsItselfAndWhatRemainsWithinTheLimitsIsApplied() {
            List<Lead> contacted = leads(12, "CONTACTED");
            List<TrackerItem> items = linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));
            assertThat(rail.holding()).isTrue();

            pushed(planner().plan(full(contacted, items.subList(1, 12)))); // the right board again, one card gone

            assertThat(rail.holding()).isFalse();
            assertThat(detached()).isEqualTo(1);
        }

        @Test
        void anApprovalFileReadWhileTheShellIsStillWritingItIsLeftToBeReadAgain() throws IOException {
            // `echo <id> > trello-approve` creates the file empty, then writes: a cycle may look in between
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));
            String id = holdId();

            request("approve", "");
            assertThat(Files.exists(dir.resolve("trello-approve"))).as("not consumed while empty").isTrue();
            request("approve", id);

            assertThat(rail.fullReadWanted()).as("approved").isTrue();
        }

        @Test
        void anApprovalNamingAnotherHoldDoesNothing() throws IOException {
            List<Lead> contacted = leads(12, "CONTACTED");
            linkedLeads(contacted);
            pushed(planner().plan(full(contacted, List.of())));

            request("approve", "deadbeef");
            planner().plan(full(contacted, List.of()));

            assertThat(detached()).isZero();
            assertThat(rail.holding()).isTrue();
        }

        @ParameterizedTest(name = "{0} of {1} links gone: applied at once")
        @CsvSource({"10, 12", "11, 60"})
        void removalsWithinEitherLimitAreAppliedAtOnce(int gone, int linked) {
            List<Lead> contacted = leads(linked, "CONTACTED");
            List<TrackerItem> items = linkedLeads(contacted);

            planner().plan(full(contacted, items.subList(gone, linked)));

            assertThat(detached()).isEqualTo(gone);
            assertThat(rail.holding()).isFalse();
        }

        @Test
        void deletedLeadsBeyondTheLimitKeepTheirItems() {
            List<Lead> contacted = leads(12, "CONTACTED");
            List<TrackerItem> items = linkedLeads(contacted);

            try (LogCapture logs = LogCapture.start()) {
                assertThat(planner().plan(full(List.of(), items))).isEmpty();
                assertThat(logs.text()).contains("archive 12 item(s) of lead(s) deleted in Airtable",
                        "12 of 12 linked leads are gone from the Airtable table");
            }
            assertThat(links.size()).isEqualTo(12);
        }
    }

    @Nested
    class MappingEdits {

        /** The items were placed by the current mapping, as a completed full cycle records it. */
        void placedByCurrentMapping(List<Lead> leads, List<TrackerItem> items) {
            PlannedCycle planner = planner();
            assertThat(planner.plan(full(leads, items))).isEmpty();
            planner.mappingApplied();
        }

        @Test
        void itemsWhereTheOldMappingPutThemMoveWhereTheNewOnePutsThem() {
            List<Lead> leads = new ArrayList<>(leads(2, "CONTACTED"));
            leads.addAll(leads(1, "IN_PROGRESS"));
            leads.addAll(leads(1, "NEW"));
            List<TrackerItem> items = linkedLeads(leads);
            placedByCurrentMapping(leads, items);

            mapping = SyncPlannerTest.mapping();
            mapping.getLeadToTracker().put("CONTACTED", "DONE");
            PlannedCycle planner = planner();
            assertThat(planner.mappingChanged()).isTrue();
            List<Change> actions = planner.plan(full(leads, items));

            assertThat(actions).extracting(Change::recordId).containsExactly("recCONTACTED0", "recCONTACTED1");
            assertThat(actions).allSatisfy(a -> assertThat(((ItemWrite) a).change().bucket()).isEqualTo("DONE"));
            assertThat(planner.remapped()).isEqualTo(2);
            planner.mappingApplied();
            assertThat(planner().mappingChanged()).isFalse();
        }

        @Test
        void anEditMadeBeforeThePreviousOneWasFullyAppliedMovesTheItemsEitherOfThemPlaced() {
            List<Lead> leads = new ArrayList<>(leads(2, "CONTACTED"));
            leads.addAll(leads(1, "LOST"));
            List<TrackerItem> items = new ArrayList<>(linkedLeads(leads.subList(0, 2)));
            placedByCurrentMapping(leads, items);

            // edit 1: CONTACTED to DONE, LOST gets a card; its cycle stops after one move and the create
            mapping = SyncPlannerTest.mapping();
            mapping.getLeadToTracker().put("CONTACTED", "DONE");
            mapping.getLeadToTracker().put("LOST", "TODO");
            PlannedCycle stopped = planner();
            List<Change> planned = stopped.plan(full(leads, items));
            ItemWrite moved = (ItemWrite) planned.get(0);
            CreateItem created = (CreateItem) planned.stream().filter(CreateItem.class::isInstance).findFirst()
                    .orElseThrow();
            pushed(List.of(moved, created));
            links.put(created.next().withItem("card-recLOST0"));
            stopped.mappingPartlyApplied();
            TrackerItem movedCard = new TrackerItem(items.get(0).id(), items.get(0).name(), items.get(0).description(),
                    "DONE", false, false, 2_000, items.get(0).recordId());
            TrackerItem lostCard = new TrackerItem("card-recLOST0", created.draft().name(),
                    created.draft().description(), "TODO", false, false, 2_000, "recLOST0");

            // edit 2, before a cycle placed everything by edit 1: LOST has no card again
            mapping.getLeadToTracker().put("LOST", StatusMapping.NO_ITEM);
            PlannedCycle planner = planner();
            assertThat(planner.mappingChanged()).isTrue();
            List<Change> actions = planner.plan(full(leads, List.of(movedCard, items.get(1), lostCard)));

            assertThat(actions).extracting(Change::recordId).containsExactlyInAnyOrder("recCONTACTED1", "recLOST0");
            ItemWrite stillWhereTheFirstMappingPutIt = (ItemWrite) actions.stream()
                    .filter(a -> a.recordId().equals("recCONTACTED1")).findFirst().orElseThrow();
            assertThat(stillWhereTheFirstMappingPutIt.change().bucket()).isEqualTo("DONE");
            ItemWrite placedByTheEditInBetween = (ItemWrite) actions.stream()
                    .filter(a -> a.recordId().equals("recLOST0")).findFirst().orElseThrow();
            assertThat(placedByTheEditInBetween.change().archive()).isTrue();
            assertThat(planner.remapped()).isEqualTo(2);
            planner.mappingApplied();
            assertThat(planner().mappingChanged()).isFalse();
        }

        @Test
        void aStatusMappedToNoItemAgainArchivesItsItemsAndOneMappedBackRestoresThem() {
            mapping.getLeadToTracker().put("LOST", "DONE");
            List<Lead> lost = leads(2, "LOST");
            List<TrackerItem> items = linkedLeads(lost);
            placedByCurrentMapping(lost, items);

            mapping = SyncPlannerTest.mapping(); // LOST: "-" again
            PlannedCycle planner = planner();
            List<Change> archives = planner.plan(full(lost, items));
            assertThat(archives).extracting(a -> ((ItemWrite) a).change().archive()).containsExactly(true, true);
            archives.forEach(a -> links.put(((ItemWrite) a).next()));
            planner.mappingApplied();

            mapping = SyncPlannerTest.mapping();
            mapping.getLeadToTracker().put("LOST", "TODO");
            List<Change> restores = planner().plan(full(lost, List.of()));
            assertThat(restores).extracting(a -> ((ItemWrite) a).change().bucket()).containsExactly("TODO", "TODO");
            assertThat(restores).extracting(a -> ((ItemWrite) a).change().archive()).containsExactly(false, false);
        }

        @Test
        void anItemAPersonPutWhereTheOldMappingPutsNoLeadStaysThere() {
            List<Lead> leads = leads(2, "CONTACTED");
            List<TrackerItem> items = linkedLeads(leads);
            placedByCurrentMapping(leads, items);
            TrackerItem parked = new TrackerItem(items.get(0).id(), items.get(0).name(), items.get(0).description(),
                    "PARKED", false, false, 1_000, leads.get(0).id());
            links.put(links.byRecord(leads.get(0).id()).withItemState("PARKED", parked.name(), parked.description(),
                    1_000));

            mapping = SyncPlannerTest.mapping();
            mapping.getLeadToTracker().put("CONTACTED", "TODO");
            List<Change> actions = planner().plan(full(leads, List.of(parked, items.get(1))));

            assertThat(actions).extracting(Change::recordId).containsExactly(leads.get(1).id());
            assertThat(((ItemWrite) actions.get(0)).change().bucket()).isEqualTo("TODO");
        }

        @Test
        void aMappingEditIsOnlyAppliedFromAFullRead() {
            List<Lead> leads = leads(2, "CONTACTED");
            List<TrackerItem> items = linkedLeads(leads);
            placedByCurrentMapping(leads, items);

            mapping = SyncPlannerTest.mapping();
            mapping.getLeadToTracker().put("CONTACTED", "DONE");

            assertThat(planner().plan(incremental(List.of(), List.of()))).isEmpty();
            assertThat(planner().mappingChanged()).as("still to be applied").isTrue();
        }
    }
}
