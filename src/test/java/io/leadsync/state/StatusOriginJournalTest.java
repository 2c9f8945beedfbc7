package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status-origin journal shared by the pairs on one table: what each pair last wrote to a lead (or backed with a
 * move), kept across a restart; the origin of a lead's status is the write that landed last.
 */
class StatusOriginJournalTest {

    @TempDir
    Path dir;

    final StatusOrigins.Origin trello = new StatusOrigins.Origin("trello", "QUALIFIED", "card1", "DONE", 5_000, 8_000);
    final StatusOrigins.Origin clickup = new StatusOrigins.Origin("clickup", "NEW", "task1", "to do", 6_000, 6_500);

    @Test
    void eachPairsLastOriginIsKeptAcrossARestartAndTheLastLandedIsTheLeadsOrigin() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.landed(Map.of("recA", clickup));
        journal.landed(Map.of("recA", trello));

        StatusOriginJournal restarted = new StatusOriginJournal(dir.toString());

        assertThat(restarted.own("recA", "clickup")).isEqualTo(clickup);
        assertThat(restarted.own("recA", "trello")).isEqualTo(trello);
        assertThat(restarted.of("recA", "QUALIFIED", 8_000)).as("landed last").isEqualTo(trello);
        assertThat(restarted.of("recA", "NEW", 8_000)).as("no longer the lead's status").isNull();
        assertThat(restarted.own("recB", "trello")).isNull();
    }

    @Test
    void aLeadModifiedWellAfterTheWriteLandedWasEditedAgain() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.landed(Map.of("recA", trello));

        assertThat(journal.of("recA", "QUALIFIED", 8_000 + StatusOriginJournal.CLOCK_SKEW_MILLIS)).isEqualTo(trello);
        assertThat(journal.of("recA", "QUALIFIED", 8_001 + StatusOriginJournal.CLOCK_SKEW_MILLIS)).isNull();
    }

    @Test
    void anotherPairsWriteSetBackSinceMakesTheSameStatusAChange() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.landed(Map.of("recA", trello));

        assertThat(journal.setAgainSince("recA", "clickup", "NEW", 7_000)).isTrue();
        assertThat(journal.setAgainSince("recA", "clickup", "NEW", 9_000)).as("synced after it").isFalse();
        assertThat(journal.setAgainSince("recA", "trello", "NEW", 7_000)).as("its own write").isFalse();
    }

    /**
     * Three-pair campaign :315: the clickup pair's write of NEW was sent, landed, and the process crashed before the
     * answer. After the restart the lead's NEW still has its origin, the task's move; a lead set to NEW long after
     * the write was sent does not.
     */
    @Test
    void aWriteWhoseAnswerNeverCameStillNamesItsOriginAfterARestart() {
        StatusOrigins.Origin sent = new StatusOrigins.Origin("clickup", "NEW", "task1", "to do", 6_000, 6_100);
        new StatusOriginJournal(dir.toString()).sending(Map.of("recA", sent));

        StatusOriginJournal restarted = new StatusOriginJournal(dir.toString());

        assertThat(restarted.of("recA", "NEW", 9_100)).as("landed 3 s after it was sent").isEqualTo(sent);
        assertThat(restarted.of("recA", "NEW", 6_100 + StatusOriginJournal.UNANSWERED_MILLIS + 1)).isNull();
        assertThat(restarted.of("recA", "QUALIFIED", 9_100)).isNull();
        assertThat(restarted.own("recA", "clickup")).as("not known to have landed").isNull();
    }

    @Test
    void anAnsweredWriteIsNoLongerUnanswered() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.sending(Map.of("recA", clickup));
        journal.landed(Map.of("recA", clickup));
        journal.landed(Map.of("recA", trello));

        StatusOriginJournal restarted = new StatusOriginJournal(dir.toString());

        assertThat(restarted.of("recA", "NEW", 9_000)).as("set by trello since, a person set NEW again").isNull();
    }
}
