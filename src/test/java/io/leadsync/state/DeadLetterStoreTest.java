package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("dead-letters.jsonl");
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    @Test
    void aQuarantinedRecordStaysQuarantinedForThatVersionOnlyAndAcrossRestarts() throws IOException {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "status 'MAYBE' is not in the mapping", true);

        assertThat(store.isQuarantined("trello", "recA", 1_000)).isTrue();
        assertThat(store.isQuarantined("trello", "recA", 1_001)).as("the record changed").isFalse();
        assertThat(store.isQuarantined("clickup", "recA", 1_000)).as("another pair").isFalse();

        DeadLetterStore reopened = new DeadLetterStore(dir.toString(), CLOCK);
        assertThat(reopened.isQuarantined("trello", "recA", 1_000)).isTrue();
        assertThat(reopened.count()).isEqualTo(1);

        JsonNode line = JSON.readTree(lines().get(0));
        assertThat(line.path("time").asText()).as("leadsync's clock").isEqualTo("2026-03-01T10:00:00Z");
        assertThat(line.path("pair").asText()).isEqualTo("trello");
        assertThat(line.path("record").asText()).isEqualTo("recA");
        assertThat(line.path("sourceModified").asLong()).isEqualTo(1_000);
        assertThat(line.path("reason").asText()).contains("MAYBE");
        assertThat(line.path("quarantined").asBoolean()).isTrue();
    }

    @Test
    void eachPairsDeadLettersAreCountedAlsoAcrossRestarts() {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "bad", true);
        store.record("trello", "recB", 1_000, "503", false);
        store.record("clickup", "recA", 1_000, "bad", true);
        store.record("trello", "recA", 1_000, "bad", true); // the same version again: not recorded

        assertThat(store.count("trello")).isEqualTo(2);
        assertThat(store.count("clickup")).isEqualTo(1);
        assertThat(store.count("sales")).isZero();
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).count("trello")).isEqualTo(2);
    }

    @Test
    void theSameQuarantinedVersionIsReportedOnce() throws IOException {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "bad", true);
        store.record("trello", "recA", 1_000, "bad", true);
        assertThat(store.count()).isEqualTo(1);

        new DeadLetterStore(dir.toString(), CLOCK).record("trello", "recA", 1_000, "bad", true);
        assertThat(lines()).hasSize(1);
    }

    @Test
    void aRetryableFailureIsRecordedEveryTimeButNotQuarantined() throws IOException {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "503", false);
        store.record("trello", "recA", 1_000, "503", false);
        assertThat(store.isQuarantined("trello", "recA", 1_000)).isFalse();
        assertThat(store.count()).isEqualTo(2);
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).isQuarantined("trello", "recA", 1_000)).isFalse();
        assertThat(lines()).hasSize(2);
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextRecordStartsOnACleanLine() throws IOException {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "bad", true);
        Files.writeString(file(), "{\"time\":\"2026-03-01T10:00:00Z\",\"pair\":\"trello\",\"record\":\"recB\",\"sou",
                java.nio.file.StandardOpenOption.APPEND);

        DeadLetterStore reopened = new DeadLetterStore(dir.toString(), CLOCK);
        assertThat(reopened.count()).isEqualTo(1);
        assertThat(reopened.isQuarantined("trello", "recA", 1_000)).isTrue();
        reopened.record("trello", "recC", 2_000, "also bad", true);

        assertThat(lines()).hasSize(2).allSatisfy(l -> assertThat(JSON.readTree(l).path("record").asText()).isNotEmpty());
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).isQuarantined("trello", "recC", 2_000)).isTrue();
    }

    @Test
    void anUnreadableCompleteLineIsSkipped() throws IOException {
        Files.writeString(file(), "garbage\n{\"pair\":\"trello\",\"record\":\"recA\",\"sourceModified\":5,"
                + "\"quarantined\":true}\n");
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.isQuarantined("trello", "recA", 5)).isTrue();
    }

    @Test
    void aRetriedDeadLetterIsReleasedAndStaysReleasedAfterARestart() throws IOException {
        DeadLetterStore store = new DeadLetterStore(dir.toString(), CLOCK);
        store.record("trello", "recA", 1_000, "bad", true);
        store.record("trello", "recB", 1_000, "bad too", true);
        DeadLetterStore.Entry a = store.entries("trello", 10).get(1);
        assertThat(a.record()).as("newest first").isEqualTo("recA");
        assertThat(store.quarantined("trello")).isEqualTo(2);

        assertThat(store.release("trello", a.id())).isTrue();
        assertThat(store.release("clickup", a.id())).as("another pair's id").isFalse();
        assertThat(store.release("trello", "unknown")).isFalse();

        DeadLetterStore reopened = new DeadLetterStore(dir.toString(), CLOCK);
        assertThat(reopened.isQuarantined("trello", "recA", 1_000)).isFalse();
        assertThat(reopened.isQuarantined("trello", "recB", 1_000)).isTrue();
        assertThat(reopened.count()).as("a release is no dead letter").isEqualTo(2);
        assertThat(reopened.entries("trello", 10)).extracting(DeadLetterStore.Entry::id, DeadLetterStore.Entry::quarantined)
                .as("the same ids; the released one no longer held back")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(store.entries("trello", 10).get(0).id(), true),
                        org.assertj.core.groups.Tuple.tuple(a.id(), false));
        assertThat(JSON.readTree(lines().get(2)).path("released").asText()).isEqualTo(a.id());

        assertThat(reopened.releaseAll("trello")).isEqualTo(1);
        assertThat(new DeadLetterStore(dir.toString(), CLOCK).quarantined("trello")).isZero();
    }
}
