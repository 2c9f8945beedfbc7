package io.leadsync.sync;

import static io.leadsync.sync.SyncPlannerTest.full;
import static io.leadsync.sync.SyncPlannerTest.lead;
import static io.leadsync.sync.SyncPlannerTest.withField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.airtable.Lead;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import io.leadsync.sync.SyncAction.Kind;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the planner decided, pushed by the writer against a tracker whose items a person edits between the cycle's
 * read and the write.
 */
class ChangeWriterTest {

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
        deadLetters = new DeadLetterStore(dir.toString());
        audit = new AuditLog(dir.toString());
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
        SyncAction rename = plannedChange(withField(acme, "Name", "Acme Corp", 2_000), card);

        tracker.put(renamed(card, "Acme (VIP)", 3_000)); // the person's rename, after the read

        assertThatThrownBy(() -> writer().apply(rename)).isInstanceOf(ChangedMeanwhileException.class);
        assertThat(tracker.updates).as("nothing written").isEmpty();
        assertThat(tracker.items.get("card1").name()).isEqualTo("Acme (VIP)");
    }

    /** A rename the cycle read and decided as a conflict the lead won is written: the check does not block it. */
    @Test
    void aRenameThatLostARecordedConflictIsOverwrittenAsDecided() {
        Lead acme = lead("recAcme", "Acme", "NEW", 1_000);
        TrackerItem card = renamed(linked(acme, 900), "Acme (VIP)", 1_500);
        tracker.put(card);
        SyncAction rename = plannedChange(withField(acme, "Name", "Acme Corp", 2_000), card);

        writer().apply(rename);

        assertThat(tracker.items.get("card1").name()).isEqualTo("Acme Corp");
    }

    private SyncAction plannedChange(Lead lead, TrackerItem asRead) {
        SyncPlanner planner = new SyncPlanner(SyncPlannerTest.PAIR, SyncPlannerTest::mapping, template,
                SyncPlannerTest.SCHEMA, SyncPolicy.defaults(), links, deadLetters, audit, 60_000,
                new SafetyRail(SyncPlannerTest.PAIR, "board", dir.toString(), new SafetyRail.Limits(10, 20)),
                MatchRule.defaults());
        List<SyncAction> actions = planner.plan(full(List.of(lead), List.of(asRead)));
        assertThat(actions).singleElement().extracting(SyncAction::kind).isEqualTo(Kind.CHANGE_ITEM);
        return actions.get(0);
    }

    private ChangeWriter writer() {
        return new ChangeWriter(SyncPlannerTest.PAIR, null, SyncPlannerTest.SCHEMA, tracker, links, deadLetters,
                (record, item) -> { });
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

    /** Items by id; an update applies the change and stamps the item a millisecond later. */
    static final class Tracker implements WorkTracker {
        final Map<String, TrackerItem> items = new HashMap<>();
        final List<ItemChange> updates = new ArrayList<>();

        void put(TrackerItem item) {
            items.put(item.id(), item);
        }

        @Override
        public TrackerItem fetch(String itemId) {
            return items.get(itemId);
        }

        @Override
        public TrackerItem update(String itemId, ItemChange change) {
            updates.add(change);
            TrackerItem i = items.get(itemId);
            TrackerItem updated = new TrackerItem(itemId, change.name() != null ? change.name() : i.name(),
                    change.description() != null ? change.description() : i.description(),
                    change.bucket() != null ? change.bucket() : i.bucket(), i.closed(), false, i.modifiedAt() + 1,
                    i.recordId());
            put(updated);
            return updated;
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
        public void connect(StatusMapping mapping) {
        }

        @Override
        public Set<String> buckets() {
            return Set.of("TODO", "DOING", "DONE");
        }

        @Override
        public TrackerRead readAll() {
            throw new UnsupportedOperationException("the writer does not read lists");
        }

        @Override
        public TrackerRead readChanges(String cursor) {
            throw new UnsupportedOperationException("the writer does not read lists");
        }

        @Override
        public List<TrackerItem> archived() {
            throw new UnsupportedOperationException("the writer does not read lists");
        }

        @Override
        public TrackerItem create(ItemDraft draft) {
            throw new UnsupportedOperationException("not needed here");
        }
    }
}
