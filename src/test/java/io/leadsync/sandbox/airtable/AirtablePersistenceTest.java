package io.leadsync.sandbox.airtable;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Airtable emulator kept in a file: what a restart loads is what the last run left, and no id comes twice. */
class AirtablePersistenceTest {

    private static final String BASE = LeadsSeed.BASE_ID;
    private static final String TABLE = LeadsSeed.TABLE_NAME;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private AirtableEmulator saved() {
        AirtableEmulator airtable = new AirtableEmulator(clock, 42);
        if (!airtable.persistIn(dir.resolve("airtable.json"))) {
            airtable.seedLeads();
        }
        return airtable;
    }

    @Test
    void aReloadHasTheRecordsWithTheirTimesAndChoices() {
        List<RecordSnapshot> before;
        List<RecordSnapshot> scores;
        List<String> handedOut = new ArrayList<>();
        try (AirtableEmulator first = saved()) {
            first.records(BASE, TABLE).forEach(r -> handedOut.add(r.id()));
            clock.advance(Duration.ofMinutes(5));
            handedOut.add(first.createRecord(BASE, TABLE, Map.of("Name", "Radia Perlman", "Status", "WON")));
            first.createTable(BASE, "Scores", List.of(FieldSpec.text("Name"), FieldSpec.of("Score", FieldType.NUMBER),
                    FieldSpec.of("Done", FieldType.CHECKBOX)));
            first.createRecord(BASE, "Scores", Map.of("Name", "a", "Score", 4.5, "Done", true));
            clock.advance(Duration.ofMinutes(5));
            first.setField(BASE, TABLE, handedOut.get(0), "Email", "ada@new.example");
            first.deleteRecord(BASE, TABLE, handedOut.get(1));
            before = first.records(BASE, TABLE);
            scores = first.records(BASE, "Scores");
        }

        try (AirtableEmulator second = saved()) {
            assertThat(second.records(BASE, TABLE)).isEqualTo(before);
            assertThat(second.records(BASE, "Scores")).isEqualTo(scores);
            assertThat(second.choices(BASE, TABLE, "Status")).endsWith("WON");
            assertThat(second.tableLastModified(BASE, TABLE)).isEqualTo(clock.instant());
            assertThat(second.addGeneratedLeads(BASE, TABLE, 40)).doesNotContainAnyElementsOf(handedOut);
        }
    }

    @Test
    void aReloadKeepsWhenEachFieldLastChanged() throws Exception {
        String edited;
        try (AirtableEmulator first = saved()) {
            edited = first.records(BASE, TABLE).get(0).id();
            clock.advance(Duration.ofMinutes(5));
            first.setField(BASE, TABLE, edited, "Email", "ada@new.example");
        }
        try (AirtableEmulator second = saved()) {
            second.start(0);
            String formula = java.net.URLEncoder.encode("IS_AFTER(LAST_MODIFIED_TIME({Email}), '2026-03-02T09:01:00Z')",
                    java.nio.charset.StandardCharsets.UTF_8);
            AirtableHttp.Reply reply = new AirtableHttp(second.baseUrl()).get("/v0/" + BASE + "/" + TABLE
                    + "?filterByFormula=" + formula);
            List<String> ids = new ArrayList<>();
            new ObjectMapper().readTree(reply.body()).path("records").forEach(r -> ids.add(r.get("id").asText()));
            assertThat(ids).containsExactly(edited);
        }
    }

    @Test
    void aWriteIsSavedBeforeItIsAnswered() throws Exception {
        try (AirtableEmulator airtable = saved()) {
            airtable.start(0);
            AirtableHttp.Reply reply = new AirtableHttp(airtable.baseUrl()).post("/v0/" + BASE + "/" + TABLE,
                    "{\"fields\":{\"Name\":\"Radia Perlman\"}}");
            String id = new ObjectMapper().readTree(reply.body()).get("id").asText();
            assertThat(Files.readString(dir.resolve("airtable.json"))).contains(id, "Radia Perlman");
        }
    }
}
