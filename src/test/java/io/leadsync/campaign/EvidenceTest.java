package io.leadsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which side lost a conflict the audit log records, as the campaign's checker reads it: with one pair, the
 * tracker or Airtable; with several, a status written by one pair because its item moved is the lead's value
 * for the others, so an entry another pair's item won was lost by that move.
 */
class EvidenceTest {

    private static final long EDIT = java.time.Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    @TempDir
    Path data;

    @Test
    void aConflictAirtableWonWasLostByThatPairsItemOnly() throws IOException {
        Evidence evidence = audit(conflict("trello", "status", "airtable", null));

        assertThat(evidence.lostConflict("rec1", "status", EDIT, "trello")).isTrue();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, "clickup")).isFalse();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, LeadHistory.AIRTABLE)).isFalse();
    }

    @Test
    void aConflictAPairsItemWonWasLostByAirtableOrAnotherPairsMoveWhenNoOriginIsNamed() throws IOException {
        Evidence evidence = audit(conflict("clickup", "status", "tracker", null));

        assertThat(evidence.lostConflict("rec1", "status", EDIT, LeadHistory.AIRTABLE)).isTrue();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, "trello")).isTrue();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, "clickup")).isFalse();
    }

    @Test
    void theOriginAnEntryNamesIsTheSideThatLost() throws IOException {
        Evidence evidence = audit(conflict("clickup", "status", "tracker", "trello2"));

        assertThat(evidence.lostConflict("rec1", "status", EDIT, "trello2")).isTrue();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, "trello")).isFalse();
        assertThat(evidence.lostConflict("rec1", "status", EDIT, LeadHistory.AIRTABLE)).isFalse();
    }

    @Test
    void aNameIsNotCarriedAcrossPairsSoOnlyThePairsOwnEntryCounts() throws IOException {
        Evidence evidence = audit(conflict("clickup", "name", "tracker", null));

        assertThat(evidence.lostConflict("rec1", "name", EDIT, "trello")).isFalse();
        assertThat(evidence.lostConflict("rec1", "name", EDIT, LeadHistory.AIRTABLE)).isTrue();
    }

    @Test
    void aConflictDecidedBeforeTheEditOrOnAnotherRecordIsNotItsLoss() throws IOException {
        Evidence evidence = audit(conflict("trello", "status", "airtable", null));

        assertThat(evidence.lostConflict("rec1", "status", EDIT + 1, "trello")).isFalse();
        assertThat(evidence.lostConflict("rec2", "status", EDIT, "trello")).isFalse();
    }

    @Test
    void anAirtableWinThatNamesNoOriginOrTheOtherPairsMoveMayHaveBeenJudgedByTheWritesTime() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", null)), "trello"))
                .isTrue();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", "trello")),
                "trello")).isTrue();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", "airtable")),
                "trello")).as("a person's Airtable edit won").isFalse();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("trello", "status", "tracker", null)), "trello"))
                .as("the other pair's item won").isFalse();
    }

    private static String conflict(String pair, String field, String winner, String origin) {
        return "{\"time\":\"2026-11-30T12:00:00Z\",\"event\":\"conflict\",\"pair\":\"" + pair + "\",\"record\":\"rec1\","
                + "\"field\":\"" + field + "\",\"airtable\":\"a\",\"tracker\":\"t\",\"policy\":\"latest-wins\","
                + "\"winner\":\"" + winner + "\"" + (origin == null ? "" : ",\"origin\":\"" + origin + "\"") + "}";
    }

    private Evidence audit(String line) throws IOException {
        Files.writeString(data.resolve("audit.jsonl"), line + "\n");
        return Evidence.read(data);
    }
}
