package io.leadsync.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.change.ArchiveItem;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.sync.Effects;
import io.leadsync.sync.SyncCycle;
import org.junit.jupiter.api.Test;

/** A planned cycle as the dry run logs it and as the dashboard's preview carries it. */
class PlanReportTest {

    private static final Instant MADE = Instant.parse("2026-12-01T08:00:00Z");

    private static SyncCycle.Planned plan(int held) {
        List<Change> changes = List.of(
                new CreateItem("recA", null, null, 1, "k1", "create trello item 'Ada' in TODO for lead recA"),
                new CreateItem("recB", null, null, 1, "k2", "create trello item 'Bob' in DONE for lead recB"),
                new MoveItem("recC", "cardC", null, null, 1, "k3", "move trello item cardC of lead recC to DONE"),
                new ArchiveItem("recD", "cardD", null, null, false, 1, "k4", "archive trello item cardD of lead recD"),
                new UpdateContent("recE", "cardE", null, null, 1, "k5", "rename trello item cardE of lead recE"));
        List<Effects.LeadWrite> leadWrites = List.of(
                new Effects.LeadWrite("recF", Map.of("Status", "QUALIFIED"), null, 1, null),
                new Effects.LeadWrite("recG", Map.of("Status", "CONTACTED"), null, 1, null));
        List<Effects.AuditEntry> audit = List.of(
                new Effects.Conflict("recH", "Status", "LOST", "DONE", "LATEST_WINS", "airtable", null),
                new Effects.Conflict("recI", "Status", "NEW", "DONE", "LATEST_WINS", "tracker", null),
                new Effects.Event("recJ", "filter-left", "not a conflict"));
        return new SyncCycle.Planned("trello", new Effects(changes, leadWrites, List.of(), List.of(), audit, List.of()),
                held);
    }

    @Test
    void theSummaryLineCountsEachKindOfChangeTheConflictsByRuleAndWinnerAndWhatTheRailWouldHold() {
        SyncCycle.Planned planned = plan(1);
        List<String> lines = PlanReport.lines(planned, PlanReport.preview(planned, "trello", "dry run", MADE), "trello");

        assertThat(lines.get(0)).isEqualTo("dry-run trello: would create 2 card(s), move 1, archive 1, update 1, write 2 "
                + "lead(s) in Airtable, decide 2 conflict(s) (LATEST_WINS: 1 Airtable, 1 Trello); 1 removal(s) would "
                + "be held by the safety rail");
    }

    @Test
    void thenOneLinePerChangeAndPerConflictWithBothValuesTheWinnerAndTheRule() {
        SyncCycle.Planned planned = plan(0);
        List<String> lines = PlanReport.lines(planned, PlanReport.preview(planned, "trello", "dry run", MADE), "trello");

        assertThat(lines).hasSize(1 + 5 + 2 + 2);
        assertThat(lines.get(0)).endsWith("; no removal would be held by the safety rail");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "dry-run trello:   create trello item 'Ada' in TODO for lead recA",
                "dry-run trello:   create trello item 'Bob' in DONE for lead recB",
                "dry-run trello:   move trello item cardC of lead recC to DONE",
                "dry-run trello:   archive trello item cardD of lead recD",
                "dry-run trello:   rename trello item cardE of lead recE",
                "dry-run trello:   write lead recF in Airtable: {Status=QUALIFIED}",
                "dry-run trello:   write lead recG in Airtable: {Status=CONTACTED}",
                "dry-run trello:   conflict on lead recH, Status: Airtable 'LOST', Trello 'DONE' -> Airtable wins "
                        + "(LATEST_WINS)",
                "dry-run trello:   conflict on lead recI, Status: Airtable 'NEW', Trello 'DONE' -> Trello wins "
                        + "(LATEST_WINS)");
    }

    @Test
    void aClickUpPairCountsTasksAndNamesClickUp() {
        SyncCycle.Planned planned = new SyncCycle.Planned("clickup", plan(0).effects(), 0);
        List<String> lines = PlanReport.lines(planned, PlanReport.preview(planned, "clickup", "dry run", MADE),
                "clickup");

        assertThat(lines.get(0)).startsWith("dry-run clickup: would create 2 task(s),")
                .contains("(LATEST_WINS: 1 Airtable, 1 ClickUp)");
    }

    @Test
    void theJsonHasThePreviewShapeOfTheDashboardContract() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(PlanReport.preview(plan(0), "trello", "dry run", MADE));

        assertThat(json.fieldNames()).toIterable().containsExactly("made", "reason", "creates", "moves", "archives",
                "airtableWrites", "updates", "conflicts");
        assertThat(json.path("made").asText()).isEqualTo("2026-12-01T08:00:00Z");
        assertThat(json.path("reason").asText()).isEqualTo("dry run");
        assertThat(json.path("creates").get(0).toString())
                .isEqualTo("{\"record\":\"recA\",\"item\":null,\"summary\":\"create trello item 'Ada' in TODO for lead recA\"}");
        assertThat(json.path("moves").get(0).path("item").asText()).isEqualTo("cardC");
        assertThat(json.path("archives").get(0).path("record").asText()).isEqualTo("recD");
        assertThat(json.path("updates").get(0).path("item").asText()).isEqualTo("cardE");
        assertThat(json.path("airtableWrites")).extracting(e -> e.path("record").asText()).containsExactly("recF", "recG");
        assertThat(json.path("conflicts")).extracting(e -> e.path("record").asText()).containsExactly("recH", "recI");
    }
}
