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
    void aWriteStaysTheOriginOfItsStatusUntilALaterReadShowsAnother() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.landed(Map.of("recA", trello));

        assertThat(journal.of("recA", "QUALIFIED", 60_000)).as("other fields edited since").isEqualTo(trello);
        assertThat(journal.supersededBy("recA", "QUALIFIED", 20_000)).as("the same status").isFalse();
        assertThat(journal.supersededBy("recA", "NEW", 7_000)).as("modified before the write landed").isFalse();
        assertThat(journal.supersededBy("recA", "NEW", 20_000)).isTrue();
        journal.superseded("recA", "NEW", 20_000);

        StatusOriginJournal restarted = new StatusOriginJournal(dir.toString());
        assertThat(restarted.of("recA", "QUALIFIED", 60_000)).as("set back to it by a person").isNull();
        assertThat(restarted.supersededBy("recA", "NEW", 30_000)).as("recorded once").isFalse();
        StatusOrigins.Origin later = new StatusOrigins.Origin("trello", "QUALIFIED", "card1", "DONE", 40_000, 41_000);
        restarted.landed(Map.of("recA", later));
        assertThat(restarted.of("recA", "QUALIFIED", 41_000)).as("a write after it").isEqualTo(later);
    }

    /**
     * Three-pair campaign :322: the clickup pair's write of NEW was sent and refused by a fault; a read then showed
     * the lead IN_PROGRESS (a person); the same person later set NEW: that edit is the person's, not the write's.
     */
    @Test
    void aWriteWhoseAnswerNeverCameIsNoOriginOnceAReadShowedAnotherStatus() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.sending(Map.of("recA", clickup));
        assertThat(journal.supersededBy("recA", "IN_PROGRESS", 7_000)).isTrue();
        journal.superseded("recA", "IN_PROGRESS", 7_000);

        assertThat(journal.of("recA", "NEW", 9_000)).isNull();
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

    /**
     * Three-pair campaign :556: the clickup pair's NEW landed; trello2's QUALIFIED was sent, landed 1 ms later, and its
     * answer was lost. A read of QUALIFIED then superseded the clickup write: it must not supersede trello2's, which is
     * what that read shows.
     */
    @Test
    void aReadOfAStatusSupersedesOnlyTheWritesOfOtherStatuses() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.landed(Map.of("recA", clickup));
        StatusOrigins.Origin trello2 = new StatusOrigins.Origin("trello2", "QUALIFIED", "card2", "DONE", 8_000, 8_100);
        journal.sending(Map.of("recA", trello2));
        assertThat(journal.supersededBy("recA", "QUALIFIED", 8_101)).isTrue();
        journal.superseded("recA", "QUALIFIED", 8_101);

        StatusOriginJournal restarted = new StatusOriginJournal(dir.toString());

        assertThat(restarted.of("recA", "QUALIFIED", 8_101)).isEqualTo(trello2);
        assertThat(restarted.of("recA", "NEW", 9_000)).as("the clickup write is superseded").isNull();
    }

    /**
     * Three-pair campaign :630: the clickup and trello pairs wrote the same lead at once; the service applied
     * clickup's NEW last but answered it first. The lead's NEW is clickup's write, not a person's edit, also after
     * a restart.
     */
    @Test
    void ofTwoWritesInFlightTogetherEitherMayHaveLandedLast() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        StatusOrigins.Origin clickupSent = new StatusOrigins.Origin("clickup", "NEW", "task1", "to do", 6_000, 7_000);
        StatusOrigins.Origin trelloSent = new StatusOrigins.Origin("trello", "QUALIFIED", "card1", "DONE", 5_000, 7_003);
        journal.sending(Map.of("recA", clickupSent));
        journal.sending(Map.of("recA", trelloSent));
        StatusOrigins.Origin clickupLanded = new StatusOrigins.Origin("clickup", "NEW", "task1", "to do", 6_000, 7_009);
        StatusOrigins.Origin trelloLanded = new StatusOrigins.Origin("trello", "QUALIFIED", "card1", "DONE", 5_000,
                7_011);
        journal.landed(Map.of("recA", clickupLanded));
        journal.landed(Map.of("recA", trelloLanded));

        assertThat(journal.of("recA", "NEW", 7_005)).isEqualTo(clickupLanded);
        assertThat(journal.of("recA", "QUALIFIED", 7_005)).isEqualTo(trelloLanded);
        assertThat(new StatusOriginJournal(dir.toString()).of("recA", "NEW", 7_005)).as("after a restart")
                .isEqualTo(clickupLanded);
        assertThat(journal.of("recA", "NEW", 30_000)).as("set to NEW by a person long after both").isNull();
    }

    @Test
    void aWriteAnsweredBeforeTheNewestWasSentIsNoLongerTheOrigin() {
        StatusOriginJournal journal = new StatusOriginJournal(dir.toString());
        journal.sending(Map.of("recA", new StatusOrigins.Origin("clickup", "NEW", "task1", "to do", 6_000, 6_400)));
        journal.landed(Map.of("recA", clickup));
        journal.sending(Map.of("recA", new StatusOrigins.Origin("trello", "QUALIFIED", "card1", "DONE", 5_000, 7_000)));
        journal.landed(Map.of("recA", trello));

        assertThat(journal.of("recA", "NEW", 9_000)).as("set back to NEW by a person").isNull();
    }
}
