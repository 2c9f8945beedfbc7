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
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.change.ArchiveItem;
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
        return new SyncPlanner("trello", () -> mapping, template, SCHEMA, SyncPolicy.defaults(), shadows,
                (pair, record, modified) -> false, 60_000, () -> holding, MatchRule.defaults());
    }

    TrackerItem linked(Lead lead, String itemId) {
        String bucket = mapping.bucketFor(lead.field("Status"));
        ItemDraft draft = template.render(lead, bucket);
        shadows.with(new Link(lead.id(), itemId, lead.field("Status"), bucket, draft.name(), draft.description(),
                false, lead.modifiedAt(), lead.modifiedAt()));
        return new TrackerItem(itemId, draft.name(), draft.description(), bucket, false, false, lead.modifiedAt(),
                lead.id());
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
