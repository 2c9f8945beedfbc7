package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.withField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.airtable.Lead;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.change.Change;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.UpdateContent;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.WorkTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last-moment check of a name, description or mapped field write: what the planner decided, pushed through the item-write
 * steps (guard, then update) against a tracker whose items a person edits between the cycle's read and the write.
 */
class ContentGuardTest {

    @TempDir
    Path dir;
    LinkStore links;
    DeadLetterStore deadLetters;
    AuditLog audit;
    final ItemTemplate template = new ItemTemplate("{Name}", SyncPlannerTest.SCHEMA);
    final Tracker tracker = new Tracker();

    @BeforeEach
    void openStores() {
        links = new LinkStore(dir.toString(), SyncPlannerTest.PAIR);
        deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        audit = new AuditLog(dir.toString(), Clock.systemUTC());
    }

    @AfterEach
    void closeStores() {
        links.close();
    }

    /**
     * Campaign finding clickup:5039: the cycle read the task as last synced and the lead renamed; a person renamed
     * the task while the cycle pushed its other changes, and the lead's name overwrote it, with no conflict recorded.
     */
    @Test
    void aRenameOfTheItemAfterTheCycleReadItIsNotOverwritten() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = linked(acme, 900);
        ItemWrite rename = plannedChange(withField(acme, "Name", "Acme Corp", 2_000), card);

        tracker.put(renamed(card, "Acme (VIP)", 3_000)); // the person's rename, after the read

        assertThatThrownBy(() -> writes().guard(rename)).isInstanceOf(ChangedMeanwhileException.class);
        assertThat(tracker.items.get("card1").name()).isEqualTo("Acme (VIP)");
    }

    /** A rename the cycle read and decided as a conflict the lead won passes the check: it is written as decided. */
    @Test
    void aRenameThatLostARecordedConflictPassesTheCheck() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = renamed(linked(acme, 900), "Acme (VIP)", 1_500);
        tracker.put(card);
        ItemWrite rename = plannedChange(withField(acme, "Name", "Acme Corp", 2_000), card);

        assertThatCode(() -> writes().guard(rename)).doesNotThrowAnyException();
        assertThat(rename.change().name()).isEqualTo("Acme Corp");
    }

    /** A due date decided from the lead alone (the card not read): written over the shadow's value only. */
    private ItemWrite dueDateUnread(Map<String, String> shadowFields) {
        Link link = new Link("recAcme", "card1", "NEW", "TODO", "Acme", "d", false, 1_000, 900, shadowFields);
        links.put(link);
        ItemChange change = new ItemChange(null, null, null, null, "TODO", false, Map.of("due", "2026-12-24"));
        return new UpdateContent("recAcme", "card1", change, link.withFields(Map.of("due", "2026-12-24")), 2_000,
                "test|change|recAcme", "test: due date");
    }

    private void cardShows(Map<String, String> fields) {
        tracker.put(new TrackerItem("card1", "Acme", "d", "TODO", false, false, 900, "recAcme", 0, fields));
    }

    @Test
    void aMappedFieldAPersonEditedSinceTheLastSyncIsNotOverwrittenByAWriteDecidedWithoutReadingIt() {
        ItemWrite write = dueDateUnread(Map.of("due", "2026-12-01"));
        cardShows(Map.of("due", "2027-01-15"));

        assertThatThrownBy(() -> writes().guard(write)).isInstanceOf(ChangedMeanwhileException.class)
                .hasMessageContaining("had its due edited");
    }

    @Test
    void aMappedFieldStillAsLastSyncedOrNeverSyncedIsWritten() {
        ItemWrite write = dueDateUnread(Map.of("due", "2026-12-01"));
        cardShows(Map.of("due", "2026-12-01"));
        assertThatCode(() -> writes().guard(write)).doesNotThrowAnyException();

        ItemWrite mappedSince = dueDateUnread(Map.of());
        cardShows(Map.of("due", "2027-01-15"));
        assertThatCode(() -> writes().guard(mappedSince)).as("no value of it was ever synced to keep")
                .doesNotThrowAnyException();
    }

    private ItemWrite plannedChange(Lead lead, TrackerItem asRead) {
        SafetyRail rail = new SafetyRail(SyncPlannerTest.PAIR, "board", dir.toString(), new SafetyRail.Limits(10, 20), Clock.systemUTC());
        PlannedCycle planner = new PlannedCycle(new SyncPlanner(SyncPlannerTest.PAIR,
                () -> PairMapping.ofStatuses(SyncPlannerTest.mapping()), template, SyncPlannerTest.SCHEMA,
                SyncPolicy.defaults(), links, deadLetters::isQuarantined, SyncPlannerTest.NO_ORIGINS, 60_000,
                rail::holding, MatchRule.defaults()), rail, new PersistDecisions(SyncPlannerTest.PAIR, links, audit,
                deadLetters, SyncPlannerTest.NO_ORIGINS), links);
        List<Change> changes = planner.plan(full(List.of(lead), List.of(asRead)));
        assertThat(changes).singleElement().isInstanceOf(ItemWrite.class);
        return (ItemWrite) changes.get(0);
    }

    private ItemWrites writes() {
        return new ItemWrites("trello", tracker, links, new SeenAtWrite(), record -> { }, new LateWrites(60_000), audit,
                Clock.systemUTC());
    }

    /** Links the lead to card1 as both sides last agreed, and puts the card in the tracker. */
    private TrackerItem linked(Lead lead, long itemModified) {
        ItemDraft draft = template.render(lead, "TODO");
        TrackerItem card = new TrackerItem("card1", draft.name(), draft.description(), "TODO", false, false,
                itemModified, lead.id());
        links.put(new Link(lead.id(), card.id(), "NEW", "TODO", card.name(), card.description(), false,
                lead.modifiedAt(), itemModified));
        tracker.put(card);
        return card;
    }

    private static TrackerItem renamed(TrackerItem item, String name, long modified) {
        return new TrackerItem(item.id(), name, item.description(), item.bucket(), item.closed(), item.deleted(),
                modified, item.recordId());
    }

    /** Items by id, as the guard reads them. */
    static final class Tracker implements WorkTracker {
        final Map<String, TrackerItem> items = new HashMap<>();

        void put(TrackerItem item) {
            items.put(item.id(), item);
        }

        @Override
        public TrackerItem fetch(String itemId) {
            return items.get(itemId);
        }

        @Override
        public String name() {
            return SyncPlannerTest.PAIR;
        }

        @Override
        public String describe() {
            return "a board in memory";
        }

        @Override
        public void connect(PairMapping mapping) {
        }

        @Override
        public List<TrackerItem> archived() {
            throw new UnsupportedOperationException("the writer does not read lists");
        }

    }
}
