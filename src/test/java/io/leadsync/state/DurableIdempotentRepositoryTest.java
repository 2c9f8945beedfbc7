package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableIdempotentRepositoryTest {

    @TempDir
    Path dir;

    private final List<DurableIdempotentRepository> opened = new ArrayList<>();

    private DurableIdempotentRepository open(int maxKeys) {
        DurableIdempotentRepository repo = new DurableIdempotentRepository(dir.toString(), maxKeys);
        repo.start();
        opened.add(repo);
        return repo;
    }

    @AfterEach
    void stopAll() {
        opened.forEach(DurableIdempotentRepository::stop);
    }

    private Path file() {
        return dir.resolve("applied-changes.log");
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    @Test
    void aKeyIsAddedOnceAndSurvivesReopening() {
        DurableIdempotentRepository repo = open(100);
        assertThat(repo.add("trello|change|recA|abc|1000")).isTrue();
        assertThat(repo.add("trello|change|recA|abc|1000")).isFalse();
        assertThat(repo.contains("trello|change|recA|abc|1000")).isTrue();
        assertThat(repo.confirm("trello|change|recA|abc|1000")).isTrue();
        repo.stop();

        DurableIdempotentRepository reopened = open(100);
        assertThat(reopened.contains("trello|change|recA|abc|1000")).isTrue();
        assertThat(reopened.add("trello|change|recA|abc|1000")).isFalse();
        assertThat(reopened.size()).isEqualTo(1);
    }

    /**
     * Through a real idempotent consumer, as in routes/sync-cycle.camel.yaml: an exchange that completes without
     * the writer having marked its change applied (campaign seed clickup:180) leaves no key, so the change is
     * tried again; a marked one is recorded and its duplicate skipped.
     */
    @Test
    void onlyAChangeTheWriterMarkedAppliedIsRecordedByTheIdempotentConsumer() throws Exception {
        DurableIdempotentRepository repo = open(100);
        List<String> reached = new ArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:push").idempotentConsumer(header("key"), repo).eager(false).skipDuplicate(true)
                            .process(e -> {
                                reached.add(e.getMessage().getHeader("key", String.class));
                                e.setProperty(DurableIdempotentRepository.APPLIED,
                                        e.getMessage().getHeader("writerRan", Boolean.class));
                            });
                }
            });
            camel.start();
            ProducerTemplate push = camel.createProducerTemplate();

            push.sendBodyAndHeaders("direct:push", null, Map.of("key", "cut-short", "writerRan", false));
            push.sendBodyAndHeaders("direct:push", null, Map.of("key", "cut-short", "writerRan", true));
            push.sendBodyAndHeaders("direct:push", null, Map.of("key", "cut-short", "writerRan", true));
        }

        assertThat(reached).as("tried again, then skipped as a duplicate").containsExactly("cut-short", "cut-short");
        assertThat(lines()).containsExactly("cut-short");
    }

    @Test
    void keysAreReadEvenWithoutAStart() throws IOException {
        Files.writeString(file(), "k1\nk2\n");
        DurableIdempotentRepository repo = new DurableIdempotentRepository(dir.toString(), 100);
        assertThat(repo.contains("k2")).isTrue();
        assertThat(repo.size()).isEqualTo(2);
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextKeyStartsOnACleanLine() throws IOException {
        Files.writeString(file(), "k1\nk2\nk3-cut-sh");
        DurableIdempotentRepository repo = open(100);
        assertThat(repo.contains("k1")).isTrue();
        assertThat(repo.contains("k2")).isTrue();
        assertThat(repo.contains("k3-cut-sh")).isFalse();
        assertThat(repo.add("k4")).isTrue();
        assertThat(lines()).containsExactly("k1", "k2", "k4");
    }

    @Test
    void removePersists() throws IOException {
        DurableIdempotentRepository repo = open(100);
        repo.add("k1");
        repo.add("k2");
        assertThat(repo.remove("k1")).isTrue();
        assertThat(repo.remove("never-added")).isFalse();
        repo.stop();

        DurableIdempotentRepository reopened = open(100);
        assertThat(reopened.contains("k1")).isFalse();
        assertThat(reopened.contains("k2")).isTrue();
        assertThat(lines()).containsExactly("k2");
    }

    @Test
    void clearPersists() throws IOException {
        DurableIdempotentRepository repo = open(100);
        repo.add("k1");
        repo.add("k2");
        repo.clear();
        assertThat(repo.contains("k1")).isFalse();
        repo.stop();

        DurableIdempotentRepository reopened = open(100);
        assertThat(reopened.size()).isZero();
        assertThat(lines()).isEmpty();
        assertThat(reopened.add("k1")).isTrue();
    }

    @Test
    void clearBeforeAnythingWasReadStillForgetsWhatIsOnDisk() throws IOException {
        Files.writeString(file(), "k1\nk2\n");
        DurableIdempotentRepository repo = new DurableIdempotentRepository(dir.toString(), 100);
        repo.clear();
        assertThat(repo.contains("k1")).isFalse();
        assertThat(open(100).size()).isZero();
    }

    @Test
    void beyondMaxKeysTheNewestKeysAreKept() throws IOException {
        DurableIdempotentRepository repo = open(10);
        IntStream.rangeClosed(1, 100).forEach(i -> repo.add("k" + i));

        assertThat(repo.size()).isBetween(10, 12); // trimmed back to 10 whenever it passes 10 + 10/4
        assertThat(repo.contains("k100")).isTrue();
        assertThat(repo.contains("k91")).isTrue();
        assertThat(repo.contains("k1")).isFalse();
        assertThat(repo.contains("k80")).isFalse();
        repo.stop();

        DurableIdempotentRepository reopened = open(10);
        List<String> kept = lines();
        assertThat(kept).hasSize(reopened.size()).endsWith("k91", "k92", "k93", "k94", "k95", "k96", "k97", "k98",
                "k99", "k100");
        assertThat(reopened.contains("k80")).isFalse();
    }

    @Test
    void trimmingKeepsExactlyTheNewestMaxKeysAtTheMomentItRuns() throws IOException {
        DurableIdempotentRepository repo = open(8);
        IntStream.rangeClosed(1, 11).forEach(i -> repo.add("k" + i)); // 11 > 8 + 8/4: trimmed to 8
        assertThat(lines()).containsExactly("k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11");
        assertThat(repo.size()).isEqualTo(8);
    }

    @Test
    void aTempFileLeftByACrashDuringARewriteIsIgnored() throws IOException {
        DurableIdempotentRepository repo = open(100);
        repo.add("k1");
        repo.add("k2");
        repo.stop();
        Files.writeString(dir.resolve("applied-changes.log.tmp"), "k1\n"); // a remove("k2") that never got renamed

        DurableIdempotentRepository reopened = open(100);
        assertThat(reopened.contains("k2")).isTrue();
        reopened.remove("k1");
        assertThat(dir.resolve("applied-changes.log.tmp")).doesNotExist();
        assertThat(lines()).containsExactly("k2");
    }
}
