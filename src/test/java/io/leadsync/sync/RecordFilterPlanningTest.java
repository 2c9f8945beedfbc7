package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.incremental;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.moved;
import static io.leadsync.sync.SyncPlannerTest.withField;
import static io.leadsync.sync.SyncPlannerTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.leadsync.airtable.Lead;
import io.leadsync.change.ArchiveItem;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.support.LogCapture;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record filter in the planner: leads outside it get no item; a linked lead that leaves it has its item left
 * as it is (no sync either way) or archived through the safety rail, and is synced again, without a second item,
 * when it is back; a filter edit has every lead judged again. Mapping as in {@link SyncPlannerTest}; the filter
 * {@code Source: Website, Referral}.
 */
class RecordFilterPlanningTest {

    @TempDir
    Path dir;

    LinkStore links;
    DeadLetterStore deadLetters;
    AuditLog audit;
    SafetyRail rail;
    final PairMapping mapping = new PairMapping();
    final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);

    @BeforeEach
    void openStores() {
        links = new LinkStore(dir.toString(), "trello");
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        audit = new AuditLog(dir.toString(), Clock.systemUTC());
        rail = new SafetyRail("trello", "Trello board 'Work Tracker'", dir.toString(), new SafetyRail.Limits(10, 20), Clock.systemUTC());
        mapping.getLeadToTracker().putAll(SyncPlannerTest.mapping().leadToTracker());
        mapping.getTrackerToLead().putAll(SyncPlannerTest.mapping().trackerToLead());
        mapping.getFilter().put("Source", "Website, Referral");
    }

    @AfterEach
    void closeStores() {
        links.close();
    }

    PlannedCycle planner() {
        return new PlannedCycle(new SyncPlanner("trello", () -> mapping, template, SCHEMA, SyncPolicy.defaults(),
                links, deadLetters::isQuarantined, SyncPlannerTest.NO_ORIGINS, 60_000, rail::holding, MatchRule.defaults()),
                rail,
                new PersistDecisions("trello", links, audit, deadLetters, SyncPlannerTest.NO_ORIGINS), links);
    }

    static Lead web(String id, String name, String status) {
        return withField(lead(id, name, status, 1_000), "Source", "Website", 1_000);
    }

    static Lead fromSource(Lead lead, String source, long modified) {
        return withField(lead, "Source", source, modified);
    }

    /** The lead linked to its item where the mapping puts it, as both sides last agreed; returns the item. */
    TrackerItem linked(Lead lead) {
        String bucket = mapping.statuses().bucketFor(lead.field("Status"));
        ItemDraft draft = template.render(lead, bucket);
        links.put(new Link(lead.id(), "card-" + lead.id(), lead.field("Status"), bucket, draft.name(),
                draft.description(), false, lead.modifiedAt(), lead.modifiedAt()));
        return new TrackerItem("card-" + lead.id(), draft.name(), draft.description(), bucket, false, false,
                lead.modifiedAt(), lead.id());
    }

    /** What SyncPair does once every push landed. */
    void pushed(List<Change> actions) {
        for (Change action : actions) {
            if (action instanceof SetLeadStatus status) {
                links.putAll(status.nextLinks());
            } else if (action instanceof ItemWrite write && write.next() != null) {
                links.put(write.next());
            } else if (action instanceof CreateItem create) {
                links.put(create.next());
            }
        }
        rail.cycleCompleted();
    }

    List<String> auditLines() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void aLeadOutsideTheFilterGetsNoItemAndNeedsNoMarkersUntilItIsInside() {
        Lead cold = fromSource(lead("recCold", "Cold Lead", "NEW", 1_000), "Cold call", 1_000);
        TrackerItem itsOldCard = new TrackerItem("card9", "Cold Lead", ItemTemplate.marker("recCold"), "TODO", false,
                false, 500, "recCold");
        TrackerItem unmarked = new TrackerItem("card8", "Cold Lead", "", "TODO", false, false, 500, null);

        assertThat(planner().needsMarkers(List.of(cold))).isFalse();
        assertThat(planner().plan(full(List.of(cold), List.of(itsOldCard, unmarked))))
                .as("no create, no link by marker or by name").isEmpty();
        assertThat(links.all()).isEmpty();

        Lead inside = fromSource(cold, "Referral", 2_000);
        assertThat(planner().needsMarkers(List.of(inside))).isTrue();
        assertThat(planner().plan(full(List.of(inside), List.of()))).extracting(Change::recordId)
                .containsExactly("recCold");
    }

    @Test
    void aLinkedLeadThatLeavesIsLeftAsItIsAndNothingOfItSyncsEitherWayUntilItIsBack() throws IOException {
        Lead ada = web("recAda", "Ada", "NEW");
        TrackerItem card = linked(ada);
        Lead cold = fromSource(ada, "Cold call", 2_000);
        assertThat(planner().needsMarkers(List.of(cold))).as("a crossing reads its item as it is now").isTrue();

        assertThat(planner().plan(full(List.of(cold), List.of(card)))).isEmpty();
        assertThat(links.byRecord("recAda").outside()).isTrue();
        assertThat(auditLines()).singleElement().asString().contains("filter-left", "recAda",
                "lead 'Ada' left the record filter: Source is 'Cold call', not one of Website, Referral",
                "is left as it is and no longer synced (leavingFilter: leave)");

        // while it is out: its item moved by a person (lead not read), the lead's status set, the lead renamed
        TrackerItem movedByPerson = moved(card, "DONE", 3_000);
        assertThat(planner().plan(incremental(List.of(), List.of(movedByPerson)))).as("no status write").isEmpty();
        Lead contacted = withField(withStatus(cold, "CONTACTED", 4_000), "Name", "Ada L.", 4_000);
        assertThat(planner().needsMarkers(List.of(contacted))).isFalse();
        assertThat(planner().plan(incremental(List.of(contacted), List.of()))).as("no move, no rename").isEmpty();
        assertThat(planner().plan(full(List.of(contacted), List.of(movedByPerson)))).isEmpty();
        assertThat(auditLines()).as("audited once, when it left").hasSize(1);

        // back: synced from the shadow it left with; both changed the status meanwhile, the later edit wins
        Lead back = fromSource(contacted, "Website", 5_000);
        List<Change> actions = planner().plan(full(List.of(back), List.of(movedByPerson)));
        assertThat(actions).as("the same card, moved and renamed: no second item").singleElement()
                .isInstanceOfSatisfying(MoveItem.class, move -> {
                    assertThat(move.itemId()).isEqualTo(card.id());
                    assertThat(move.change().bucket()).isEqualTo("DOING");
                    assertThat(move.change().name()).isEqualTo("Ada L.");
                });
        assertThat(links.byRecord("recAda").outside()).isFalse();
        assertThat(auditLines()).anySatisfy(l -> assertThat(l).contains("filter-entered", "recAda",
                "is inside the record filter again (Source: Website, Referral)"));
    }

    @Test
    void aMoveMadeWhileTheLeadWasOutIsTheLeadsNewStatusWhenItIsBack() {
        Lead ada = web("recAda", "Ada", "NEW");
        TrackerItem card = linked(ada);
        planner().plan(full(List.of(fromSource(ada, "Cold call", 2_000)), List.of(card)));
        TrackerItem done = moved(card, "DONE", 3_000);

        List<Change> actions = planner().plan(full(List.of(fromSource(ada, "Referral", 4_000)), List.of(done)));

        assertThat(actions).filteredOn(a -> a instanceof SetLeadStatus).singleElement()
                .isInstanceOfSatisfying(SetLeadStatus.class, s -> assertThat(s.fields())
                        .containsEntry("recAda", java.util.Map.of("Status", "QUALIFIED")));
        assertThat(actions).filteredOn(a -> a instanceof ItemWrite).singleElement()
                .satisfies(w -> assertThat(((ItemWrite) w).change().placesItem()).as("the source in its text only")
                        .isFalse());
    }

    @Test
    void withArchiveTheItemIsArchivedWhenTheLeadLeavesAndRestoredWhereItsStatusMapsWhenItIsBack()
            throws IOException {
        mapping.setLeavingFilter("archive");
        Lead ada = web("recAda", "Ada", "CONTACTED");
        TrackerItem card = linked(ada);

        List<Change> leaving = planner().plan(full(List.of(fromSource(ada, "Cold call", 2_000)), List.of(card)));
        assertThat(leaving).singleElement().isInstanceOfSatisfying(ArchiveItem.class, a -> {
            assertThat(a.itemId()).isEqualTo(card.id());
            assertThat(a.change().readIn()).isEqualTo("DOING");
            assertThat(a.next().bucket()).isNull();
            assertThat(a.next().outside()).isTrue();
            assertThat(a.unlinkAfter()).isFalse();
        });
        assertThat(auditLines()).singleElement().asString()
                .contains("filter-left", "is archived (leavingFilter: archive)");
        pushed(leaving);
        assertThat(planner().plan(full(List.of(fromSource(ada, "Cold call", 2_000)), List.of())))
                .as("archived once").isEmpty();

        Lead back = fromSource(ada, "Website", 3_000);
        assertThat(planner().needsMarkers(List.of(back))).isTrue();
        List<Change> returning = planner().plan(full(List.of(back), List.of()));
        assertThat(returning).as("the same card restored: no second item").singleElement()
                .isInstanceOfSatisfying(MoveItem.class, m -> {
                    assertThat(m.itemId()).isEqualTo(card.id());
                    assertThat(m.change().bucket()).isEqualTo("DOING");
                    assertThat(m.change().archive()).isFalse();
                });
        assertThat(auditLines()).last().asString().contains("filter-entered", "its item card-recAda restored");
        pushed(returning);
        assertThat(planner().plan(full(List.of(back), List.of(moved(card, "DOING", 4_000))))).isEmpty();
    }

    @Test
    void aFilterEditHasEveryLeadJudgedAgainAndAMassLeaveToArchiveIsHeldForApproval() throws IOException {
        mapping.setLeavingFilter("archive");
        List<Lead> leads = new ArrayList<>();
        List<TrackerItem> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Lead lead = web("rec" + i, "Lead " + i, "NEW");
            leads.add(lead);
            items.add(linked(lead));
        }
        PlannedCycle cycle = planner();
        assertThat(cycle.plan(full(leads, items))).isEmpty();
        cycle.mappingApplied();
        assertThat(planner().mappingChanged()).isFalse();

        mapping.getFilter().put("Source", "Referral"); // the edit: no lead changed, all twelve are now outside
        assertThat(planner().mappingChanged()).as("a full read follows the edit").isTrue();
        List<Change> actions;
        try (LogCapture logs = LogCapture.start()) {
            actions = planner().plan(full(leads, items));
            assertThat(logs.text()).contains("HOLDING 12 removal(s)",
                    "archive 12 item(s) whose lead left the record filter",
                    "12 of 12 linked leads left the record filter — a filter edit");
        }
        assertThat(actions).as("nothing archived without approval").isEmpty();
        assertThat(links.all()).as("each is outside: nothing of it syncs meanwhile").allMatch(Link::outside);

        String hold = Files.readString(dir.resolve("trello-hold.json")).replaceAll("(?s).*\"hold\":\\{\"id\":\"(\\w+)\".*", "$1");
        Files.writeString(dir.resolve("trello-approve"), hold + "\n");
        rail.readRequests();
        List<Change> approved = planner().plan(full(leads, items));
        assertThat(approved).hasSize(12).allMatch(a -> a instanceof ArchiveItem);
        assertThat(auditLines()).filteredOn(l -> l.contains("filter-left")).as("each audited once").hasSize(12);
    }

    @Test
    void removingTheFilterBringsEveryLeadBackAndRestoresTheItemsArchivedWhenTheyLeft() {
        mapping.setLeavingFilter("archive");
        Lead ada = web("recAda", "Ada", "QUALIFIED");
        TrackerItem card = linked(ada);
        Lead cold = fromSource(ada, "Cold call", 2_000);
        PlannedCycle cycle = planner();
        pushed(cycle.plan(full(List.of(cold), List.of(card))));
        cycle.mappingApplied();

        mapping.getFilter().clear();
        mapping.setLeavingFilter("leave");
        assertThat(planner().mappingChanged()).isTrue();
        List<Change> actions = planner().plan(full(List.of(cold), List.of()));

        assertThat(actions).singleElement().isInstanceOfSatisfying(MoveItem.class, m -> {
            assertThat(m.itemId()).isEqualTo(card.id());
            assertThat(m.change().bucket()).isEqualTo("DONE");
        });
    }

    @Test
    void aFilterEditedBackAndForthArchivesAndRestoresEachTimeUnderKeysOfTheirOwn() {
        mapping.setLeavingFilter("archive");
        Lead ada = web("recAda", "Ada", "NEW"); // never edited: only the filter changes
        TrackerItem card = linked(ada);
        List<String> keys = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            mapping.getFilter().put("Source", "Referral");
            List<Change> leaving = planner().plan(full(List.of(ada), List.of(card)));
            assertThat(leaving).singleElement().isInstanceOf(ArchiveItem.class);
            pushed(leaving);
            card = moved(card, "TODO", card.modifiedAt() + 1_000); // the archive is an activity on the card

            mapping.getFilter().put("Source", "Website, Referral");
            List<Change> back = planner().plan(full(List.of(ada), List.of()));
            assertThat(back).singleElement().isInstanceOfSatisfying(MoveItem.class,
                    m -> assertThat(m.change().archive()).isFalse());
            pushed(back);
            card = moved(card, "TODO", card.modifiedAt() + 1_000); // and so is the restore
            leaving.forEach(c -> keys.add(c.idempotencyKey()));
            back.forEach(c -> keys.add(c.idempotencyKey()));
        }
        assertThat(keys).as("the second round is not skipped as already applied").doesNotHaveDuplicates();
    }

    @Test
    void aLinkedLeadOutsideTheFilterWithLeaveThatIsDeletedIsUnlinkedAndItsItemLeftAlone() {
        Lead ada = web("recAda", "Ada", "NEW");
        TrackerItem card = linked(ada);
        planner().plan(full(List.of(fromSource(ada, "Cold call", 2_000)), List.of(card)));

        assertThat(planner().plan(full(List.of(), List.of(card)))).isEmpty();
        assertThat(links.byRecord("recAda")).isNull();
    }

    @Test
    void anItemOfALeadOutsideTheFilterThatIsGoneUnlinksNothingWhileItIsOut() {
        Lead ada = web("recAda", "Ada", "NEW");
        TrackerItem card = linked(ada);
        Lead cold = fromSource(ada, "Cold call", 2_000);
        planner().plan(full(List.of(cold), List.of(card)));

        assertThat(planner().plan(full(List.of(cold), List.of()))).isEmpty();
        assertThat(links.byRecord("recAda").detached()).isFalse();
    }
}
