package io.leadsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.leadsync.state.FileStateStorage;

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
        Evidence evidence = audit(conflict("clickup", "status", "tracker", origin("trello2", "2026-11-30T11:59:59Z")));

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
    void anAirtableWinNamingNoOriginOrAnEarlierMoveOfTheOtherPairWasJudgedByTheWritesTime() throws IOException {
        ObjectMapper json = new ObjectMapper();
        String earlier = origin("trello", "2026-11-30T11:59:59Z");
        String later = origin("trello", "2026-11-30T12:00:01Z");

        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", null)), "trello",
                EDIT)).isTrue();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", earlier)),
                "trello", EDIT)).isTrue();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("clickup", "status", "airtable", later)),
                "trello", EDIT)).as("the other pair's move came later").isFalse();
        assertThat(Evidence.lostToTheWriteOf(json.readTree(conflict("trello", "status", "tracker", null)), "trello",
                EDIT)).as("the other pair's item won").isFalse();
    }

    @Test
    void theOriginIsReadFromTheSyncsDescriptionOfIt() throws IOException {
        JsonNode entry = new ObjectMapper().readTree(conflict("clickup", "status", "tracker",
                origin("trello2", "2026-11-30T11:59:59.250Z")));

        assertThat(Evidence.originPair(entry)).isEqualTo("trello2");
        assertThat(Evidence.originTime(entry)).isEqualTo(java.time.Instant.parse("2026-11-30T11:59:59.250Z"));
        assertThat(Evidence.originPair(new ObjectMapper().readTree(conflict("clickup", "status", "tracker", null))))
                .isNull();
    }

    @Test
    void aMoveTheSyncTookForItsOwnLateLandingIsFoundByThePlaceItShowedInThatPairOnly() throws IOException {
        Evidence evidence = audit("{\"time\":\"2026-11-30T12:00:01Z\",\"event\":\"late-write\",\"pair\":\"clickup\","
                + "\"record\":\"rec1\",\"detail\":\"item 86x shows leadsync's own place 'in progress', sent earlier with "
                + "no answer, landing late (after the writes made since); put back to 'complete'\"}");

        assertThat(evidence.takenForALateLanding("rec1", "clickup", "in progress", EDIT)).isPresent();
        assertThat(evidence.takenForALateLanding("rec1", "clickup", "complete", EDIT)).as("another place").isEmpty();
        assertThat(evidence.takenForALateLanding("rec1", "trello", "in progress", EDIT)).as("another pair").isEmpty();
        assertThat(evidence.takenForALateLanding("rec2", "clickup", "in progress", EDIT)).as("another lead").isEmpty();
        assertThat(evidence.takenForALateLanding("rec1", "clickup", "in progress", EDIT + 2_000))
                .as("decided before the move").isEmpty();
    }

    /** As the sync describes it (StatusOrigins.Origin#describe). */
    private static String origin(String pair, String at) {
        return "the " + pair + " pair: item 64f0c1 moved to DONE at " + at + ", written to Airtable by leadsync";
    }

    private static String conflict(String pair, String field, String winner, String origin) {
        return "{\"time\":\"2026-11-30T12:00:00Z\",\"event\":\"conflict\",\"pair\":\"" + pair + "\",\"record\":\"rec1\","
                + "\"field\":\"" + field + "\",\"airtable\":\"a\",\"tracker\":\"t\",\"policy\":\"latest-wins\","
                + "\"winner\":\"" + winner + "\"" + (origin == null ? "" : ",\"origin\":\"" + origin + "\"") + "}";
    }

    private Evidence audit(String line) throws IOException {
        Files.writeString(data.resolve("audit.jsonl"), line + "\n");
        return Evidence.read(new FileStateStorage(data.toString()));
    }
}
