package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.moved;
import static io.leadsync.sync.SyncPlannerTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.leadsync.airtable.Lead;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.change.ArchiveItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.Test;

/**
 * The planner as a pure function: what was read and the shadows in, {@link Decisions} out. No state files: the
 * shadows are in memory and read only, and every effect is asserted on the returned values. Mapping as in
 * {@link SyncPlannerTest}.
 */
class SyncPlannerDecisionsTest {

    final StatusMapping mapping = SyncPlannerTest.mapping();
    final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);
    final MemoryShadows shadows = new MemoryShadows();
    boolean holding;

    SyncPlanner planner() {
        return new SyncPlanner("trello", () -> PairMapping.ofStatuses(mapping), template, SCHEMA, SyncPolicy.defaults(), shadows,
                (pair, record, modified) -> false, SyncPlannerTest.NO_ORIGINS, 60_000, () -> holding, MatchRule.defaults());
    }

    TrackerItem linked(Lead lead, String itemId) {
        String bucket = mapping.bucketFor(lead.field("Status"));
        ItemDraft draft = template.render(lead, bucket);
        shadows.with(new Link(lead.id(), itemId, lead.field("Status"), bucket, draft.name(), draft.description(),
                false, lead.modifiedAt(), lead.modifiedAt()));
        return new TrackerItem(itemId, draft.name(), draft.description(), bucket, false, false, lead.modifiedAt(),
                lead.id());
    }

    /** A link detached when a person archived its item, whose content shadow is the lead's as last rendered. */
    TrackerItem archivedByAPerson(Lead lead, String itemId) {
        TrackerItem item = linked(lead, itemId);
        shadows.with(shadows.byRecord(lead.id()).withDetached(true).withItemState(null, item.name(),
                item.description(), 2_000));
        return item;
    }

    @Test
    void aRestoredItemKeepsTheNameAPersonGaveItWhenTheLeadsNameDidNotChange() {
        // campaign trello:5106: renamed, archived, restored by a person; the rename was overwritten on restore
        Lead acme = lead("recAcme", "Acme", "CONTACTED", 1_000);
        TrackerItem card = archivedByAPerson(acme, "card1");
        TrackerItem restored = new TrackerItem("card1", "Acme (key account)", card.description(), card.bucket(),
                false, false, 3_000, "recAcme");

        Decisions decided = planner().plan(full(List.of(acme), List.of(restored)));

        assertThat(decided.effects().changes()).as("nothing to write: the card is where the lead puts it")
                .filteredOn(ItemWrite.class::isInstance).isEmpty();
        assertThat(decided.effects().audit()).extracting(e -> ((Effects.Event) e).event()).contains("restored");
    }

    @Test
    void aRestoredItemTakesTheLeadsNewNameWhenTheLeadWasRenamedWhileItWasArchived() {
        Lead acme = lead("recAcme", "Acme", "CONTACTED", 1_000);
        TrackerItem card = archivedByAPerson(acme, "card1");
        Lead renamed = lead("recAcme", "Acme Ltd", "CONTACTED", 4_000);
        TrackerItem restored = new TrackerItem("card1", card.name(), card.description(), card.bucket(), false, false,
                3_000, "recAcme");

        Decisions decided = planner().plan(full(List.of(renamed), List.of(restored)));

        assertThat(decided.effects().changes()).filteredOn(ItemWrite.class::isInstance).singleElement()
                .satisfies(w -> assertThat(((ItemWrite) w).change().name()).isEqualTo("Acme Ltd"));
    }

    @Test
    void aLeadWithAStatusOutsideTheMappingIsADeadLetterThatQuarantinesIt() {
        Lead odd = lead("recOdd", "Odd", "ON_HOLD", 1_000);

        Decisions decided = planner().plan(full(List.of(odd), List.of()));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(decided.effects().deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.recordId()).isEqualTo("recOdd");
            assertThat(d.sourceModified()).isEqualTo(1_000);
            assertThat(d.quarantine()).isTrue();
            assertThat(d.reason()).contains("ON_HOLD");
        });
    }

    @Test
    void anItemFoundByItsMarkerIsRelinkedAsAShadowUpdateThatTheRestOfThePlanSees() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        ItemDraft draft = template.render(acme, "TODO");
        TrackerItem card = new TrackerItem("card1", draft.name(), draft.description(), "TODO", false, false, 900,
                "recAcme");

        Decisions decided = planner().plan(full(List.of(acme), List.of(card)));

        assertThat(decided.effects().changes()).as("no create, and no duplicate archived").isEmpty();
        assertThat(decided.removals()).isEmpty();
        assertThat(decided.effects().shadowUpdates()).first().isInstanceOfSatisfying(Effects.Put.class,
                put -> assertThat(put.link().itemId()).isEqualTo("card1"));
        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Event.class,
                e -> assertThat(e.event()).isEqualTo("relinked"));
        assertThat(shadows.byRecord("recAcme")).as("the shadows in are only read").isNull();
    }

    @Test
    void bothSidesChangedIsAnAuditedConflictAndTheItemsMoveIsAStatusWriteBatchedAfterTheRail() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = linked(acme, "card1");

        Decisions decided = planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 2_000)),
                List.of(moved(card, "DOING", 3_000))));

        assertThat(decided.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Conflict.class, c -> {
            assertThat(c.field()).isEqualTo("status");
            assertThat(c.winner()).isEqualTo("tracker");
        });
        assertThat(decided.effects().changes()).as("lead writes wait for the batch").isEmpty();
        assertThat(decided.effects().leadWrites()).singleElement()
                .satisfies(w -> assertThat(w.fields()).isEqualTo(Map.of("Status", "CONTACTED")));
        assertThat(decided.effects().seen()).containsExactly(new LinkStore.Seen("recAcme", "QUALIFIED", "DOING"));

        Effects effects = decided.afterRail(List.of());
        assertThat(effects.changes()).singleElement().isInstanceOfSatisfying(SetLeadStatus.class,
                a -> assertThat(a.fields()).containsExactly(Map.entry("recAcme", Map.of("Status", "CONTACTED"))));
        assertThat(effects.leadWrites()).isEmpty();
    }

    @Test
    void aDeletedLeadsArchiveIsARemovalWhoseEffectsCountOnlyOnceTheRailLetsItThrough() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = linked(acme, "card1");

        Decisions decided = planner().plan(full(List.of(), List.of(card)));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(decided.effects().audit()).isEmpty();
        assertThat(decided.linked()).isEqualTo(1);
        SafetyRail.Removal removal = decided.removals().get(0);
        assertThat(removal.kind()).isEqualTo(SafetyRail.RemovalKind.ARCHIVE_DELETED);
        assertThat(removal.effects().audit()).singleElement().isInstanceOfSatisfying(Effects.Event.class,
                e -> assertThat(e.event()).isEqualTo("lead-deleted"));

        assertThat(decided.afterRail(List.of()).changes()).as("held").isEmpty();
        Effects passed = decided.afterRail(decided.removals());
        assertThat(passed.changes()).singleElement().isInstanceOfSatisfying(ArchiveItem.class,
                a -> assertThat(a.unlinkAfter()).isTrue());
        assertThat(passed.audit()).hasSize(1);
    }

    @Test
    void elevenStatusWritesAreTwoBatchesAfterTheItemChanges() {
        List<Lead> leads = IntStream.range(0, 11).mapToObj(i -> lead("rec" + i, "Lead " + i, "NEW", 1_000)).toList();
        List<TrackerItem> items = leads.stream().map(l -> moved(linked(l, "card-" + l.id()), "DONE", 2_000)).toList();

        Effects effects = planner().plan(full(leads, items)).afterRail(List.of());

        assertThat(effects.changes()).allMatch(SetLeadStatus.class::isInstance).hasSize(2);
        assertThat(((SetLeadStatus) effects.changes().get(0)).fields()).hasSize(10);
        assertThat(effects.seen()).hasSize(11);
    }

    @Test
    void theLinkedCountIsTakenOnlyWhenARemovalIsPlannedOrAHoldIsPending() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = linked(acme, "card1");

        assertThat(planner().plan(full(List.of(acme), List.of(card))).linked()).isZero();
        holding = true;
        assertThat(planner().plan(full(List.of(acme), List.of(card))).linked()).isEqualTo(1);
    }
}
