package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a dry run asks the safety rail: what it would hold, with nothing journaled, logged as a hold or used up. */
class SafetyRailJudgementTest {

    @TempDir
    Path dir;

    private SafetyRail rail() {
        return new SafetyRail("trello", "Trello board 'Work Tracker'", dir.toString(), new SafetyRail.Limits(10, 20),
                java.time.Clock.systemUTC());
    }

    private static List<SafetyRail.Removal> archives(int count) {
        Effects none = new Effects(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        return IntStream.range(0, count).mapToObj(i -> new SafetyRail.Removal(SafetyRail.RemovalKind.ARCHIVE,
                "rec" + i, "card" + i, none)).toList();
    }

    @Test
    void aMassRemovalIsJudgedHeldButNoHoldIsJournaled() {
        SafetyRail rail = rail();

        SafetyRail.Judgement judged = rail.wouldFilter(archives(12), 40, true);

        assertThat(judged.held()).isEqualTo(12);
        assertThat(judged.allowed()).isEmpty();
        assertThat(rail.holding()).isFalse();
        assertThat(dir.resolve("trello-hold.json")).doesNotExist();
        assertThat(rail.filter(archives(12), 40, true)).as("the rail itself holds them").isEmpty();
        assertThat(rail.holding()).isTrue();
    }

    @Test
    void removalsWithinTheLimitsWouldGoThrough() throws Exception {
        SafetyRail.Judgement judged = rail().wouldFilter(archives(3), 40, true);

        assertThat(judged.held()).isZero();
        assertThat(judged.allowed()).hasSize(3);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
