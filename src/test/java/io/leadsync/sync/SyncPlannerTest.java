package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.sandbox.MutableClock;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.support.PendingLinks;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.sync.SyncPolicy.ItemGone;
import io.leadsync.sync.SyncPolicy.Winner;
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
 * The planner against real state stores in a temp directory and hand-built leads and items. The mapping has a
 * many-to-one bucket (CONTACTED and IN_PROGRESS both live in DOING) and a status without an item (LOST).
 */
class SyncPlannerTest {

    static final String PAIR = "trello";
    /** No other pair wrote any lead's status. */
    static final io.leadsync.state.StatusOrigins NO_ORIGINS = (record, status, modified) -> null;
    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");
    static final ObjectMapper JSON = new ObjectMapper();
    /** The Airtable field holding each lead's card id. */
    static final String LINK_FIELD = "Trello Card";
    /** When a cycle decides (leadsync's clock), long after every hand-made time in these tests. */
    static final long NOW = 100_000_000;

    @TempDir
    Path dir;

    LinkStore links;
    DeadLetterStore deadLetters;
    AuditLog audit;
    StatusMapping mapping = mapping();
    ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);
    SyncPolicy policy = SyncPolicy.defaults();
    SafetyRail rail;
    MatchRule matchRule = MatchRule.defaults();
    MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));

    static StatusMapping mapping() {
        StatusMapping m = new StatusMapping();
        m.getLeadToTracker().put("NEW", "TODO");
        m.getLeadToTracker().put("CONTACTED", "DOING");
        m.getLeadToTracker().put("IN_PROGRESS", "DOING");
        m.getLeadToTracker().put("QUALIFIED", "DONE");
        m.getLeadToTracker().put("LOST", StatusMapping.NO_ITEM);
        m.getTrackerToLead().put("TODO", "NEW");
        m.getTrackerToLead().put("DOING", "CONTACTED");
        m.getTrackerToLead().put("DONE", "QUALIFIED");
        return m;
    }

    @BeforeEach
    void openStores() {
        links = new LinkStore(dir.toString(), PAIR);
        deadLetters = new DeadLetterStore(dir.toString(), clock);
        audit = new AuditLog(dir.toString(), clock);
        rail = new SafetyRail(PAIR, "Trello board 'Work Tracker'", dir.toString(), new SafetyRail.Limits(10, 20), clock);
    }

    @AfterEach
    void closeStores() {
        links.close();
    }

    // ------------------------------------------------------------------ building blocks

    PlannedCycle planner() {
        return new PlannedCycle(new SyncPlanner(PAIR, () -> PairMapping.ofStatuses(mapping), template, SCHEMA, policy,
                links, deadLetters::isQuarantined, NO_ORIGINS, 60_000, rail::holding, matchRule), rail,
                new PersistDecisions(PAIR, links, audit, deadLetters, NO_ORIGINS), links);
    }

    static Lead lead(String id, String name, String status, long modified) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("Email", name.toLowerCase().replace(' ', '.') + "@example.test");
        fields.put("Status", status);
        return new Lead(id, fields, modified);
    }

    static Lead withStatus(Lead lead, String status, long modified) {
        return withField(lead, "Status", status, modified);
    }

    static Lead withField(Lead lead, String field, String value, long modified) {
        Map<String, String> fields = new LinkedHashMap<>(lead.fields());
        fields.put(field, value);
        return new Lead(lead.id(), fields, modified);
    }

    /** The item as leadsync rendered it for the lead, in a bucket. */
    TrackerItem item(String id, Lead lead, String bucket, long modified) {
        ItemDraft draft = template.render(lead, bucket);
        return new TrackerItem(id, draft.name(), draft.description(), bucket, false, false, modified, lead.id());
    }

    static TrackerItem moved(TrackerItem item, String bucket, long modified) {
        return new TrackerItem(item.id(), item.name(), item.description(), bucket, item.closed(), item.deleted(),
                modified, item.recordId());
    }

    static TrackerItem archived(TrackerItem item, long modified) {
        return new TrackerItem(item.id(), item.name(), item.description(), item.bucket(), true, false, modified,
                item.recordId());
    }

    static TrackerItem deleted(TrackerItem item, long modified) {
        return new TrackerItem(item.id(), item.name(), item.description(), item.bucket(), false, true, modified,
                item.recordId());
    }

    /** Stores the link of a lead and its item as both sides last agreed; returns the item. */
    TrackerItem linked(Lead lead, String itemId, long itemModified) {
        String bucket = mapping.bucketFor(lead.field("Status"));
        TrackerItem item = item(itemId, lead, bucket, itemModified);
        links.put(new Link(lead.id(), itemId, lead.field("Status"), bucket, item.name(), item.description(), false,
                lead.modifiedAt(), itemModified));
        return item;
    }

    /** A full read of both sides: complete, with the marker index; the leads read after every change. */
    static SyncPlanner.Snapshot full(List<Lead> leads, List<TrackerItem> items) {
        return full(leads, items, Long.MAX_VALUE);
    }

    /** A full read whose leads were read at {@code leadsReadAt}, before the items. */
    static SyncPlanner.Snapshot full(List<Lead> leads, List<TrackerItem> items, long leadsReadAt) {
        return full(leads, items, leadsReadAt, NOW);
    }

    /** A full read whose cycle decides at {@code now}. */
    static SyncPlanner.Snapshot full(List<Lead> leads, List<TrackerItem> items, long leadsReadAt, long now) {
        Map<String, TrackerItem> markers = new LinkedHashMap<>();
        items.stream().filter(i -> i.recordId() != null && !i.deleted()).forEach(i -> markers.putIfAbsent(i.recordId(), i));
        return new SyncPlanner.Snapshot(byId(leads), true, itemsById(items), true, markers, leadsReadAt, LINK_FIELD,
                now);
    }

    /** An incremental read: only what changed, no marker index. */
    static SyncPlanner.Snapshot incremental(List<Lead> leads, List<TrackerItem> items) {
        return new SyncPlanner.Snapshot(byId(leads), false, itemsById(items), false, null, Long.MAX_VALUE, null, NOW);
    }

    static Map<String, Lead> byId(List<Lead> leads) {
        Map<String, Lead> out = new LinkedHashMap<>();
        leads.forEach(l -> out.put(l.id(), l));
        return out;
    }

    static Map<String, TrackerItem> itemsById(List<TrackerItem> items) {
        Map<String, TrackerItem> out = new LinkedHashMap<>();
        items.forEach(i -> out.put(i.id(), i));
        return out;
    }

    /** What SyncPair does once a push succeeded: the shadows become the next links. */
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
    }

    List<JsonNode> auditLines() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** The lead's new email pushed to its item by a content-only write, and the lead set to {@code status}. */
    static void assertNewEmailPushedAndLeadSetTo(List<Change> actions, String status) {
        assertThat(actions).extracting(SyncPlannerTest::kind).containsExactlyInAnyOrder(ItemWrite.class, SetLeadStatus.class);
        actions.forEach(action -> {
            if (action instanceof ItemWrite write) {
                assertThat(write.change().description()).contains("new@example.test");
                assertThat(write.change().placesItem()).isFalse();
            } else {
                assertThat(((SetLeadStatus) action).fields())
                        .containsExactly(Map.entry("recAcme", Map.of("Status", status)));
            }
        });
    }

    /** The change's kind as these scenarios tell them apart: a create, an item write, a lead status write. */
    static Class<?> kind(Change change) {
        return change instanceof ItemWrite ? ItemWrite.class : change.getClass();
    }

    static <T extends Change> T only(List<Change> actions, Class<T> kind) {
        assertThat(actions).extracting(SyncPlannerTest::kind).containsExactly(kind);
        return kind.cast(actions.get(0));
    }

    // ------------------------------------------------------------------ leads without an item

    @Nested
    class UnlinkedLeads {

        @Test
        void aLeadWithoutAnItemGetsOneWhenTheMarkerIndexHasNoneForIt() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

            var create = only(planner().plan(full(List.of(acme), List.of())), CreateItem.class);

            assertThat(create.recordId()).isEqualTo("recAcme");
            assertThat(create.next().itemId()).isNull();
            assertThat(create.draft().name()).isEqualTo("Acme");
            assertThat(create.draft().bucket()).isEqualTo("TODO");
            assertThat(ItemTemplate.recordIdIn(create.draft().description())).isEqualTo("recAcme");
            assertThat(create.sourceModified()).isEqualTo(1_000);
            assertThat(create.idempotencyKey()).startsWith("trello|create|recAcme|").endsWith("|1000");
            Link next = create.next();
            assertThat(next.status()).isEqualTo("NEW");
            assertThat(next.bucket()).isEqualTo("TODO");
            assertThat(next.name()).isEqualTo("Acme");
            assertThat(next.description()).isEqualTo(create.draft().description());
            assertThat(links.size()).as("the create is written ahead by the pair, not the planner").isZero();
        }

        @Test
        void nothingIsCreatedBlindWithoutAMarkerIndex() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

            assertThat(planner().needsMarkers(List.of(acme))).isTrue();
            assertThat(planner().plan(incremental(List.of(acme), List.of()))).isEmpty();
            assertThat(links.size()).isZero();
        }

        @Test
        void anItemCarryingTheLeadsMarkerIsRelinkedNotCreatedAgain() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = item("card1", acme, "TODO", 900);

            List<Change> actions = planner().plan(full(List.of(acme), List.of(card)));

            assertThat(actions).isEmpty();
            Link link = links.byRecord("recAcme");
            assertThat(link.itemId()).isEqualTo("card1");
            assertThat(link.status()).isEqualTo("NEW");
            assertThat(link.bucket()).isEqualTo("TODO");
            assertThat(links.byItem("card1")).isEqualTo(link);
            assertThat(auditLines()).anySatisfy(e -> {
                assertThat(e.path("event").asText()).isEqualTo("relinked");
                assertThat(e.path("record").asText()).isEqualTo("recAcme");
            });
        }

        @Test
        void aRelinkedItemInAnotherBucketFollowsTheLead() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = item("card1", acme, "DONE", 900);

            var move = only(planner().plan(full(List.of(acme), List.of(card))), ItemWrite.class);

            assertThat(move.itemId()).isEqualTo("card1");
            assertThat(move.change().bucket()).isEqualTo("TODO");
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
        }

        @Test
        void aCreateLeftPendingByACrashIsAdoptedThroughTheMarker() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            links.put(PendingLinks.pending("recAcme", 1_000, NOW));
            TrackerItem card = item("card1", acme, "TODO", 1_100);

            assertThat(planner().plan(full(List.of(acme), List.of(card)))).isEmpty();
            assertThat(links.byRecord("recAcme").pending()).isFalse();
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
        }

        @Test
        void aCreateLeftPendingIsNotRepeatedWhileItMayStillLand() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            links.put(PendingLinks.pending("recAcme", 1_000, NOW));

            assertThat(planner().plan(full(List.of(acme), List.of()))).isEmpty();
        }

        /**
         * Campaign finding trello:5022: a full read retried through faults answered before a create held back by
         * the service landed, and was planned from after the wait was over: a second item was created. The wait
         * counts up to the read, not to the plan.
         */
        @Test
        void aCreateLeftPendingIsNotRepeatedOnAReadMadeBeforeItsWaitWasOver() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            long sent = NOW - 61_000;
            links.put(PendingLinks.pending("recAcme", 1_000, sent));

            assertThat(planner().plan(full(List.of(acme), List.of(), sent + 59_000))).isEmpty();
            assertThat(links.byRecord("recAcme").pending()).as("still waiting for the create to land").isTrue();
        }

        @ParameterizedTest
        @CsvSource({"LOST", "DELETED"})
        void aCreateLeftPendingIsNotForgottenOnAReadMadeBeforeItsWaitWasOver(String lead) {
            long sent = NOW - 61_000;
            links.put(PendingLinks.pending("recAcme", 1_000, sent));
            List<Lead> leads = lead.equals("LOST") ? List.of(lead("recAcme", "Acme", "LOST", 2_000)) : List.of();

            planner().plan(full(leads, List.of(), sent + 59_000));

            assertThat(links.byRecord("recAcme")).as("its item may land after that read").isNotNull();
        }

        /** The wait runs on leadsync's clock: from the create's write-ahead to the cycle that decides. */
        @Test
        void aCreateWhoseAnswerNeverCameIsPlannedAgainOnlyOnceLeadsyncsClockPassedTheWait() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            CreateItem create = only(planner().plan(full(List.of(acme), List.of(), Long.MAX_VALUE, clock.millis())),
                    CreateItem.class);
            // the write-ahead step reads no tracker; the create is sent and its answer never comes
            new ItemWrites(PAIR, null, links, new SeenAtWrite(), id -> {
            }, new LateWrites(60_000), audit, clock).writeAhead(create);

            clock.advance(Duration.ofSeconds(59));
            assertThat(planner().plan(full(List.of(acme), List.of(), Long.MAX_VALUE, clock.millis())))
                    .as("it may still land").isEmpty();
            clock.advance(Duration.ofSeconds(1));
            only(planner().plan(full(List.of(acme), List.of(), Long.MAX_VALUE, clock.millis())), CreateItem.class);
        }

        @Test
        void aCreateLeftPendingThatNeverHappenedIsPlannedAgainAfterTheGracePeriod() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            links.put(PendingLinks.pending("recAcme", 1_000, NOW - 61_000));

            only(planner().plan(full(List.of(acme), List.of())), CreateItem.class);
        }

        /**
         * A create answered with an HTML page, then the lead set to LOST: the pending link never resolved, and
         * every later cycle, across restarts, was a full read of both sides.
         */
        @ParameterizedTest
        @CsvSource({"LOST", "UNKNOWN_STATUS"})
        void aCreateLeftPendingForALeadThatNoLongerWantsAnItemIsForgottenOnceItCouldHaveLanded(String status) {
            Lead acme = lead("recAcme", "Acme", status, 2_000);
            links.put(PendingLinks.pending("recAcme", 1_000, NOW));
            planner().plan(full(List.of(acme), List.of()));
            assertThat(links.byRecord("recAcme")).as("may still land").isNotNull();

            links.put(PendingLinks.pending("recAcme", 1_000, NOW - 61_000));
            assertThat(planner().plan(full(List.of(acme), List.of()))).isEmpty();

            assertThat(links.byRecord("recAcme")).isNull();
            assertThat(links.unresolved()).isEmpty();
        }

        @Test
        void aCreateLeftPendingThatLandedIsAdoptedEvenWhenTheLeadsStatusIsNowOutsideTheMapping() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            Link pending = new Link("recAcme", null, "NEW", "TODO", "Acme", item("x", acme, "TODO", 0).description(),
                    false, 1_000, NOW);
            links.put(pending);
            TrackerItem card = item("card1", acme, "TODO", 1_100);

            planner().plan(full(List.of(withStatus(acme, "ON_HOLD", 2_000)), List.of(card)));

            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
            assertThat(links.unresolved()).as("nothing left for a full read to resolve").isEmpty();
        }

        @Test
        void aLostLeadGetsNothing() {
            Lead gone = lead("recLost", "Gone Inc", "LOST", 1_000);

            assertThat(planner().needsMarkers(List.of(gone))).isFalse();
            assertThat(planner().plan(full(List.of(gone), List.of()))).isEmpty();
            assertThat(links.size()).isZero();
            assertThat(deadLetters.count()).isZero();
        }
    }

    // ------------------------------------------------------------------ relinking after lost state, duplicates

    /**
     * Leads with no link (data/ deleted, or new): the lead's link field and the item's marker are the two
     * cross-references, and they must agree before anything is relinked.
     */
    @Nested
    class CrossReferencesAndDuplicates {

        Lead linkedTo(Lead lead, String itemId) {
            return withField(lead, LINK_FIELD, itemId, lead.modifiedAt());
        }

        static TrackerItem described(TrackerItem item, String name, String description) {
            return new TrackerItem(item.id(), name, description, item.bucket(), item.closed(), item.deleted(),
                    item.modifiedAt(), ItemTemplate.recordIdIn(description));
        }

        @Test
        void aCardIntoWhichAPersonPastedAnotherLeadsMarkerIsNotTakenOver() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            Lead bolt = lead("recBolt", "Bolt", "NEW", 1_000);
            TrackerItem acmeCard = item("cardA", acme, "TODO", 900);
            TrackerItem boltCard = item("cardB", bolt, "TODO", 900);
            // a person replaced Bolt's marker on Bolt's card with Acme's
            TrackerItem pasted = described(boltCard, "Bolt", boltCard.description()
                    .replace(ItemTemplate.marker("recBolt"), ItemTemplate.marker("recAcme")));

            List<Change> actions = planner().plan(full(List.of(linkedTo(acme, "cardA"), linkedTo(bolt, "cardB")),
                    List.of(pasted, acmeCard)));

            assertThat(actions).as("nothing created, nothing written to the pasted card").isEmpty();
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("cardA");
            assertThat(links.byRecord("recBolt")).as("left alone until the two agree").isNull();
            assertThat(links.byItem("cardB")).isNull();
            assertThat(deadLetters.isQuarantined(PAIR, "recBolt", 1_000)).isTrue();
        }

        @Test
        void anItemWithTheLeadsMarkerThatAnotherLeadsLinkFieldNamesIsNotAdopted() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            Lead bolt = lead("recBolt", "Bolt", "NEW", 1_000);
            TrackerItem boltCard = item("cardB", bolt, "TODO", 900);
            TrackerItem pasted = described(boltCard, "Bolt", boltCard.description() + "\n"
                    + ItemTemplate.marker("recAcme"));

            List<Change> actions = planner().plan(full(List.of(acme, linkedTo(bolt, "cardB")), List.of(pasted)));

            assertThat(actions).isEmpty();
            assertThat(links.byRecord("recAcme")).isNull();
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 1_000)).isTrue();
        }

        @Test
        void aCardWhoseMarkerAPersonRemovedIsRelinkedThroughTheLinkFieldAndGetsItBack() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = item("card1", acme, "TODO", 900);
            TrackerItem unmarked = described(card, "Acme", "Email: acme@example.test\nno marker any more");

            var write = only(planner().plan(full(List.of(linkedTo(acme, "card1")), List.of(unmarked))),
                    ItemWrite.class);

            assertThat(write.itemId()).isEqualTo("card1");
            assertThat(ItemTemplate.recordIdIn(write.change().description())).isEqualTo("recAcme");
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
        }

        @Test
        void aLeadWhoseLinkFieldNamesAnArchivedCardGetsNoNewOne() throws IOException {
            Lead acme = linkedTo(lead("recAcme", "Acme", "NEW", 1_000), "card1");

            assertThat(planner().plan(full(List.of(acme), List.of()))).isEmpty();
            assertThat(links.byRecord("recAcme").detached()).isTrue();
            assertThat(links.unresolved()).as("nothing left that would need a full read every cycle").isEmpty();
            assertThat(planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 2_000)), List.of()))).isEmpty();
            assertThat(auditLines()).extracting(e -> e.path("event").asText())
                    .containsExactly("item-archived or deleted");
        }

        @Test
        void aLostLeadsArchivedCardIsRestoredWhenTheLeadIsRevived() {
            Lead lost = linkedTo(lead("recAcme", "Acme", "LOST", 1_000), "card1");
            assertThat(planner().plan(full(List.of(lost), List.of()))).isEmpty();

            var restore = only(planner().plan(full(List.of(withStatus(lost, "NEW", 2_000)), List.of())),
                    ItemWrite.class);

            assertThat(restore.itemId()).isEqualTo("card1");
            assertThat(restore.change().bucket()).isEqualTo("TODO");
            assertThat(restore.change().archive()).isFalse();
        }

        @Test
        void aCardAPersonMovedToAnUnmappedListStaysThere() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem parked = item("card1", acme, "PARKED", 900);

            assertThat(planner().plan(full(List.of(linkedTo(acme, "card1")), List.of(parked)))).isEmpty();
            assertThat(links.byRecord("recAcme").bucket()).isEqualTo("PARKED");
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 900)).isTrue();
        }

        @Test
        void aSecondItemLeadsyncMadeForALinkedLeadIsArchivedOnAFullRead() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem second = item("card2", acme, "TODO", 1_500);

            var archive = only(planner().plan(full(List.of(acme), List.of(card, second))), ItemWrite.class);

            assertThat(archive.itemId()).isEqualTo("card2");
            assertThat(archive.change().archive()).isTrue();
            assertThat(archive.next()).as("the lead's link is not touched").isNull();
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("duplicate-archived");
        }

        @Test
        void aDeletedLeadLeavesNoOpenItemWithItsMarker() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem second = item("card2", acme, "TODO", 1_500);

            List<Change> actions = planner().plan(full(List.of(), List.of(card, second)));

            assertThat(actions).allSatisfy(a -> assertThat(((ItemWrite) a).change().archive()).isTrue())
                    .extracting(a -> ((ItemWrite) a).itemId()).containsExactlyInAnyOrder("card1", "card2");
        }

        @Test
        void aLostLeadLeavesNoOpenItemWithItsMarker() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem second = item("card2", acme, "TODO", 1_500);

            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "LOST", 2_000)),
                    List.of(card, second)));

            assertThat(actions).allSatisfy(a -> assertThat(((ItemWrite) a).change().archive()).isTrue())
                    .extracting(a -> ((ItemWrite) a).itemId()).containsExactlyInAnyOrder("card1", "card2");
        }

        @Test
        void aSecondItemAPersonMadeOrRenamedIsReportedNotArchived() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem renamed = described(item("card2", acme, "TODO", 1_500), "Acme follow-up",
                    item("card2", acme, "TODO", 1_500).description());

            assertThat(planner().plan(full(List.of(acme), List.of(card, renamed)))).isEmpty();
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 1_500)).isTrue();
        }

        @Test
        void ofTwoItemsWithOneMarkerTheLinkFieldsOneCountsElseTheOlderWhateverTheOrder() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem older = withCreated(item("cardB", acme, "TODO", 900), 100);
            TrackerItem newer = withCreated(item("cardA", acme, "TODO", 900), 200);
            CrossReferences none = new CrossReferences(List.of(acme), LINK_FIELD);
            CrossReferences named = new CrossReferences(List.of(linkedTo(acme, "cardA")), LINK_FIELD);

            assertThat(none.preferred(older, newer)).isEqualTo(older);
            assertThat(none.preferred(newer, older)).isEqualTo(older);
            assertThat(named.preferred(older, newer)).isEqualTo(newer);
            assertThat(named.preferred(newer, older)).isEqualTo(newer);
        }

        static TrackerItem withCreated(TrackerItem item, long createdAt) {
            return new TrackerItem(item.id(), item.name(), item.description(), item.bucket(), item.closed(),
                    item.deleted(), item.modifiedAt(), item.recordId(), createdAt);
        }
    }

    /** A first sync against items made before leadsync (no marker): match first, create only what has no match. */
    @Nested
    class MatchFirst {

        static TrackerItem handmade(String id, String name, String description, String bucket) {
            return new TrackerItem(id, name, description, bucket, false, false, 500, null);
        }

        @Test
        void anUnmarkedItemNamedLikeTheLeadIsLinkedAndGetsTheMarkerAppended() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem mine = handmade("card1", "Acme", "call them on Monday", "TODO");

            PlannedCycle planner = planner();
            var link = only(planner.plan(full(List.of(acme), List.of(mine))), ItemWrite.class);

            assertThat(link.itemId()).isEqualTo("card1");
            assertThat(link.change().description()).startsWith("call them on Monday")
                    .contains(ItemTemplate.marker("recAcme"));
            assertThat(link.change().name()).isNull();
            assertThat(link.change().bucket()).isNull();
            assertThat(link.next().itemId()).isEqualTo("card1");
            assertThat(planner.matchCounts()).isEqualTo(new SyncPlanner.MatchCounts(1, 0, 0));
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("matched");
        }

        @Test
        void anUnmarkedItemMentioningTheLeadsEmailIsLinkedAndFollowsTheLead() {
            Lead acme = lead("recAcme", "Acme", "QUALIFIED", 1_000);
            TrackerItem mine = handmade("card1", "Call with the Acme people", "Mail: ACME@example.test", "TODO");

            var link = only(planner().plan(full(List.of(acme), List.of(mine))), ItemWrite.class);

            assertThat(link.change().bucket()).isEqualTo("DONE");
            assertThat(link.change().description()).contains(ItemTemplate.marker("recAcme"));
        }

        @Test
        void twoCandidatesForOneLeadAreReportedAndNeitherLinkedNorDuplicated() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

            PlannedCycle planner = planner();
            List<Change> actions = planner.plan(full(List.of(acme), List.of(
                    handmade("card1", "Acme", "", "TODO"), handmade("card2", "x", "acme@example.test", "TODO"))));

            assertThat(actions).isEmpty();
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 1_000)).isTrue();
            assertThat(planner.matchCounts()).isEqualTo(new SyncPlanner.MatchCounts(0, 0, 1));
        }

        @Test
        void anItemMatchingTwoLeadsIsReportedForBoth() {
            Lead one = lead("recOne", "Acme", "NEW", 1_000);
            Lead two = lead("recTwo", "Acme", "NEW", 1_000);

            assertThat(planner().plan(full(List.of(one, two), List.of(handmade("card1", "Acme", "", "TODO")))))
                    .isEmpty();
            assertThat(deadLetters.isQuarantined(PAIR, "recOne", 1_000)).isTrue();
            assertThat(deadLetters.isQuarantined(PAIR, "recTwo", 1_000)).isTrue();
        }

        @Test
        void withMatchingOffEveryLeadWithoutAnItemGetsANewOne() {
            matchRule = MatchRule.parse("off");
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

            only(planner().plan(full(List.of(acme), List.of(handmade("card1", "Acme", "", "TODO")))),
                    CreateItem.class);
        }

        @Test
        void theRuleCanMatchByNameOnly() {
            matchRule = MatchRule.parse("name");
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

            only(planner().plan(full(List.of(acme), List.of(handmade("card1", "x", "acme@example.test", "TODO")))),
                    CreateItem.class);
        }

        @Test
        void anUnknownRuleIsAConfigurationErrorThatSaysWhatWorks() {
            assertThatThrownBy(() -> MatchRule.parse("name,phone")).hasMessageContaining("leadsync.match")
                    .hasMessageContaining("name,email");
        }

        @Test
        void aLeadWithoutAMatchIsCreatedAndCounted() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            Lead bolt = lead("recBolt", "Bolt", "NEW", 1_000);

            PlannedCycle planner = planner();
            List<Change> actions = planner.plan(full(List.of(acme, bolt),
                    List.of(handmade("card1", "Acme", "", "TODO"))));

            assertThat(actions).extracting(SyncPlannerTest::kind).containsExactlyInAnyOrder(ItemWrite.class,
                    CreateItem.class);
            assertThat(planner.matchCounts()).isEqualTo(new SyncPlanner.MatchCounts(1, 1, 0));
        }
    }

    // ------------------------------------------------------------------ one side changed

    @Nested
    class OneSideChanged {

        @Test
        void aStatusChangeMovesTheItem() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            Lead qualified = withStatus(acme, "QUALIFIED", 2_000);

            List<Change> actions = planner().plan(full(List.of(qualified), List.of(card)));

            var move = only(actions, ItemWrite.class);
            assertThat(move.itemId()).isEqualTo("card1");
            assertThat(move.change().bucket()).isEqualTo("DONE");
            assertThat(move.change().archive()).isNull();
            assertThat(move.change().name()).isNull();
            assertThat(move.change().description()).isNull();
            assertThat(move.sourceModified()).isEqualTo(2_000);
            assertThat(move.idempotencyKey()).startsWith("trello|change|recAcme|").endsWith("|2000");
            Link next = move.next();
            assertThat(next.status()).isEqualTo("QUALIFIED");
            assertThat(next.bucket()).isEqualTo("DONE");
            assertThat(next.leadModified()).isEqualTo(2_000);
            assertThat(links.byRecord("recAcme").status()).as("shadow moves only once the push succeeded").isEqualTo("NEW");
        }

        @Test
        void aStatusChangeWithinTheSameBucketNeedsNoWrite() {
            Lead ann = lead("recAcme", "Ann", "CONTACTED", 1_000);
            TrackerItem card = linked(ann, "card1", 900);

            assertThat(planner().plan(full(List.of(withStatus(ann, "IN_PROGRESS", 2_000)), List.of(card)))).isEmpty();
            assertThat(links.byRecord("recAcme").status()).isEqualTo("IN_PROGRESS");
            assertThat(links.byRecord("recAcme").leadModified()).isEqualTo(2_000);
        }

        @Test
        void aLeadSetToLostArchivesItsItem() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            var archive = only(planner().plan(full(List.of(withStatus(acme, "LOST", 2_000)), List.of(card))),
                    ItemWrite.class);

            assertThat(archive.change().archive()).isTrue();
            assertThat(archive.change().bucket()).isNull();
            assertThat(archive.unlinkAfter()).isFalse();
            assertThat(archive.next().bucket()).isNull();
            assertThat(archive.next().status()).isEqualTo("LOST");
        }

        @Test
        void anItemMovedIntoAnotherBucketUpdatesTheLeadWithTheReverseStatus() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            List<Change> actions = planner().plan(full(List.of(acme), List.of(moved(card, "DONE", 3_000))));

            var update = only(actions, SetLeadStatus.class);
            assertThat(update.fields()).containsExactly(Map.entry("recAcme", Map.of("Status", "QUALIFIED")));
            assertThat(update.sourceModified()).isEqualTo(3_000);
            Link next = update.nextLinks().get(0);
            assertThat(next.status()).isEqualTo("QUALIFIED");
            assertThat(next.bucket()).isEqualTo("DONE");
            assertThat(next.itemModified()).isEqualTo(3_000);
        }

        @Test
        void anItemMovedWhileTheLeadWasNotReadUsesTheShadowStatus() {
            Lead acme = lead("recAcme", "Acme", "QUALIFIED", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            var update = only(planner().plan(incremental(List.of(), List.of(moved(card, "TODO", 3_000)))),
                    SetLeadStatus.class);
            assertThat(update.fields()).containsExactly(Map.entry("recAcme", Map.of("Status", "NEW")));
        }

        @Test
        void aMoveIntoTheBucketTheCurrentStatusAlreadyMapsToWritesNothingButUpdatesTheShadow() {
            Lead ann = lead("recAcme", "Ann", "IN_PROGRESS", 1_000);
            TrackerItem card = linked(ann, "card1", 900);

            // out of the mapping: reported, the lead keeps its status, the shadow follows the item
            TrackerItem parked = moved(card, "BACKLOG", 2_000);
            assertThat(planner().plan(full(List.of(ann), List.of(parked)))).isEmpty();
            assertThat(links.byRecord("recAcme").bucket()).isEqualTo("BACKLOG");
            assertThat(deadLetters.count()).isEqualTo(1);
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 2_000)).isTrue();

            // back into DOING, where IN_PROGRESS already lives: no write (a reverse mapping would say CONTACTED)
            TrackerItem back = moved(card, "DOING", 3_000);
            assertThat(planner().plan(full(List.of(ann), List.of(back)))).isEmpty();
            Link link = links.byRecord("recAcme");
            assertThat(link.bucket()).isEqualTo("DOING");
            assertThat(link.status()).isEqualTo("IN_PROGRESS");
            assertThat(link.itemModified()).isEqualTo(3_000);
        }

        @Test
        void aRenamedLeadRenamesItsItem() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            Map<String, String> fields = new LinkedHashMap<>(acme.fields());
            fields.put("Name", "Acme Holdings");

            var rename = only(planner().plan(full(List.of(new Lead("recAcme", fields, 2_000)), List.of(card))),
                    ItemWrite.class);
            assertThat(rename.change().name()).isEqualTo("Acme Holdings");
            assertThat(rename.change().description()).isNull();
            assertThat(rename.change().bucket()).isNull();
        }

        @Test
        void nothingChangedMeansNothingToDo() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            Link before = links.byRecord("recAcme");

            assertThat(planner().plan(full(List.of(acme), List.of(card)))).isEmpty();
            assertThat(links.byRecord("recAcme")).isEqualTo(before);
        }
    }

    // ------------------------------------------------------------------ both sides changed

    @Nested
    class Conflicts {

        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

        /** Airtable says QUALIFIED (DONE) at leadTime, the tracker moved the card to DOING at itemTime. */
        List<Change> conflict(long leadTime, long itemTime) {
            TrackerItem card = linked(acme, "card1", 900);
            return planner().plan(full(List.of(withStatus(acme, "QUALIFIED", leadTime)),
                    List.of(moved(card, "DOING", itemTime))));
        }

        void assertAudited(String policyName, String winner) throws IOException {
            assertThat(auditLines()).singleElement().satisfies(e -> {
                assertThat(e.path("event").asText()).isEqualTo("conflict");
                assertThat(e.path("pair").asText()).isEqualTo(PAIR);
                assertThat(e.path("record").asText()).isEqualTo("recAcme");
                assertThat(e.path("field").asText()).isEqualTo("status");
                assertThat(e.path("airtable").asText()).contains("QUALIFIED");
                assertThat(e.path("tracker").asText()).isEqualTo("DOING");
                assertThat(e.path("policy").asText()).isEqualTo(policyName);
                assertThat(e.path("winner").asText()).isEqualTo(winner);
            });
        }

        void assertAirtableWon(List<Change> actions) {
            var move = only(actions, ItemWrite.class);
            assertThat(move.change().bucket()).isEqualTo("DONE");
            assertThat(move.next().status()).isEqualTo("QUALIFIED");
        }

        void assertTrackerWon(List<Change> actions) {
            var update = only(actions, SetLeadStatus.class);
            assertThat(update.fields()).containsExactly(Map.entry("recAcme", Map.of("Status", "CONTACTED")));
            assertThat(update.nextLinks().get(0).bucket()).isEqualTo("DOING");
        }

        @ParameterizedTest(name = "{0}: lead edited at {1}, item moved at {2} -> {3} wins")
        @CsvSource({
            "LATEST_WINS,   3000, 2000, airtable",
            "LATEST_WINS,   2000, 3000, tracker",
            "LATEST_WINS,   2000, 2000, airtable",
            "AIRTABLE_WINS, 2000, 3000, airtable",
            "TRACKER_WINS,  3000, 2000, tracker"})
        void aStatusChangedOnBothSidesIsDecidedByThePolicyAndAudited(Winner statusPolicy, long leadTime, long itemTime,
                                                                      String winner) throws IOException {
            policy = new SyncPolicy(statusPolicy, Winner.AIRTABLE_WINS, ItemGone.UNLINK, null);
            List<Change> actions = conflict(leadTime, itemTime);
            if (winner.equals("airtable")) {
                assertAirtableWon(actions);
            } else {
                assertTrackerWon(actions);
            }
            assertAudited(statusPolicy.name(), winner);
        }

        /**
         * The sync moved the card to DONE (lead QUALIFIED at 2000); the answer never came, and the card read now
         * is back in TODO, changed at {1} after the read the move was planned from (900): the move landed and a
         * person moved it back, or it never landed and a person touched the card. The status policy decides.
         */
        @ParameterizedTest(name = "{0}, card changed at {1} -> {2} wins")
        @CsvSource({
            "LATEST_WINS,   3000, tracker",
            "LATEST_WINS,   1500, airtable",
            "AIRTABLE_WINS, 3000, airtable",
            "TRACKER_WINS,  1500, tracker"})
        void aMoveOfUnknownOutcomeFollowedByAChangeBackIsDecidedByThePolicy(Winner statusPolicy, long itemTime,
                                                                             String winner) throws IOException {
            policy = new SyncPolicy(statusPolicy, Winner.AIRTABLE_WINS, ItemGone.UNLINK, null);
            TrackerItem card = linked(acme, "card1", 900);
            Lead qualified = withStatus(acme, "QUALIFIED", 2_000);
            Link before = links.byRecord("recAcme");
            links.putIntents(List.of(before.withStatus("QUALIFIED", 2_000).withItemState("DONE", before.name(),
                    before.description(), 900)), true);

            List<Change> actions = planner().plan(full(List.of(qualified), List.of(moved(card, "TODO", itemTime))));

            if (winner.equals("airtable")) {
                assertThat(only(actions, ItemWrite.class).change().bucket()).as("the move again").isEqualTo("DONE");
            } else {
                assertThat(only(actions, SetLeadStatus.class).fields())
                        .as("the card's list, taken as a person's move after the sync's").containsExactly(
                                Map.entry("recAcme", Map.of("Status", "NEW")));
            }
            assertThat(auditLines()).singleElement().satisfies(e -> {
                assertThat(e.path("policy").asText()).isEqualTo(statusPolicy.name() + ", after a write of unknown outcome");
                assertThat(e.path("winner").asText()).isEqualTo(winner);
            });
            assertThat(links.intent("recAcme")).as("settled").isNull();
        }

        /**
         * A move to DONE that also carried the lead's new email, of unknown outcome; the card is read back in TODO,
         * changed after it: the policy takes the move for landed and the card's later change for a person's. The
         * card still shows the old email, though: that part never landed, and is pushed again.
         */
        @Test
        void aMoveOfUnknownOutcomeTakenForLandedKeepsItsContentOnlyWhereTheCardShowsIt() {
            TrackerItem card = linked(acme, "card1", 900);
            Lead edited = withField(withStatus(acme, "QUALIFIED", 2_000), "Email", "new@example.test", 2_000);
            var move = only(planner().plan(full(List.of(edited), List.of(card))), ItemWrite.class);
            assertThat(move.change().description()).contains("new@example.test");
            links.putIntents(List.of(move.next()), true); // sent; no answer ever came, and it did not land

            List<Change> actions = planner().plan(full(List.of(edited), List.of(moved(card, "TODO", 3_000))));

            assertNewEmailPushedAndLeadSetTo(actions, "NEW");
        }

        /**
         * Campaign seed trello:5042: the lead set to LOST, its card archived; the lead's new email was then written
         * to the archived card and failed. The next complete read, which no longer has the card among the open
         * ones, took that write for a landed archive, the shadow took the new email, and the card was later
         * restored without it.
         */
        @Test
        void aContentWriteToAnArchivedItemThatFailedIsNotTakenForALandedArchive() {
            Lead lost = lead("recAcme", "Acme", "LOST", 1_000);
            links.put(new Link("recAcme", "card1", "LOST", null, "Acme", template.render(lost, "TODO").description(),
                    false, 1_000, 900)); // archived by the sync
            Lead edited = withField(lost, "Email", "new@example.test", 2_000);
            ItemWrite write = only(planner().plan(full(List.of(edited), List.of())), ItemWrite.class);
            assertThat(write.change().description()).contains("new@example.test");
            links.putIntents(List.of(write.next()), true); // sent; it failed

            List<Change> again = planner().plan(full(List.of(edited), List.of()));

            assertThat(only(again, ItemWrite.class).change().description()).contains("new@example.test");
        }

        /**
         * Campaign seed clickup:42: the card was moved to TODO (2000), the lead then set to IN_PROGRESS (3000): a
         * conflict Airtable won, so the card is to go back to DOING; that move never landed. The lead is then set
         * back to CONTACTED (4000), its shadow value: still a change (A-B-A), so the card goes to DOING, not the
         * lead to NEW.
         */
        @Test
        void aLeadSetBackToItsShadowStatusWhileAMoveIsUnsettledIsStillAChange() throws IOException {
            Lead contacted = lead("recAcme", "Acme", "CONTACTED", 1_000);
            TrackerItem card = linked(contacted, "card1", 900);
            TrackerItem inTodo = moved(card, "TODO", 2_000);
            var move = only(planner().plan(full(List.of(withStatus(contacted, "IN_PROGRESS", 3_000)),
                    List.of(inTodo))), ItemWrite.class);
            links.putIntents(List.of(move.next()), true); // sent; no answer ever came, and it did not land

            List<Change> actions = planner().plan(full(List.of(withStatus(contacted, "CONTACTED", 4_000)),
                    List.of(inTodo)));

            assertThat(only(actions, ItemWrite.class).change().bucket()).isEqualTo("DOING");
            assertThat(auditLines()).hasSize(2).allSatisfy(e -> assertThat(e.path("winner").asText())
                    .isEqualTo("airtable"));
        }

        /**
         * Campaign seed trello:143: a move to DOING (lead CONTACTED at 2000) of unknown outcome; the lead is then set
         * to LOST (3000), and the card is found in DOING, changed at {0}. Changed after the lead: the sync's stale
         * move or a person's, no read tells, so it stands as a tracker edit in a conflict the policy decides and
         * the audit records; changed before it: the sync's move landed, and the lead's LOST is simply pushed.
         */
        @ParameterizedTest(name = "card changed at {0} -> {1}")
        @CsvSource({"3500, conflict", "2500, archive"})
        void aCardFoundWhereAnUnsettledMoveWouldPutItAfterTheLeadChangedAgainIsAConflict(long itemTime, String outcome)
                throws IOException {
            TrackerItem card = linked(acme, "card1", 900); // NEW, TODO
            Link before = links.byRecord("recAcme");
            links.putIntents(List.of(before.withStatus("CONTACTED", 2_000).withItemState("DOING", before.name(),
                    before.description(), 900)), true);

            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "LOST", 3_000)),
                    List.of(moved(card, "DOING", itemTime))));

            if (outcome.equals("conflict")) {
                assertThat(only(actions, SetLeadStatus.class).fields()).containsExactly(
                        Map.entry("recAcme", Map.of("Status", "CONTACTED")));
                assertThat(auditLines()).singleElement().satisfies(e ->
                        assertThat(e.path("winner").asText()).isEqualTo("tracker"));
            } else {
                assertThat(Boolean.TRUE.equals(only(actions, ItemWrite.class).change().archive())).isTrue();
                assertThat(auditLines()).isEmpty();
            }
        }

        /** The same, when a cycle reads the card but not the lead: its status is unknown, nothing is decided blind. */
        @Test
        void aCardReadWithoutItsLeadWhileAMoveIsUnsettledIsLeftForACycleThatReadsBoth() {
            Lead contacted = lead("recAcme", "Acme", "CONTACTED", 1_000);
            TrackerItem card = linked(contacted, "card1", 900);
            TrackerItem inTodo = moved(card, "TODO", 2_000);
            var move = only(planner().plan(full(List.of(withStatus(contacted, "IN_PROGRESS", 3_000)),
                    List.of(inTodo))), ItemWrite.class);
            links.putIntents(List.of(move.next()), true);

            assertThat(planner().plan(incremental(List.of(), List.of(inTodo)))).isEmpty();
            assertThat(links.intent("recAcme")).as("still unsettled").isNotNull();
        }

        @Test
        void aMoveOfUnknownOutcomeOnAnUnchangedCardDidNotLandAndIsNoConflict() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            Link before = links.byRecord("recAcme");
            links.putIntents(List.of(before.withStatus("QUALIFIED", 2_000).withItemState("DONE", before.name(),
                    before.description(), 900)), true);

            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 2_000)),
                    List.of(card)));

            assertThat(only(actions, ItemWrite.class).change().bucket()).isEqualTo("DONE");
            assertThat(auditLines()).isEmpty();
        }

        @Test
        void changesThatAgreeAreNoConflict() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);

            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "IN_PROGRESS", 2_000)),
                    List.of(moved(card, "DOING", 2_500))));

            assertThat(actions).isEmpty();
            assertThat(auditLines()).isEmpty();
            assertThat(links.byRecord("recAcme").status()).isEqualTo("IN_PROGRESS");
            assertThat(links.byRecord("recAcme").bucket()).isEqualTo("DOING");
        }

        /**
         * Campaign seed trello:143: the lead is read IN_PROGRESS (read at 2000), set LOST at 2200, and a person
         * then moves the card to DOING (2500), the list IN_PROGRESS maps to. Read together, the two seem to agree;
         * taken so, the move would be buried in the shadow and the next cycle would archive the card for LOST
         * without a conflict. Left undecided instead, the next cycle reads the lead again and sees the conflict.
         */
        @Test
        void changesThatSeemToAgreeAreNotTakenSoWhenTheItemMovedAfterTheLeadWasRead() throws IOException {
            policy = new SyncPolicy(Winner.LATEST_WINS, Winner.AIRTABLE_WINS, ItemGone.UNLINK, null);
            TrackerItem card = linked(acme, "card1", 900);
            Link before = links.byRecord("recAcme");
            TrackerItem inDoing = moved(card, "DOING", 2_500);
            PlannedCycle planner = planner();

            assertThat(planner.plan(full(List.of(withStatus(acme, "IN_PROGRESS", 1_500)), List.of(inDoing), 2_000)))
                    .isEmpty();
            assertThat(planner.undecided()).containsExactly("recAcme");
            assertThat(links.byRecord("recAcme")).as("shadow untouched").isEqualTo(before);

            List<Change> next = planner.plan(full(List.of(withStatus(acme, "LOST", 2_200)), List.of(inDoing),
                    3_000));

            assertThat(planner.undecided()).isEmpty();
            assertThat(only(next, SetLeadStatus.class).fields()).as("the later move wins")
                    .containsExactly(Map.entry("recAcme", Map.of("Status", "CONTACTED")));
            assertThat(auditLines()).singleElement().satisfies(e -> {
                assertThat(e.path("event").asText()).isEqualTo("conflict");
                assertThat(e.path("airtable").asText()).contains("LOST");
                assertThat(e.path("tracker").asText()).isEqualTo("DOING");
            });
        }

        /**
         * Campaign seed clickup:42, another variant: the lead was set QUALIFIED and the card moved to DOING; the
         * cycle that read both decided the conflict for the lead (move to DONE), and the process died before the
         * move was sent. The lead is then set back to NEW, its shadow's value: still a change after the QUALIFIED
         * that was seen, so the conflict is decided again (the lead's later NEW wins), not the card's old move.
         */
        @Test
        void aLeadSetBackToItsShadowStatusAfterAPlannedWriteWasLostToACrashIsStillAChange() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem inDoing = moved(card, "DOING", 1_500);
            assertThat(only(planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 2_000)), List.of(inDoing))),
                    ItemWrite.class).change().bucket()).isEqualTo("DONE"); // never sent: the process dies
            links.close();
            links = new LinkStore(dir.toString(), PAIR);

            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "NEW", 3_000)), List.of(inDoing)));

            assertThat(only(actions, ItemWrite.class).change().bucket()).as("the lead's later NEW wins")
                    .isEqualTo("TODO");
            assertThat(auditLines()).hasSize(2).last().satisfies(e -> {
                assertThat(e.path("airtable").asText()).contains("NEW");
                assertThat(e.path("tracker").asText()).isEqualTo("DOING");
                assertThat(e.path("winner").asText()).isEqualTo("airtable");
            });
        }

        /** The other way the lead can go while the two wait: set back to its shadow's value, and later than the move. */
        @Test
        void aLeadSetBackWhileChangesThatSeemedToAgreeWaitedIsStillAChange() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem inDoing = moved(card, "DOING", 2_500);
            PlannedCycle planner = planner();
            assertThat(planner.plan(full(List.of(withStatus(acme, "IN_PROGRESS", 1_500)), List.of(inDoing), 2_000)))
                    .isEmpty();

            List<Change> next = planner.plan(full(List.of(withStatus(acme, "NEW", 3_000)), List.of(inDoing),
                    4_000));

            assertThat(only(next, ItemWrite.class).change().bucket()).as("the lead's later NEW wins")
                    .isEqualTo("TODO");
            assertThat(auditLines()).singleElement().satisfies(e -> assertThat(e.path("winner").asText())
                    .isEqualTo("airtable"));
        }

        /**
         * Campaign seed clickup:5027: the lead was set CONTACTED (2000) and a cycle planned the card's move to
         * DOING, never sent (a stop). The card was then moved to DONE (3000) and the lead set back to NEW (3125),
         * its shadow's value: a change after the CONTACTED that was seen, so a conflict the lead's later NEW won,
         * and the card is to go back to TODO; that move never landed (a crash). The next cycle reads the same:
         * the conflict still stands, the card goes to TODO, the lead is not written QUALIFIED from the lost move.
         */
        @Test
        void aConflictTheLeadWonBySettingItsShadowStatusBackIsDecidedAlikeWhenItsMoveIsLost() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            assertThat(only(planner().plan(full(List.of(withStatus(acme, "CONTACTED", 2_000)), List.of(card))),
                    ItemWrite.class).change().bucket()).isEqualTo("DOING"); // never sent: the sync stops
            Lead setBack = withStatus(acme, "NEW", 3_125);
            TrackerItem inDone = moved(card, "DONE", 3_000);
            ItemWrite back = only(planner().plan(full(List.of(setBack), List.of(inDone))), ItemWrite.class);
            assertThat(back.change().bucket()).isEqualTo("TODO");
            links.putIntents(List.of(back.next()), true); // sent; the process dies, and it did not land
            links.close();
            links = new LinkStore(dir.toString(), PAIR);

            List<Change> actions = planner().plan(full(List.of(setBack), List.of(inDone)));

            assertThat(only(actions, ItemWrite.class).change().bucket()).as("the lead's NEW still wins")
                    .isEqualTo("TODO");
            assertThat(auditLines()).hasSize(2).allSatisfy(e -> assertThat(e.path("winner").asText())
                    .isEqualTo("airtable"));
        }

        /**
         * Campaign seed trello:1001: the lead was set IN_PROGRESS and its email changed, and the card was moved to
         * DOING: the two agree, so only the new description is written. The process died after the write's intent
         * was stored and it never landed; a person then moved the card back to DONE. The content write moved
         * nothing, so the move is the person's and sets the lead to QUALIFIED, with no conflict; the new email is
         * still pushed.
         */
        @Test
        void aContentWriteLostToACrashNextToAnAgreedMoveLeavesTheMoveAgreedAndIsSentAgain() throws IOException {
            Lead qualified = lead("recAcme", "Acme", "QUALIFIED", 1_000);
            TrackerItem card = linked(qualified, "card1", 900);
            Lead edited = withField(withStatus(qualified, "IN_PROGRESS", 2_000), "Email", "new@example.test",
                    2_000);
            var write = only(planner().plan(full(List.of(edited), List.of(moved(card, "DOING", 1_500)))),
                    ItemWrite.class);
            assertThat(write.change().placesItem()).isFalse();
            links.putIntents(List.of(write.next()), true); // the process dies before the write lands

            List<Change> actions = planner().plan(full(List.of(edited), List.of(moved(card, "DONE", 3_000))));

            assertNewEmailPushedAndLeadSetTo(actions, "QUALIFIED");
            assertThat(auditLines()).as("no conflict: nothing but the person moved the card").isEmpty();
        }

        @Test
        void changesThatAgreeAreTakenSoWhenTheItemMovedBeforeTheLeadWasRead() {
            TrackerItem card = linked(acme, "card1", 900);
            PlannedCycle planner = planner();

            assertThat(planner.plan(full(List.of(withStatus(acme, "IN_PROGRESS", 2_000)),
                    List.of(moved(card, "DOING", 2_500)), 2_600))).isEmpty();

            assertThat(planner.undecided()).isEmpty();
            assertThat(links.byRecord("recAcme").status()).isEqualTo("IN_PROGRESS");
            assertThat(links.byRecord("recAcme").bucket()).isEqualTo("DOING");
        }

        @Test
        void aNameEditedOnBothSidesIsAContentConflictDecidedByItsOwnPolicy() throws IOException {
            policy = new SyncPolicy(Winner.LATEST_WINS, Winner.TRACKER_WINS, ItemGone.UNLINK, null);
            TrackerItem card = linked(acme, "card1", 900);
            Map<String, String> fields = new LinkedHashMap<>(acme.fields());
            fields.put("Name", "Acme (Airtable)");
            TrackerItem renamed = new TrackerItem("card1", "Acme (Trello)", card.description(), "TODO", false, false,
                    3_000, "recAcme");

            List<Change> actions = planner().plan(full(List.of(new Lead("recAcme", fields, 2_000)), List.of(renamed)));

            assertThat(actions).isEmpty();
            // the shadow keeps what was rendered from the lead: the card differing from it is the kept edit
            assertThat(links.byRecord("recAcme").name()).isEqualTo("Acme (Airtable)");
            assertThat(auditLines()).singleElement().satisfies(e -> {
                assertThat(e.path("field").asText()).isEqualTo("name");
                assertThat(e.path("winner").asText()).isEqualTo("tracker");
            });
        }
    }

    /**
     * Writes of unknown outcome that a service applies late, after the writes the sync made since (the sender had
     * crashed, or gave up waiting): the item then shows the sync's own older write, not a person's edit.
     */
    @Nested
    class LateLandings {

        final Lead acme = lead("recAcme", "Acme", "NEW", 1_000);

        /**
         * Three-pair campaign :219: the lead set to LOST, its card's archive sent and the process crashed before the
         * answer. The next process finds the card still open, archives it again, and restores it when the lead is set
         * back to NEW. Then the first archive, held back by the service, lands: the card found archived is the
         * sync's own archive, so it is restored (a second restore, under its own key), not taken for archived by a
         * person and unlinked; also by the next process, when this one crashes right then.
         */
        @Test
        void anArchiveFoundNotLandedThatLandsAfterTheRestoreIsPutBack() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            PlannedCycle cycle = planner();
            Lead lost = withStatus(acme, "LOST", 2_000);
            ItemWrite archive = only(cycle.plan(full(List.of(lost), List.of(card))), ItemWrite.class);
            assertThat(archive.change().archive()).isTrue();
            links.putIntents(List.of(archive.next()), true); // sent; the process crashed with it in flight

            ItemWrite again = only(cycle.plan(full(List.of(lost), List.of(card))), ItemWrite.class);
            assertThat(again.change().archive()).as("found not landed: archived again").isTrue();
            pushed(List.of(again));
            Lead back = withStatus(acme, "NEW", 3_000);
            ItemWrite restore = only(cycle.plan(full(List.of(back), List.of(archived(card, 2_500)))),
                    ItemWrite.class);
            assertThat(restore.change().archive()).isFalse();
            pushed(List.of(restore));
            links.close(); // and the process crashes as the first archive lands (campaign :413)
            links = new LinkStore(dir.toString(), PAIR);

            ItemWrite putBack = only(planner().plan(full(List.of(back), List.of(archived(card, 4_000)))),
                    ItemWrite.class);

            assertThat(putBack.change().archive()).as("restored again").isFalse();
            assertThat(putBack.change().bucket()).isEqualTo("TODO");
            assertThat(putBack.idempotencyKey()).isNotEqualTo(restore.idempotencyKey());
            assertThat(links.byRecord("recAcme").detached()).as("still linked").isFalse();
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).contains("late-write");
        }

        /**
         * Three-pair campaign :317: the lead renamed to "Acme 3"; the card's rename got no answer (a timeout) and was
         * sent again, and that second attempt landed. The lead was then renamed "Acme 7", written too. Then the
         * first attempt, held back by the service, landed: the card shows "Acme 3" again. That is the sync's own late
         * write, not a person's rename to keep: "Acme 7" is written again, under a key of its own.
         */
        @Test
        void aRenameWhoseFirstAttemptLandsAfterTheNextRenameIsPutBack() throws IOException {
            TrackerItem card = linked(acme, "card1", 900);
            PlannedCycle cycle = planner();
            ItemWrites steps = new ItemWrites(PAIR, null, links, new SeenAtWrite(), id -> {
            }, cycle.lateWrites(), audit, clock);
            Lead renamed3 = withField(acme, "Name", "Acme 3", 2_000);
            ItemWrite rename3 = only(cycle.plan(full(List.of(renamed3), List.of(card))), ItemWrite.class);
            steps.journalIntent(rename3); // the first attempt: no answer
            steps.journalIntent(rename3); // sent again
            pushed(List.of(rename3));
            Lead renamed7 = withField(acme, "Name", "Acme 7", 3_000);
            TrackerItem card3 = new TrackerItem("card1", "Acme 3", card.description(), "TODO", false, false, 2_100,
                    "recAcme");
            ItemWrite rename7 = only(cycle.plan(full(List.of(renamed7), List.of(card3))), ItemWrite.class);
            assertThat(rename7.change().name()).isEqualTo("Acme 7");
            pushed(List.of(rename7));

            TrackerItem lateLanding = new TrackerItem("card1", "Acme 3", card.description(), "TODO", false, false,
                    4_000, "recAcme");
            ItemWrite putBack = only(cycle.plan(full(List.of(renamed7), List.of(lateLanding))), ItemWrite.class);

            assertThat(putBack.change().name()).isEqualTo("Acme 7");
            assertThat(putBack.idempotencyKey()).isNotEqualTo(rename7.idempotencyKey());
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).contains("late-write");
        }

        /**
         * The same archive, never landing; a person archives the card after the wait for it (60 s here) has passed:
         * a person's archive, the lead unlinked as always.
         */
        @Test
        void anArchiveAfterTheWaitForAnUnlandedOneIsAPersons() {
            TrackerItem card = linked(acme, "card1", 900);
            PlannedCycle cycle = planner();
            Lead lost = withStatus(acme, "LOST", 2_000);
            ItemWrite archive = only(cycle.plan(full(List.of(lost), List.of(card))), ItemWrite.class);
            links.putIntents(List.of(archive.next()), true);
            Lead back = withStatus(acme, "NEW", 3_000);
            assertThat(cycle.plan(full(List.of(back), List.of(card)))).as("found not landed, and no longer wanted")
                    .isEmpty();

            List<Change> later = cycle.plan(full(List.of(back), List.of(archived(card, 90_000)), Long.MAX_VALUE,
                    NOW + 61_000));

            assertThat(later).isEmpty();
            assertThat(links.byRecord("recAcme").detached()).as("unlinked: a person's archive").isTrue();
        }
    }

    // ------------------------------------------------------------------ statuses the mapping does not know

    @Nested
    class UnknownStatuses {

        @Test
        void anUnknownStatusIsDeadLetteredAndQuarantinedUntilTheLeadChanges() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            Lead maybe = withStatus(acme, "MAYBE", 2_000);

            assertThat(planner().plan(full(List.of(maybe), List.of(card)))).isEmpty();
            assertThat(deadLetters.count()).isEqualTo(1);
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 2_000)).isTrue();

            assertThat(planner().plan(full(List.of(maybe), List.of(card)))).as("same version: skipped").isEmpty();
            assertThat(deadLetters.count()).as("reported once").isEqualTo(1);

            assertThat(planner().plan(full(List.of(withStatus(acme, "MAYBE", 3_000)), List.of(card)))).isEmpty();
            assertThat(deadLetters.count()).as("a new version is reported again").isEqualTo(2);

            var move = only(planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 4_000)), List.of(card))),
                    ItemWrite.class);
            assertThat(move.change().bucket()).isEqualTo("DONE");
        }

        @Test
        void anUnlinkedLeadWithAnUnknownOrBlankStatusGetsNoItem() {
            Lead maybe = lead("recAcme", "Acme", "MAYBE", 1_000);
            Lead blank = lead("recBlank", "Blank Ltd", "", 1_000);

            assertThat(planner().plan(full(List.of(maybe, blank), List.of()))).isEmpty();
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 1_000)).isTrue();
            assertThat(deadLetters.isQuarantined(PAIR, "recBlank", 1_000)).isTrue();
            assertThat(planner().needsMarkers(List.of(maybe, blank))).isFalse();

            only(planner().plan(full(List.of(withStatus(maybe, "NEW", 2_000)), List.of())), CreateItem.class);
        }

        @Test
        void theQuarantineSurvivesARestart() {
            Lead maybe = lead("recAcme", "Acme", "MAYBE", 1_000);
            planner().plan(full(List.of(maybe), List.of()));

            deadLetters = new DeadLetterStore(dir.toString(), clock);
            planner().plan(full(List.of(maybe), List.of()));
            assertThat(deadLetters.count()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ batching and idempotency keys

    @Nested
    class BatchesAndKeys {

        @Test
        void leadUpdatesAreBatchedByAtMostTen() {
            List<Lead> leads = new ArrayList<>();
            List<TrackerItem> items = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                Lead lead = lead(String.format("rec%03d", i), "Lead " + i, "NEW", 1_000);
                leads.add(lead);
                items.add(moved(linked(lead, "card" + i, 900), "DONE", 2_000 + i));
            }

            List<Change> actions = planner().plan(full(leads, items));

            assertThat(actions).extracting(SyncPlannerTest::kind).containsOnly(SetLeadStatus.class);
            assertThat(actions).extracting(a -> ((SetLeadStatus) a).fields().size()).containsExactly(10, 10, 3);
            assertThat(actions).extracting(Change::recordId).containsExactly("rec000", "rec010", "rec020");
            assertThat(actions).extracting(Change::sourceModified).containsExactly(2_009L, 2_019L, 2_022L);
            assertThat(actions).map(SetLeadStatus.class::cast).allSatisfy(a -> {
                assertThat(a.nextLinks()).hasSize(a.fields().size());
                assertThat(a.nextLinks()).extracting(Link::recordId)
                        .containsExactlyElementsOf(a.fields().keySet());
                assertThat(a.fields().values()).containsOnly(Map.of("Status", "QUALIFIED"));
            });
            assertThat(actions).extracting(Change::idempotencyKey).doesNotHaveDuplicates();
        }

        @Test
        void anABAEditOfTheLeadIsThreeChangesWithThreeKeys() {
            Lead ann = lead("recAcme", "Ann", "CONTACTED", 1_000);
            TrackerItem card = linked(ann, "card1", 900);
            List<String> keys = new ArrayList<>();
            String[] statuses = {"NEW", "CONTACTED", "NEW"};
            long time = 2_000;
            for (String status : statuses) {
                var move = only(planner().plan(full(List.of(withStatus(ann, status, time)), List.of(card))),
                        ItemWrite.class);
                keys.add(move.idempotencyKey());
                pushed(List.of(move));
                card = moved(card, move.change().bucket(), time + 10);
                links.put(links.byRecord("recAcme").withItemState(card.bucket(), card.name(), card.description(),
                        card.modifiedAt()));
                time += 1_000;
            }
            assertThat(keys).doesNotHaveDuplicates();
            assertThat(keys.get(0)).as("same change, other time").isNotEqualTo(keys.get(2));
        }

        @Test
        void anABAMoveOfTheItemIsThreeLeadUpdatesWithThreeKeys() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            Lead current = acme;
            List<String> keys = new ArrayList<>();
            String[] buckets = {"DONE", "TODO", "DONE"};
            long time = 2_000;
            for (String bucket : buckets) {
                card = moved(card, bucket, time);
                var update = only(planner().plan(full(List.of(current), List.of(card))), SetLeadStatus.class);
                keys.add(update.idempotencyKey());
                pushed(List.of(update));
                current = withStatus(current, (String) update.fields().get("recAcme").get("Status"), time + 10);
                links.put(links.byRecord("recAcme").withStatus(current.field("Status"), current.modifiedAt()));
                time += 1_000;
            }
            assertThat(keys).doesNotHaveDuplicates();
        }

        @Test
        void planningTheSameSnapshotTwiceGivesTheSameKey() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            SyncPlanner.Snapshot in = full(List.of(withStatus(acme, "QUALIFIED", 2_000)), List.of(card));

            String first = only(planner().plan(in), ItemWrite.class).idempotencyKey();
            assertThat(only(planner().plan(in), ItemWrite.class).idempotencyKey()).isEqualTo(first);
        }
    }

    // ------------------------------------------------------------------ items and leads that went away

    @Nested
    class Deletions {

        @Test
        void anItemArchivedBySomeoneElseIsDetachedAndAudited() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            assertThat(planner().plan(full(List.of(acme), List.of(archived(card, 2_000))))).isEmpty();

            Link link = links.byRecord("recAcme");
            assertThat(link.detached()).isTrue();
            assertThat(link.bucket()).isNull();
            assertThat(link.status()).as("the lead is left as it is").isEqualTo("NEW");
            assertThat(auditLines()).singleElement().satisfies(e -> {
                assertThat(e.path("event").asText()).isEqualTo("item-archived");
                assertThat(e.path("record").asText()).isEqualTo("recAcme");
                assertThat(e.path("detail").asText()).contains("card1");
            });

            // later cycles leave it alone, even when the lead changes
            assertThat(planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 3_000)),
                    List.of(archived(card, 2_000))))).isEmpty();
            assertThat(auditLines()).hasSize(1);
        }

        @Test
        void anItemMissingFromACompleteReadIsDetachedToo() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            linked(acme, "card1", 900);

            assertThat(planner().plan(full(List.of(acme), List.of()))).isEmpty();

            assertThat(links.byRecord("recAcme").detached()).isTrue();
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("item-archived or deleted");
        }

        @Test
        void anItemMissingFromACompleteReadIsNotMovedWhenItsLeadChangedInTheSameCycle() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            linked(acme, "card1", 900);

            // as when the card is archived in the tracker: it is absent from the read of every open item
            List<Change> actions = planner().plan(full(List.of(withStatus(acme, "QUALIFIED", 2_000)), List.of()));

            assertThat(links.byRecord("recAcme").detached()).isTrue();
            assertThat(actions).as("same as for an item read as archived").isEmpty();
        }

        @Test
        void anItemMissingFromAnIncrementalReadIsNotGone() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            linked(acme, "card1", 900);

            assertThat(planner().plan(incremental(List.of(acme), List.of()))).isEmpty();
            assertThat(links.byRecord("recAcme").detached()).isFalse();
        }

        @Test
        void aDeletedItemIsDetached() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            assertThat(planner().plan(incremental(List.of(), List.of(deleted(card, 2_000))))).isEmpty();
            assertThat(links.byRecord("recAcme").detached()).isTrue();
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("item-deleted");
        }

        @Test
        void withTheSetStatusPolicyTheLeadTakesTheGoneStatus() throws IOException {
            policy = new SyncPolicy(Winner.LATEST_WINS, Winner.AIRTABLE_WINS, ItemGone.SET_STATUS, "LOST");
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            var update = only(planner().plan(full(List.of(acme), List.of(archived(card, 2_000)))),
                    SetLeadStatus.class);

            assertThat(update.fields()).containsExactly(Map.entry("recAcme", Map.of("Status", "LOST")));
            assertThat(update.nextLinks().get(0).detached()).isTrue();
            assertThat(update.nextLinks().get(0).status()).isEqualTo("LOST");
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("item-archived");
        }

        @Test
        void aRestoredItemIsLinkedAgainAndFollowsTheLead() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            planner().plan(full(List.of(acme), List.of(archived(card, 2_000))));

            var move = only(planner().plan(full(List.of(acme), List.of(moved(card, "DOING", 3_000)))),
                    ItemWrite.class);

            assertThat(move.change().bucket()).isEqualTo("TODO");
            assertThat(links.byRecord("recAcme").detached()).isFalse();
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("item-archived", "restored");
        }

        @Test
        void anItemRestoredWhileItsLeadWasNotReadDoesNotBreakTheCycle() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            planner().plan(full(List.of(acme), List.of(archived(card, 2_000))));

            // someone restores the card: the incremental read sees it, the lead did not change
            assertThatCode(() -> planner().plan(incremental(List.of(), List.of(moved(card, "DOING", 3_000)))))
                    .doesNotThrowAnyException();
            assertThat(links.byRecord("recAcme").detached()).isFalse();
        }

        @Test
        void aLeadMissingFromACompleteReadGetsItsItemArchivedAndIsUnlinkedAfter() throws IOException {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            linked(acme, "card1", 900);

            var archive = only(planner().plan(full(List.of(), List.of())), ItemWrite.class);

            assertThat(archive.recordId()).isEqualTo("recAcme");
            assertThat(archive.itemId()).isEqualTo("card1");
            assertThat(archive.change().archive()).isTrue();
            assertThat(archive.unlinkAfter()).isTrue();
            assertThat(archive.idempotencyKey()).startsWith("trello|archive-deleted|recAcme|");
            assertThat(auditLines()).extracting(e -> e.path("event").asText()).containsExactly("lead-deleted");
            assertThat(links.byRecord("recAcme")).as("unlinked only after the archive succeeded").isNotNull();
        }

        @Test
        void aLeadMissingFromAnIncrementalReadIsNotDeleted() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);

            assertThat(planner().plan(new SyncPlanner.Snapshot(Map.of(), false, itemsById(List.of(card)), true,
                    Map.of("recAcme", card), Long.MAX_VALUE, null, NOW))).isEmpty();
            assertThat(links.byRecord("recAcme")).isNotNull();
        }

        @Test
        void pendingAndDetachedLinksOfDeletedLeadsAreSimplyForgotten() {
            links.put(PendingLinks.pending("recPending", 1_000, 2_000));
            Lead gone = lead("recDetached", "Detached", "NEW", 1_000);
            linked(gone, "card9", 900);
            links.put(links.byRecord("recDetached").withDetached(true));

            assertThat(planner().plan(full(List.of(), List.of()))).isEmpty();
            assertThat(links.size()).isZero();
        }

        @Test
        void anotherItemWithTheMarkerOfALinkedLeadIsReportedAndLeftAlone() {
            Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
            TrackerItem card = linked(acme, "card1", 900);
            TrackerItem copy = item("card2", acme, "TODO", 1_500);

            assertThat(planner().plan(incremental(List.of(), List.of(card, copy)))).isEmpty();
            assertThat(deadLetters.isQuarantined(PAIR, "recAcme", 1_500)).isTrue();
            assertThat(links.byRecord("recAcme").itemId()).isEqualTo("card1");
        }
    }
}
