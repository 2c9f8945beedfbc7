package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.incremental;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.change.ItemWrite;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.Test;

/**
 * An operator's resync of a lead: the next plan that reads both sides whole decides the lead and its item again as
 * if their shadow were lost. Each field that differs is a conflict the policies decide (status: latest wins by the
 * two sides' modification times; content: Airtable wins, the defaults); each field they agree on needs no write.
 * The case it is for: the two sides differ while the shadow says neither changed (a write lost, state restored from
 * a backup), which no ordinary cycle would ever look at again.
 */
class ResyncDecisionsTest {

    final StatusMapping mapping = SyncPlannerTest.mapping();
    final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);
    final MemoryShadows shadows = new MemoryShadows();
    final SyncPlanner planner = new SyncPlanner("trello", () -> PairMapping.ofStatuses(mapping), template, SCHEMA,
            SyncPolicy.defaults(), shadows, (pair, record, modified) -> false, SyncPlannerTest.NO_ORIGINS, 60_000,
            () -> false, MatchRule.defaults());

    /** Lead NEW "Acme" (TODO) at 1000; its card in DOING named "Acme (key account)" at 3000; the shadow agrees with each side's own value. */
    final Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
    final TrackerItem card = new TrackerItem("card1", "Acme (key account)", template.render(acme, "DOING")
            .description(), "DOING", false, false, 3_000, "recAcme");

    ResyncDecisionsTest() {
        shadows.with(new Link("recAcme", "card1", "NEW", "DOING", "Acme", card.description(), false, 1_000, 3_000));
    }

    @Test
    void withoutAResyncTwoSidesThatDisagreeBehindAnAgreeingShadowAreLeftAsTheyAre() {
        Decisions decided = planner.plan(full(List.of(acme), List.of(card)));

        assertThat(decided.effects().leadWrites()).isEmpty();
        assertThat(decided.effects().audit()).isEmpty();
    }

    @Test
    void aResyncDecidesEveryDifferingFieldByItsConflictPolicyAndAuditsIt() {
        planner.resync("recAcme");

        Decisions decided = planner.plan(full(List.of(acme), List.of(card)));

        assertThat(decided.effects().audit()).first().isInstanceOfSatisfying(Effects.Event.class,
                e -> assertThat(e.event()).isEqualTo("resync"));
        assertThat(decided.effects().audit()).filteredOn(Effects.Conflict.class::isInstance)
                .extracting(e -> ((Effects.Conflict) e).field(), e -> ((Effects.Conflict) e).winner())
                .as("the status: the card moved later; the name: Airtable owns content")
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("status", "tracker"),
                        org.assertj.core.groups.Tuple.tuple("name", "airtable"));
        assertThat(decided.effects().leadWrites()).singleElement()
                .satisfies(w -> assertThat(w.fields()).isEqualTo(Map.of("Status", "CONTACTED")));
        assertThat(decided.effects().changes()).filteredOn(ItemWrite.class::isInstance).singleElement()
                .satisfies(w -> {
                    assertThat(((ItemWrite) w).change().name()).isEqualTo("Acme");
                    assertThat(((ItemWrite) w).change().bucket()).as("the card stays where it was moved").isNull();
                });
    }

    @Test
    void fieldsBothSidesAgreeOnNeedNoWrite() {
        TrackerItem inLine = new TrackerItem("card1", "Acme", card.description(), "TODO", false, false, 3_000,
                "recAcme");
        planner.resync("recAcme");

        Decisions decided = planner.plan(full(List.of(acme), List.of(inLine)));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(decided.effects().leadWrites()).isEmpty();
        assertThat(decided.effects().audit()).filteredOn(Effects.Conflict.class::isInstance).isEmpty();
    }

    @Test
    void aResyncWaitsForAReadOfBothSidesWholeAndIsDecidedOnce() {
        planner.resync("recAcme");

        assertThat(planner.plan(incremental(List.of(acme), List.of(card))).effects().audit())
                .as("an incremental read").isEmpty();
        assertThat(planner.plan(full(List.of(acme), List.of(card))).effects().audit())
                .filteredOn(Effects.Event.class::isInstance).hasSize(1);
        assertThat(planner.plan(full(List.of(acme), List.of(card))).effects().audit()).as("used up").isEmpty();
    }
}
