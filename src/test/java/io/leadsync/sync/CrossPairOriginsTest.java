package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.moved;
import static io.leadsync.sync.SyncPlannerTest.withField;
import static io.leadsync.sync.SyncPlannerTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.state.StatusOriginJournal;
import io.leadsync.state.StatusOrigins;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairs that share a table: pair "sales" moved its card to DONE at 5 s and wrote QUALIFIED to the lead, which
 * landed in Airtable at 8 s; meanwhile, at 6 s, a person moved the lead's item of this pair ("b") to TODO. Under
 * latest-wins the later edit is the person's, so the item's move wins: the lead's change counts from the card's move
 * (its true origin, from the status-origin journal), not from when the write landed; the audit names that origin.
 */
class CrossPairOriginsTest {

    @TempDir
    Path dir;

    final StatusMapping mapping = SyncPlannerTest.mapping();
    final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);
    final MemoryShadows shadows = new MemoryShadows();

    final Lead acme = lead("recAcme", "Acme", "CONTACTED", 1_000);
    /** Pair sales's card moved to DONE at 5 s; its write of QUALIFIED was answered at 8 s. */
    final StatusOrigins.Origin salesMove = new StatusOrigins.Origin("sales", "QUALIFIED", "card9", "DONE", 5_000,
            8_000);

    SyncPlanner planner(StatusOrigins origins) {
        return planner("b", origins);
    }

    SyncPlanner planner(String pair, StatusOrigins origins) {
        return new SyncPlanner(pair, () -> PairMapping.ofStatuses(mapping), template, SCHEMA, SyncPolicy.defaults(), shadows,
                (p, record, modified) -> false, origins, 60_000, () -> false, MatchRule.defaults());
    }

    /** The lead linked to this pair's item in DOING, as the last sync left them. */
    TrackerItem linked() {
        ItemDraft draft = template.render(acme, "DOING");
        shadows.with(new Link(acme.id(), "item1", "CONTACTED", "DOING", draft.name(), draft.description(), false,
                1_000, 1_000));
        return new TrackerItem("item1", draft.name(), draft.description(), "DOING", false, false, 1_000, acme.id());
    }

    /** The journal as a restart finds it: the origins were written by the pairs before the restart, in order. */
    StatusOrigins journalWith(StatusOrigins.Origin... origins) {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        for (StatusOrigins.Origin origin : origins) {
            journal.landed(Map.of(acme.id(), origin));
        }
        return new StatusOriginJournal(dir.toString());
    }

    /**
     * Three-pair campaign :701: this pair's write of NEW (its item moved to TODO at 6 s) got no answer; the lead is
     * read still CONTACTED, modified at 7 s. By leadsync's own write (another pair's link write-back, answered at
     * 7.01 s), no person touched it: the write did not land and is sent again. Modified by anyone else, the write is
     * in doubt and the status policy decides (latest-wins: the later modification).
     */
    @Test
    void aStatusWriteOfUnknownOutcomeIsSentAgainWhenOnlyLeadsyncTouchedTheLeadSince() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Link before = shadows.byRecord(acme.id());
        shadows.intents.put(acme.id(), new LinkStore.Intent(before.withStatus("NEW", 1_000)
                .withItemState("TODO", before.name(), before.description(), 6_000), false));
        Lead modifiedSince = withStatus(acme, "CONTACTED", 7_000);
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.wrote(List.of(acme.id()), 7_010);

        Decisions resent = planner(journal).plan(full(List.of(modifiedSince), List.of(item)));
        Decisions doubted = planner(SyncPlannerTest.NO_ORIGINS).plan(full(List.of(modifiedSince), List.of(item)));

        assertThat(resent.effects().audit()).noneMatch(a -> a instanceof Effects.Conflict);
        assertThat(resent.effects().leadWrites()).singleElement()
                .satisfies(w -> assertThat(w.fields()).containsEntry("Status", "NEW"));
        assertThat(doubted.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.policy()).endsWith("after a write of unknown outcome");
            assertThat(c.winner()).isEqualTo("airtable");
        });
    }

    @Test
    void theItemMovedAfterTheOtherPairsCardWinsUnderLatestWinsAndTheAuditNamesTheOrigin() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Lead setBySales = withStatus(acme, "QUALIFIED", 8_000);

        Decisions decided = planner(journalWith(salesMove)).plan(full(List.of(setBySales), List.of(item)));

        assertThat(decided.effects().changes()).as("the lead follows the item; the item stays").noneMatch(
                c -> c instanceof ItemWrite);
        assertThat(decided.effects().leadWrites()).singleElement()
                .satisfies(w -> assertThat(w.fields()).containsEntry("Status", "NEW"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.winner()).isEqualTo("tracker");
            assertThat(c.origin()).contains("the sales pair", "card9", "moved to DONE",
                    "written to Airtable by leadsync");
        });
    }

    @Test
    void aStatusSetBackByAPersonAfterTheOtherPairsWriteIsALeadChangeThatBeatsAnOlderItemMove() {
        // this pair's item moved at 6 s; the sales pair wrote QUALIFIED (answered at 8 s); 30 ms later a person set
        // the lead back to CONTACTED, the status this pair last synced (three-pair campaign :113, :209, :211)
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Lead setBack = withStatus(acme, "CONTACTED", 8_030);

        Decisions decided = planner(journalWith(salesMove)).plan(full(List.of(setBack), List.of(item)));

        assertThat(decided.effects().leadWrites()).as("the person's later edit is not overwritten").isEmpty();
        assertThat(decided.effects().shadowUpdates()).as("the sales write no longer explains the lead's status")
                .contains(new Effects.Superseded(acme.id(), "CONTACTED", 8_030));
        assertThat(decided.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DOING"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class,
                c -> assertThat(c.winner()).isEqualTo("airtable"));
    }

    @Test
    void withoutTheOriginTheWriteCountsFromWhenItLandedAndTheLeadWins() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Lead setBySales = withStatus(acme, "QUALIFIED", 8_000);

        Decisions decided = planner(SyncPlannerTest.NO_ORIGINS).plan(full(List.of(setBySales), List.of(item)));

        assertThat(decided.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DONE"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class,
                c -> assertThat(c.origin()).as("taken for a person's edit").isNull());
    }

    @Test
    void anItemMovedBeforeTheOtherPairsCardLosesAndTheAuditStillNamesTheOrigin() {
        TrackerItem item = moved(linked(), "TODO", 4_000);
        Lead setBySales = withStatus(acme, "QUALIFIED", 8_000);

        Decisions decided = planner(journalWith(salesMove)).plan(full(List.of(setBySales), List.of(item)));

        assertThat(decided.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DONE"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.winner()).isEqualTo("airtable");
            assertThat(c.origin()).contains("the sales pair", "card9");
        });
    }

    @Test
    void aLeadSetToAnotherStatusAndBackAfterTheOtherPairsWriteIsAPersonsEdit() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        StatusOrigins journal = journalWith(salesMove);
        // a read at 20 s showed the lead NEW (a person's edit); the same person then set QUALIFIED again
        journal.superseded(acme.id(), "NEW", 20_000);
        Lead editedLater = withStatus(acme, "QUALIFIED", 8_000 + 60_000);

        Decisions decided = planner(journal).plan(full(List.of(editedLater), List.of(item)));

        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.winner()).isEqualTo("airtable");
            assertThat(c.origin()).isNull();
        });
    }

    /**
     * Three-pair campaign :317: a person renamed the lead after the sales pair's write; its modification time moved,
     * its status did not: the status still counts from the sales card's move (5 s), and this pair's later move wins.
     */
    @Test
    void aLeadWhoseOtherFieldsWereEditedAfterTheOtherPairsWriteKeepsItsOrigin() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Lead renamedLater = withField(withStatus(acme, "QUALIFIED", 9_000), "Name", "Acme Ltd", 12_000);

        Decisions decided = planner(journalWith(salesMove)).plan(full(List.of(renamedLater), List.of(item)));

        assertThat(decided.effects().audit()).filteredOn(Effects.Conflict.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Effects.Conflict.class, c -> {
                    assertThat(c.winner()).isEqualTo("tracker");
                    assertThat(c.origin()).contains("the sales pair");
                });
    }

    @Test
    void thisPairsOwnWriteIsNoOtherOrigin() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        Lead setByItself = withStatus(acme, "QUALIFIED", 8_000);
        StatusOrigins.Origin own = new StatusOrigins.Origin("b", "QUALIFIED", "item1", "DONE", 5_000, 8_000);

        Decisions decided = planner(journalWith(own)).plan(full(List.of(setByItself), List.of(item)));

        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class,
                c -> assertThat(c.origin()).isNull());
    }

    /**
     * Three-pair campaign :119: this pair's item was moved to TODO at 6 s and its write of NEW landed at 6.5 s; the
     * sales pair's write of QUALIFIED, from a card moved earlier (5 s), was held back by Airtable and landed after
     * it, at 8 s. The later edit is this pair's move: its status is written again, not the item moved after the
     * older card, and the conflict is audited with the write's origin.
     */
    @Test
    void aWriteFromAnOlderMoveThatLandedAfterThisPairsOwnIsWrittenOver() {
        // this pair's own write of NEW, from its item moved to TODO at 6 s
        Decisions first = planner(SyncPlannerTest.NO_ORIGINS).plan(full(List.of(acme),
                List.of(moved(linked(), "TODO", 6_000))));
        ItemDraft draft = template.render(acme, "TODO");
        shadows.with(new Link(acme.id(), "item1", "NEW", "TODO", draft.name(), draft.description(), false, 6_500,
                6_000));
        TrackerItem item = new TrackerItem("item1", draft.name(), draft.description(), "TODO", false, false, 6_000,
                acme.id());
        StatusOrigins.Origin own = new StatusOrigins.Origin("b", "NEW", "item1", "TODO", 6_000, 6_500);

        Decisions decided = planner(journalWith(own, salesMove)).plan(full(List.of(withStatus(acme, "QUALIFIED",
                8_000)), List.of(item)));

        assertThat(decided.effects().changes()).as("the item stays where the later move put it").isEmpty();
        assertThat(decided.effects().leadWrites()).singleElement()
                .satisfies(w -> assertThat(w.fields()).containsEntry("Status", "NEW"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.winner()).isEqualTo("tracker");
            assertThat(c.origin()).contains("the sales pair", "card9");
        });
        // three-pair campaign :894: the same status from the same move, written over another reading, is not
        // skipped as the first write (whose change key the idempotent consumer holds)
        assertThat(keyOfTheLeadWrite(decided)).isNotEqualTo(keyOfTheLeadWrite(first));
    }

    private static String keyOfTheLeadWrite(Decisions decided) {
        return decided.afterRail(List.of()).changes().stream().filter(SetLeadStatus.class::isInstance)
                .findFirst().orElseThrow().idempotencyKey();
    }

    /** The same write landing after this pair's own, but from a later move: the lead's change, followed as always. */
    @Test
    void aWriteFromALaterMoveThatLandedAfterThisPairsOwnIsFollowed() {
        ItemDraft draft = template.render(acme, "TODO");
        shadows.with(new Link(acme.id(), "item1", "NEW", "TODO", draft.name(), draft.description(), false, 6_500,
                6_000));
        TrackerItem item = new TrackerItem("item1", draft.name(), draft.description(), "TODO", false, false, 6_000,
                acme.id());
        StatusOrigins.Origin own = new StatusOrigins.Origin("b", "NEW", "item1", "TODO", 4_000, 6_500);

        Decisions decided = planner(journalWith(own, salesMove)).plan(full(List.of(withStatus(acme, "QUALIFIED",
                8_000)), List.of(item)));

        assertThat(decided.effects().leadWrites()).isEmpty();
        assertThat(decided.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DONE"));
    }

    /**
     * Three-pair campaign :209: the sales pair wrote QUALIFIED (its card moved at 5 s); at 9 s a person moved this
     * pair's item to DONE, where QUALIFIED already puts it: nothing to write, but the move is journaled as what
     * backs the status. A third pair whose item moved at 7 s, after the sales card but before this move, then loses
     * to the lead: without the journaled move it weighed the sales card alone, and overwrote the later move.
     */
    @Test
    void aMoveThatAgreesWithTheLeadIsJournaledAndBeatsAThirdPairsOlderMove() {
        TrackerItem item = moved(linked(), "DONE", 9_000);
        Lead setBySales = withStatus(acme, "QUALIFIED", 8_000);
        StatusOrigins journal = journalWith(salesMove);

        Decisions decided = planner(journal).plan(full(List.of(setBySales), List.of(item)));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(decided.effects().leadWrites()).isEmpty();
        assertThat(decided.effects().shadowUpdates()).filteredOn(Effects.Backed.class::isInstance).singleElement()
                .isInstanceOfSatisfying(Effects.Backed.class, b -> {
                    assertThat(b.origin().pair()).isEqualTo("b");
                    assertThat(b.origin().at()).isEqualTo(9_000);
                });
        decided.effects().shadowUpdates().stream().filter(Effects.Backed.class::isInstance).map(Effects.Backed.class::cast)
                .forEach(b -> journal.landed(Map.of(b.recordId(), b.origin())));

        shadows.with(new Link(acme.id(), "task1", "CONTACTED", "DOING", "Acme", "", false, 1_000, 1_000));
        TrackerItem task = new TrackerItem("task1", "Acme", "", "TODO", false, false, 7_000, acme.id());
        Decisions third = planner("c", journal).plan(full(List.of(setBySales), List.of(task)));

        assertThat(third.effects().leadWrites()).as("the older move does not overwrite the later one").isEmpty();
        assertThat(third.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DONE"));
    }

    /**
     * Three-pair campaign :321: this pair's item was moved to TODO at 6 s; the sales pair wrote QUALIFIED and then,
     * from its card moved back at 7 s, CONTACTED again, the status this pair last synced. The lead looks unchanged
     * to this pair, but it was set by a later move: that move wins, and the item goes back to DOING.
     */
    @Test
    void theStatusThisPairLastSyncedWrittenAgainByAnotherPairsLaterMoveIsALeadChange() {
        TrackerItem item = moved(linked(), "TODO", 6_000);
        StatusOrigins.Origin salesBack = new StatusOrigins.Origin("sales", "CONTACTED", "card9", "DOING", 7_000,
                7_500);

        Decisions decided = planner(journalWith(salesMove, salesBack)).plan(full(List.of(withStatus(acme,
                "CONTACTED", 7_400)), List.of(item)));

        assertThat(decided.effects().leadWrites()).as("the later move is not overwritten").isEmpty();
        assertThat(decided.effects().changes()).singleElement().isInstanceOfSatisfying(MoveItem.class,
                m -> assertThat(m.change().bucket()).isEqualTo("DOING"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.winner()).isEqualTo("airtable");
            assertThat(c.origin()).contains("the sales pair", "moved to DOING");
        });
    }
}
