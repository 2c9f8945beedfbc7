package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve("audit.jsonl"), StandardCharsets.UTF_8);
    }

    @Test
    void conflictsAndEventsAreOneJsonObjectPerLine() throws IOException {
        AuditLog audit = new AuditLog(dir.toString(), CLOCK);
        audit.conflict("trello", "recA", "status", "QUALIFIED (list DONE)", "DOING", "LATEST_WINS", "airtable", null);
        audit.event("trello", "recB", "item-archived", "card c1 was archived \"by someone\" \u2615");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode conflict = JSON.readTree(lines.get(0));
        assertThat(conflict.path("time").asText()).as("leadsync's clock").isEqualTo("2026-03-01T10:00:00Z");
        assertThat(conflict.path("event").asText()).isEqualTo("conflict");
        assertThat(conflict.path("record").asText()).isEqualTo("recA");
        assertThat(conflict.path("airtable").asText()).isEqualTo("QUALIFIED (list DONE)");
        assertThat(conflict.path("tracker").asText()).isEqualTo("DOING");
        assertThat(conflict.path("policy").asText()).isEqualTo("LATEST_WINS");
        assertThat(conflict.path("winner").asText()).isEqualTo("airtable");
        JsonNode event = JSON.readTree(lines.get(1));
        assertThat(event.path("event").asText()).isEqualTo("item-archived");
        assertThat(event.path("detail").asText()).endsWith("\"by someone\" \u2615");
    }

    @Test
    void eventsAppendAcrossRestarts() throws IOException {
        new AuditLog(dir.toString(), CLOCK).event("trello", "recA", "relinked", "one");
        new AuditLog(dir.toString(), CLOCK).event("trello", "recA", "relinked", "two");
        assertThat(lines()).hasSize(2);
    }

    @Test
    void afterATornLastLineTheNextEventStartsOnACleanLine() throws IOException {
        new AuditLog(dir.toString(), CLOCK).event("trello", "recA", "relinked", "one");
        Files.writeString(dir.resolve("audit.jsonl"), "{\"time\":\"2026-03-01T10:00:00Z\",\"ev",
                StandardOpenOption.APPEND);

        new AuditLog(dir.toString(), CLOCK).event("trello", "recB", "relinked", "two");

        List<String> lines = lines();
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).path("record").asText()).isEqualTo("recB");
    }

    @Test
    void anAppliedChangeIsOneLinePerFieldWithBeforeAfterWhoAndRuleAndOlderReadersSeeOnlyNewFields() throws IOException {
        AuditLog audit = new AuditLog(dir.toString(), CLOCK);
        audit.applied("trello", List.of(new AuditLog.Applied("moved", "recA", "card1", "bucket", "TODO", "DOING",
                "airtable", "status mapping")));

        JsonNode line = JSON.readTree(lines().get(0));
        assertThat(line.path("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(line.path("event").asText()).isEqualTo("moved");
        assertThat(line.path("pair").asText()).isEqualTo("trello");
        assertThat(line.path("record").asText()).as("the fields every entry had").isEqualTo("recA");
        assertThat(line.path("item").asText()).isEqualTo("card1");
        assertThat(line.path("before").asText() + " -> " + line.path("after").asText()).isEqualTo("TODO -> DOING");
        assertThat(line.path("who").asText()).isEqualTo("airtable");
        assertThat(line.path("rule").asText()).isEqualTo("status mapping");
    }

    @Test
    void theNewestEntriesOfAPairAreReadFromTheEndAndConflictsCountedAcrossRestarts() throws IOException {
        AuditLog audit = new AuditLog(dir.toString(), CLOCK);
        audit.conflict("trello", "recA", "status", "QUALIFIED", "DOING", "LATEST_WINS", "tracker", null);
        audit.event("clickup", "recA", "relinked", "another pair's");
        audit.event("trello", "recB", "relinked", "found card c2");

        assertThat(audit.newest("trello", AuditLog.mentioning(null), 10)).extracting(n -> n.path("record").asText())
                .containsExactly("recB", "recA");
        assertThat(audit.newest("trello", AuditLog.mentioning("C2"), 10)).hasSize(1);
        assertThat(audit.newest("trello", AuditLog.mentioning(null), 1)).hasSize(1);
        assertThat(new AuditLog(dir.toString(), CLOCK).conflicts("trello")).isEqualTo(1);
        assertThat(audit.conflicts("clickup")).isZero();
    }

    @Test
    void entriesOlderThanTheRetentionAreDroppedAtStartUpAndTheRestKept() throws IOException {
        Clock march = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        Clock may = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
        AuditLog before = new AuditLog(dir.toString(), march);
        before.conflict("trello", "recA", "status", "QUALIFIED", "DOING", "LATEST_WINS", "airtable", null);
        before.event("trello", "recB", "relinked", "in March");
        new AuditLog(dir.toString(), may).event("trello", "recC", "relinked", "in May");

        Clock june = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
        try (LogCapture logs = LogCapture.start()) {
            AuditLog kept = new AuditLog(new FileStateStorage(dir.toString()), june, Duration.ofDays(60));
            assertThat(lines()).singleElement().asString().contains("in May");
            assertThat(kept.conflicts("trello")).as("counted in the entries kept").isZero();
            assertThat(logs.text()).contains("audit: 2 entries older than 60 days dropped from " + dir.resolve(
                    "audit.jsonl") + " (leadsync.audit.keep-days)");
        }
        new AuditLog(new FileStateStorage(dir.toString()), june, Duration.ZERO);
        assertThat(lines()).as("0: every entry kept").hasSize(1);
    }

    @Test
    void aLineWithoutAReadableTimeIsNotTakenForAnOldOneAndWhatFollowsItStays() throws IOException {
        Clock march = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        new AuditLog(dir.toString(), march).event("trello", "recA", "relinked", "first");
        Files.writeString(dir.resolve("audit.jsonl"), "{\"note\":\"written by hand\"}\n", StandardOpenOption.APPEND);
        new AuditLog(dir.toString(), march).event("trello", "recB", "relinked", "after the note");

        Instant june = Instant.parse("2026-06-01T00:00:00Z");
        new AuditLog(new FileStateStorage(dir.toString()), Clock.fixed(june, ZoneOffset.UTC), Duration.ofDays(1));

        assertThat(lines()).hasSize(2).first().asString().contains("written by hand");
        assertThat(AuditLog.writtenBefore("{\"time\":\"not a time\",\"event\":\"x\"}", june)).isFalse();
    }
}
