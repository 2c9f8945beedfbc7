package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.leadsync.airtable.LeadSchema;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.support.LogCapture;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pair's mapping as the cycles get it: its templates and fields checked against the Airtable table at start-up
 * (a mapping that cannot work stops it, in one line) and on each reload (reported once, the previous one stays).
 */
class MappingSourceTest {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");
    static final Map<String, String> TABLE = Map.of("Name", "singleLineText", "Status", "singleSelect",
            "Last Modified", "lastModifiedTime", "Deadline", "date");

    final DefaultCamelContext context = new DefaultCamelContext();
    final MappingSource source = new MappingSource(context, "trello", new Board(),
            new ItemTemplate("{Name}", SCHEMA), () -> TABLE, false);
    /** With leadsync.mapping-changes=preview. */
    final MappingSource previewing = new MappingSource(context, "trello", new Board(),
            new ItemTemplate("{Name}", SCHEMA), () -> TABLE, true);

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    static PairMapping mapping(String dueFrom) {
        PairMapping mapping = new PairMapping();
        mapping.getLeadToTracker().put("NEW", "TODO");
        mapping.getTrackerToLead().put("TODO", "NEW");
        mapping.getFields().put("due", dueFrom);
        return mapping;
    }

    @Test
    void aMappingNamingAFieldTheTableLacksStopsStartUpInOneLine() {
        context.getRegistry().bind("trelloMapping", mapping("Due Date"));

        assertThatThrownBy(source::connect).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The trello mapping's fields.due names Airtable field 'Due Date', which "
                        + "the table does not have")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aBrokenEditIsReportedOnceAndThePreviousMappingStays() {
        PairMapping good = mapping("Deadline");
        context.getRegistry().bind("trelloMapping", good);
        source.connect();
        PairMapping noMarker = mapping("Deadline");
        noMarker.setDescriptionTemplate("{Description}");
        context.getRegistry().bind("trelloMapping", noMarker);

        try (LogCapture log = LogCapture.start()) {
            assertThat(source.get()).isSameAs(good);
            assertThat(source.get()).isSameAs(good);
            assertThat(log.text().lines().filter(l -> l.contains("has no {marker}"))).singleElement().asString()
                    .contains("The edited trello mapping is not usable, keeping the previous one");
        }

        PairMapping fixed = mapping("Deadline");
        fixed.setDescriptionTemplate("{Name}\n{marker}");
        context.getRegistry().bind("trelloMapping", fixed);
        assertThat(source.get()).isSameAs(fixed);
    }

    @Test
    void inPreviewModeAnEditWaitsToBePreviewedAndAppliesOnlyWhenApplied() {
        PairMapping running = mapping("Deadline");
        context.getRegistry().bind("trelloMapping", running);
        previewing.connect();
        PairMapping edited = mapping("Deadline");
        edited.getLeadToTracker().put("NEW", "DONE");
        context.getRegistry().bind("trelloMapping", edited);

        assertThat(previewing.get()).isSameAs(running);
        assertThat(previewing.previewDue()).isTrue();
        assertThat(previewing.pending()).isSameAs(edited);
        previewing.previewed();
        assertThat(previewing.previewDue()).as("previewed once").isFalse();
        assertThat(previewing.get()).isSameAs(running);

        assertThat(previewing.apply()).startsWith("trello mapping applied: ");
        assertThat(previewing.get()).isSameAs(edited);
        assertThat(previewing.pending()).isNull();
        assertThat(previewing.apply()).as("nothing pending").isNull();
    }

    @Test
    void aDiscardedEditKeepsTheRunningMappingUntilTheFileIsEditedAgain() {
        PairMapping running = mapping("Deadline");
        context.getRegistry().bind("trelloMapping", running);
        previewing.connect();
        context.getRegistry().bind("trelloMapping", mapping("Deadline"));
        assertThat(previewing.previewDue()).isTrue();

        assertThat(previewing.discard()).startsWith("trello mapping edit discarded: the running mapping stays in force");
        assertThat(previewing.get()).isSameAs(running);
        assertThat(previewing.previewDue()).isFalse();

        PairMapping again = mapping("Deadline");
        context.getRegistry().bind("trelloMapping", again);
        assertThat(previewing.previewDue()).isTrue();
        assertThat(previewing.pending()).isSameAs(again);
    }

    /** A board that takes any mapping: only the table's check is at stake here. */
    static final class Board implements WorkTracker {
        @Override
        public String name() {
            return "trello";
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
            return List.of();
        }

        @Override
        public TrackerItem fetch(String itemId) {
            return null;
        }
    }
}
