package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.SCHEMA;
import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.incremental;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.withField;
import static io.leadsync.sync.SyncPlannerTest.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.Test;

/**
 * Mapped fields decided field by field, like the name and description: an Airtable edit is written to the item,
 * an item edit is kept (or, two-way, written to the lead), an edit on both sides is a conflict the content policy
 * decides and the audit records with both values. The mapping: {@code due <- Deadline} (two-way),
 * {@code labels <- Tags} (to the tracker).
 */
class FieldMappingDecisionsTest {

    final StatusMapping statuses = SyncPlannerTest.mapping();
    final PairMapping mapping = PairMapping.ofStatuses(statuses);
    final ItemTemplate defaults = new ItemTemplate("{Name}", SCHEMA);
    final MemoryShadows shadows = new MemoryShadows();
    SyncPolicy policy = SyncPolicy.defaults();

    FieldMappingDecisionsTest() {
        mapping.getFields().put("due", "Deadline");
        mapping.getFields().put("labels", "Tags");
        mapping.getDirections().put("due", PairMapping.TWO_WAY);
    }

    SyncPlanner planner() {
        return new SyncPlanner("trello", () -> mapping, defaults, SCHEMA, policy, shadows,
                (pair, record, modified) -> false, SyncPlannerTest.NO_ORIGINS, 60_000, () -> false,
                MatchRule.defaults());
    }

    static Lead acme(String deadline, String tags, long modified) {
        Lead lead = withField(lead("recAcme", "Acme", "CONTACTED", modified), "Deadline", deadline, modified);
        return withField(lead, "Tags", tags, modified);
    }

    /** Stores the link as both sides last agreed on this lead; returns the item as it was then. */
    TrackerItem linked(Lead lead) {
        String bucket = statuses.bucketFor(lead.field("Status"));
        ItemDraft draft = defaults.with(mapping).render(lead, bucket);
        shadows.with(new Link(lead.id(), "card1", lead.field("Status"), bucket, draft.name(), draft.description(),
                false, lead.modifiedAt(), lead.modifiedAt(), draft.fields()));
        return new TrackerItem("card1", draft.name(), draft.description(), bucket, false, false, lead.modifiedAt(),
                lead.id(), 0, draft.fields());
    }

    static TrackerItem withFields(TrackerItem item, Map<String, String> fields, long modified) {
        return new TrackerItem(item.id(), item.name(), item.description(), item.bucket(), false, false, modified,
                item.recordId(), 0, fields);
    }

    static List<ItemWrite> itemWrites(Decisions decided) {
        return decided.effects().changes().stream().filter(ItemWrite.class::isInstance).map(ItemWrite.class::cast)
                .toList();
    }

    static List<SetLeadStatus> leadWrites(Decisions decided) {
        return decided.afterRail(List.of()).changes().stream().filter(SetLeadStatus.class::isInstance)
                .map(SetLeadStatus.class::cast).toList();
    }

    @Test
    void aNewItemIsCreatedWithItsMappedFieldsAndTheShadowRecordsThem() {
        Lead lead = acme("2026-12-01", "VIP, Hot", 1_000);

        Decisions decided = planner().plan(full(List.of(lead), List.of()));

        CreateItem create = (CreateItem) decided.effects().changes().get(0);
        assertThat(create.draft().fields()).isEqualTo(Map.of("due", "2026-12-01", "labels", "Hot, VIP"));
        assertThat(create.next().fields()).isEqualTo(create.draft().fields());
    }

    @Test
    void anAirtableEditOfAMappedFieldIsWrittenToTheItemAlone() {
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2026-12-24", "Hot", 2_000);

        Decisions decided = planner().plan(full(List.of(edited), List.of(card)));

        assertThat(itemWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.change().fields()).isEqualTo(Map.of("due", "2026-12-24"));
            assertThat(w.change().name()).isNull();
            assertThat(w.next().fields()).containsEntry("due", "2026-12-24").containsEntry("labels", "Hot");
            assertThat(w.summary()).endsWith(": set due to '2026-12-24'");
        });
        assertThat(leadWrites(decided)).isEmpty();
    }

    @Test
    void anItemEditOfAToTrackerFieldIsKeptAndNeverTakenForAnAirtableEdit() {
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        TrackerItem relabelled = withFields(card, Map.of("due", "2026-12-01", "labels", "Cold"), 2_000);

        Decisions decided = planner().plan(full(List.of(lead), List.of(relabelled)));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(shadows.byRecord("recAcme").fields()).containsEntry("labels", "Hot");
    }

    @Test
    void anItemEditOfATwoWayFieldIsWrittenToTheLeadGuardedByTheValueAsRead() {
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        TrackerItem postponed = withFields(card, Map.of("due", "2027-01-15", "labels", "Hot"), 2_000);

        Decisions decided = planner().plan(full(List.of(lead), List.of(postponed)));

        assertThat(itemWrites(decided)).isEmpty();
        assertThat(leadWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.fields()).isEqualTo(Map.of("recAcme", Map.of("Deadline", "2027-01-15")));
            assertThat(w.asRead()).isEqualTo(Map.of("recAcme", Map.of("Deadline", "2026-12-01")));
            assertThat(w.nextLinks()).singleElement().satisfies(next -> {
                assertThat(next.fields()).containsEntry("due", "2027-01-15");
                assertThat(next.status()).isEqualTo("CONTACTED");
            });
        });
    }

    @Test
    void aTwoWayFieldWrittenBesideAStatusGoesInTheSameLeadWrite() {
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        TrackerItem moved = new TrackerItem("card1", card.name(), card.description(), "DONE", false, false, 2_000,
                "recAcme", 0, Map.of("due", "2027-01-15", "labels", "Hot"));

        Decisions decided = planner().plan(full(List.of(lead), List.of(moved)));

        assertThat(leadWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.fields()).isEqualTo(Map.of("recAcme", Map.of("Status", "QUALIFIED",
                    "Deadline", "2027-01-15")));
            assertThat(w.asRead().get("recAcme")).isEqualTo(Map.of("Status", "CONTACTED",
                    "Deadline", "2026-12-01"));
        });
    }

    @Test
    void aFieldEditedOnBothSidesIsAConflictTheContentPolicyDecidesAndTheAuditRecords() {
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2026-12-24", "Hot", 2_000);
        TrackerItem postponed = withFields(card, Map.of("due", "2027-01-15", "labels", "Hot"), 3_000);

        Decisions airtableWins = planner().plan(full(List.of(edited), List.of(postponed)));

        assertThat(airtableWins.effects().audit()).singleElement().isEqualTo(new Effects.Conflict("recAcme", "due",
                "2026-12-24", "2027-01-15", "AIRTABLE_WINS", "airtable", null));
        assertThat(itemWrites(airtableWins)).singleElement()
                .satisfies(w -> assertThat(w.change().fields()).isEqualTo(Map.of("due", "2026-12-24")));
        assertThat(leadWrites(airtableWins)).isEmpty();

        policy = new SyncPolicy(SyncPolicy.Winner.LATEST_WINS, SyncPolicy.Winner.TRACKER_WINS,
                SyncPolicy.ItemGone.UNLINK, null);
        Decisions trackerWins = planner().plan(full(List.of(edited), List.of(postponed)));

        assertThat(trackerWins.effects().audit()).singleElement().isEqualTo(new Effects.Conflict("recAcme", "due",
                "2026-12-24", "2027-01-15", "TRACKER_WINS", "tracker", null));
        assertThat(itemWrites(trackerWins)).isEmpty();
        assertThat(leadWrites(trackerWins)).singleElement()
                .satisfies(w -> assertThat(w.fields()).isEqualTo(Map.of("recAcme", Map.of("Deadline", "2027-01-15"))));
    }

    @Test
    void aToTrackerFieldEditedOnBothSidesKeepsTheItemsValueWhenTheTrackerWins() {
        policy = new SyncPolicy(SyncPolicy.Winner.LATEST_WINS, SyncPolicy.Winner.TRACKER_WINS,
                SyncPolicy.ItemGone.UNLINK, null);
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2026-12-01", "Warm", 2_000);
        TrackerItem relabelled = withFields(card, Map.of("due", "2026-12-01", "labels", "Cold"), 3_000);

        Decisions decided = planner().plan(full(List.of(edited), List.of(relabelled)));

        assertThat(decided.effects().audit()).singleElement().isEqualTo(new Effects.Conflict("recAcme", "labels",
                "Warm", "Cold", "TRACKER_WINS", "tracker", null));
        assertThat(itemWrites(decided)).isEmpty();
        assertThat(leadWrites(decided)).isEmpty();
    }

    @Test
    void theSameEditOnBothSidesIsNoConflictAndNoWrite() {
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2027-01-15", "Hot", 2_000);
        TrackerItem postponed = withFields(card, Map.of("due", "2027-01-15", "labels", "Hot"), 3_000);

        Decisions decided = planner().plan(full(List.of(edited), List.of(postponed)));

        assertThat(decided.effects().audit()).isEmpty();
        assertThat(decided.effects().changes()).isEmpty();
    }

    @Test
    void aFieldMappedSinceTheLastSyncIsWrittenToEveryItemThatDoesNotShowItYet() {
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        shadows.with(shadows.byRecord("recAcme").withFields(Map.of("due", "2026-12-01"))); // labels mapped since
        TrackerItem read = withFields(card, Map.of("due", "2026-12-01", "labels", "Old label"), 1_000);

        Decisions decided = planner().plan(full(List.of(lead), List.of(read)));

        assertThat(itemWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.change().fields()).isEqualTo(Map.of("labels", "Hot"));
            assertThat(w.next().fields()).isEqualTo(Map.of("due", "2026-12-01", "labels", "Hot"));
        });
        assertThat(decided.effects().audit()).as("no conflict: the item's value was never synced").isEmpty();
    }

    @Test
    void aFieldMappedSinceThatTheItemAlreadyShowsIsRecordedWithoutAWrite() {
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        shadows.with(shadows.byRecord("recAcme").withFields(Map.of("due", "2026-12-01")));

        Decisions decided = planner().plan(full(List.of(lead), List.of(card)));

        assertThat(decided.effects().changes()).isEmpty();
        assertThat(decided.effects().shadowUpdates()).singleElement().isInstanceOfSatisfying(Effects.Put.class,
                put -> assertThat(put.link().fields()).containsEntry("labels", "Hot"));
    }

    @Test
    void aFieldTheItemsReadLeftOutIsWrittenAsContentNotRead() {
        // an incremental read that built the item from a change feed: the due date was not read
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2026-12-24", "Hot", 2_000);
        TrackerItem fromFeed = withFields(card, Map.of("labels", "Hot"), 1_500);

        Decisions decided = planner().plan(incremental(List.of(edited), List.of(fromFeed)));

        assertThat(itemWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.change().fields()).isEqualTo(Map.of("due", "2026-12-24"));
            assertThat(w.change().writesUnreadContent()).as("checked against the item before it is sent").isTrue();
        });
    }

    @Test
    void aLeadEditDecidedWithoutReadingTheItemIsWrittenAsContentNotRead() {
        linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = acme("2026-12-24", "Hot", 2_000);

        Decisions decided = planner().plan(incremental(List.of(edited), List.of()));

        assertThat(itemWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.change().fields()).isEqualTo(Map.of("due", "2026-12-24"));
            assertThat(w.change().writesUnreadContent()).isTrue();
        });
    }

    @Test
    void aTwoWayNameRenamedOnTheItemRenamesTheLead() {
        mapping.getDirections().put("name", PairMapping.TWO_WAY);
        Lead lead = acme("2026-12-01", "Hot", 1_000);
        TrackerItem card = linked(lead);
        TrackerItem renamed = new TrackerItem("card1", "Acme Ltd", card.description(), card.bucket(), false, false,
                2_000, "recAcme", 0, card.fields());

        Decisions decided = planner().plan(full(List.of(lead), List.of(renamed)));

        assertThat(itemWrites(decided)).isEmpty();
        assertThat(leadWrites(decided)).singleElement().satisfies(w -> {
            assertThat(w.fields()).isEqualTo(Map.of("recAcme", Map.of("Name", "Acme Ltd")));
            assertThat(w.nextLinks().get(0).name()).isEqualTo("Acme Ltd");
        });
    }

    @Test
    void anEditOfTheFieldsOrTemplatesHasTheNextCycleReadEverything() {
        Decisions before = planner().plan(full(List.of(), List.of()));
        shadows.cursors.put(SyncPlanner.MAPPING_CURSOR, before.placements());
        assertThat(planner().mappingChanged()).as("nothing rendered yet by a known mapping: an upgrade").isFalse();
        shadows.cursors.put(SyncPlanner.RENDERING_CURSOR, before.rendering());
        assertThat(planner().mappingChanged()).isFalse();

        mapping.getFields().put("priority", "Priority");
        assertThat(planner().mappingChanged()).as("a field mapped").isTrue();
        mapping.getFields().remove("priority");
        mapping.setDescriptionTemplate("{Description}\n{marker}");
        assertThat(planner().mappingChanged()).as("a new description template").isTrue();
    }

    @Test
    void aMoveOfUnknownOutcomeTakenForLandedKeepsItsFieldsOnlyWhereTheCardShowsThem() {
        TrackerItem card = linked(acme("2026-12-01", "Hot", 1_000));
        Lead edited = withStatus(acme("2026-12-24", "Hot", 2_000), "QUALIFIED", 2_000);
        ItemWrite move = itemWrites(planner().plan(full(List.of(edited), List.of(card)))).get(0);
        assertThat(move.change().fields()).containsEntry("due", "2026-12-24");
        shadows.intents.put("recAcme", new LinkStore.Intent(move.next(), true)); // sent; no answer ever came
        // read back where it was, changed after: the policy takes the move for landed and moved back by a person
        TrackerItem movedBack = withFields(card, card.fields(), 3_000);

        Decisions again = planner().plan(full(List.of(edited), List.of(movedBack)));

        assertThat(itemWrites(again)).as("the due date never landed: written again").singleElement()
                .satisfies(w -> assertThat(w.change().fields()).isEqualTo(Map.of("due", "2026-12-24")));
    }
}
