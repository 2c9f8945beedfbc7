package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.state.AuditLog.Applied;
import io.leadsync.state.Link;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import org.junit.jupiter.api.Test;

/** What the activity log says a landed change did: per field, before (the shadow) -> after, who, which rule. */
class AppliedChangesTest {

    private static final Link SHADOW = new Link("recA", "card1", "NEW", "TODO", "Acme", "about Acme", false, 5, 6,
            Map.of("due", "2026-12-01"));

    @Test
    void aMoveWithANewNameIsOneEntryPerFieldAgainstTheShadow() {
        ItemWrite move = ItemWrite.of("recA", "card1", new ItemChange("Acme Ltd", null, "DOING", null, "TODO", true,
                Map.of("due", "2026-12-24")), SHADOW.withStatus("CONTACTED", 7), 7, "k", "move");
        assertThat(AppliedChanges.itemWritten(move, SHADOW)).containsExactly(
                new Applied("moved", "recA", "card1", "bucket", "TODO", "DOING", "airtable", "status mapping"),
                new Applied("updated", "recA", "card1", "name", "Acme", "Acme Ltd", "airtable", "item template"),
                new Applied("updated", "recA", "card1", "due", "2026-12-01", "2026-12-24", "airtable",
                        "field mapping"));
    }

    @Test
    void archivesSayWhyTheLeadLeftOrWasDeletedOrWhoseDuplicateItWas() {
        ItemWrite filtered = ItemWrite.of("recA", "card1", new ItemChange(null, null, null, true, "TODO"),
                new Link("recA", "card1", "NEW", null, "Acme", "about Acme", false, 5, 6, Map.of(), true), 7, "k",
                "archive");
        assertThat(AppliedChanges.itemWritten(filtered, SHADOW)).singleElement()
                .isEqualTo(new Applied("archived", "recA", "card1", "bucket", "TODO", null, "airtable",
                        "record filter"));
        ArchiveItem deleted = new ArchiveItem("recA", "card1", new ItemChange(null, null, null, true, "TODO"),
                SHADOW, true, 7, "k", "archive");
        assertThat(AppliedChanges.itemWritten(deleted, SHADOW)).singleElement()
                .extracting(Applied::event, Applied::who, Applied::rule)
                .containsExactly("archived", "airtable", "lead deleted");
        ArchiveItem duplicate = new ArchiveItem("recA", "card2", new ItemChange(null, null, null, true, "TODO"),
                null, false, 7, "k", "archive");
        assertThat(AppliedChanges.itemWritten(duplicate, null)).singleElement()
                .extracting(Applied::item, Applied::who, Applied::rule)
                .containsExactly("card2", "leadsync", "duplicate marker");
    }

    @Test
    void aCreateIsPlacedByTheStatusMapping() {
        CreateItem create = new CreateItem("recA", new ItemDraft("recA", "Acme", "about Acme", "TODO", Map.of()),
                new Link("recA", null, "NEW", "TODO", "Acme", "about Acme", false, 5, 0), 5, "k", "create");
        assertThat(AppliedChanges.created(create, "card9")).containsExactly(
                new Applied("created", "recA", "card9", "bucket", null, "TODO", "airtable", "status mapping"));
    }

    @Test
    void aLeadWriteCarriesTheTrackersEditAndItsStatusBeforeIsTheShadows() {
        assertThat(AppliedChanges.leadWritten(SHADOW, SHADOW.withStatus("QUALIFIED", 9),
                Map.of("Status", "QUALIFIED", "Budget", 1250), "Status", "clickup")).containsExactly(
                new Applied("updated", "recA", "card1", "Budget", null, "1250", "clickup", "field mapping"),
                new Applied("status-written", "recA", "card1", "Status", "NEW", "QUALIFIED", "clickup",
                        "status mapping"));
    }

    @Test
    void idsWrittenBackAreLeadsyncsOwnAndOnlyThoseThatLanded() {
        assertThat(AppliedChanges.idsWritten(Map.of("recA", Map.of("Card", "card1"), "recB", Map.of("Card", "c2")),
                List.of("recA"))).containsExactly(
                new Applied("ids-written", "recA", "card1", "Card", null, "card1", "leadsync", "link field"));
    }
}
