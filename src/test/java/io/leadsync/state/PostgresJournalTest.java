package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.leadsync.support.LogCapture;
import io.leadsync.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A journal kept in PostgreSQL (leadsync.state=postgresql) on a real server: what one node appends another reads;
 * a multi-line append and a rewrite commit whole or not at all; the tail, the move aside; and a database that goes
 * away and comes back.
 */
class PostgresJournalTest {

    private Postgres.Database db;
    private PostgresStateStorage storage;

    @BeforeEach
    void freshDatabase() {
        db = Postgres.server().newDatabase();
        storage = open();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private PostgresStateStorage open() {
        return PostgresStateStorage.connect(db.url(), db.user(), db.password(), 2, "PostgreSQL test");
    }

    /**
     * Runs the call once the pool has a connection again: a server just restarted is reached by the pool's next
     * attempt, which on a busy machine may come after a request's wait for a connection has run out.
     */
    private static void whenBack(Runnable call) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StateUnavailableException.class)
                .until(() -> {
                    call.run();
                    return true;
                });
    }

    @Test
    void linesAppendedOnOneNodeAreLoadedInOrderOnAnother() {
        Journal journal = storage.journal("trello-links.jsonl");
        journal.append("one");
        journal.append(List.of("two", "three"));
        journal.append(List.of());
        storage.journal("audit.jsonl").append("elsewhere");

        try (PostgresStateStorage other = open()) {
            assertThat(other.journal("trello-links.jsonl").load()).containsExactly("one", "two", "three");
            assertThat(other.journals()).containsExactly("audit.jsonl", "trello-links.jsonl");
        }
    }

    @Test
    void theOldestLinesAreDroppedOnceWhileLinesAppendedSinceStay() {
        Journal journal = storage.journal("audit.jsonl");
        journal.append(List.of("old 1", "old 2", "new 1", "old 3"));

        try (PostgresStateStorage other = open()) {
            Journal onAnotherNode = other.journal("audit.jsonl");
            assertThat(onAnotherNode.dropOldest(line -> line.startsWith("old"))).as("up to the first new one").isEqualTo(2);
            journal.append("old 4");
            assertThat(journal.dropOldest(line -> line.startsWith("old"))).as("already dropped").isZero();
        }
        assertThat(journal.load()).containsExactly("new 1", "old 3", "old 4");
    }

    @Test
    void aMultiLineAppendThatFailsPartWayStoresNoneOfItsLines() {
        Journal journal = storage.journal("j");
        journal.append("before");
        // PostgreSQL's text cannot hold a NUL: the second line of the batch is refused
        assertThatThrownBy(() -> journal.append(List.of("first", "second\u0000", "third")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused a write");

        assertThat(journal.load()).containsExactly("before");
    }

    @Test
    void aRewriteReplacesEveryLineAtOnceOrNotAtAll() {
        Journal journal = storage.journal("j");
        journal.append(List.of("a", "b", "c"));
        journal.rewrite(List.of("b"));
        journal.append("d");
        assertThat(journal.load()).containsExactly("b", "d");

        assertThatThrownBy(() -> journal.rewrite(List.of("x", "y\u0000")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused a write");
        assertThat(journal.load()).containsExactly("b", "d");

        journal.rewrite(List.of());
        assertThat(journal.load()).isEmpty();
    }

    @Test
    void theTailIsTheNewestLinesThatFitInTheBytesAsked() {
        Journal journal = storage.journal("j");
        journal.append(List.of("aaaa", "bbbb", "cccc", "dddd"));

        // each line is 5 bytes with its newline, as in the file
        assertThat(journal.tail(10)).containsExactly("cccc", "dddd");
        assertThat(journal.tail(14)).containsExactly("cccc", "dddd");
        assertThat(journal.tail(1 << 20)).containsExactly("aaaa", "bbbb", "cccc", "dddd");
        assertThat(storage.journal("none").tail(100)).isEmpty();
    }

    @Test
    void aDamagedLinkJournalIsMovedAsideWhenAskedAndTheLinksStartEmpty() {
        storage.journal("trello-links.jsonl").append("{not json");

        assertThatThrownBy(() -> new LinkStore(storage, "trello", false))
                .hasMessageContaining("journal 'trello-links.jsonl' in PostgreSQL test line 1 is damaged");
        try (LinkStore links = new LinkStore(storage, "trello", true)) {
            assertThat(links.size()).isZero();
        }
        assertThat(storage.journal("trello-links.jsonl").load()).isEmpty();
        assertThat(storage.journals()).singleElement().asString().startsWith("trello-links.jsonl.damaged-");
    }

    @Test
    void linksStoredByOneNodeAreSeenByAnotherOnReload() {
        try (LinkStore leader = new LinkStore(storage, "trello", false);
             PostgresStateStorage otherNode = open();
             LinkStore follower = new LinkStore(otherNode, "trello", false)) {
            leader.put(new Link("rec1", "item1", "TODO", "list1", "Ada", "", false, 1L, 2L));
            leader.saveCursor("items", "42");
            assertThat(follower.byRecord("rec1")).isNull();

            follower.reload();

            assertThat(follower.byRecord("rec1").itemId()).isEqualTo("item1");
            assertThat(follower.cursor("items")).isEqualTo("42");
        }
    }

    @Test
    void theAppliedChangeKeysAnotherNodeAddedSurviveThisNodesRemovalsAndTrims() {
        try (PostgresStateStorage otherNode = open()) {
            DurableIdempotentRepository here = new DurableIdempotentRepository(storage, 4);
            DurableIdempotentRepository there = new DurableIdempotentRepository(otherNode, 4);
            here.add("here-1");
            there.add("there-1");

            here.remove("here-1");
            assertThat(storage.journal("applied-changes.log").load()).containsExactly("there-1");

            for (int i = 2; i <= 5; i++) {
                here.add("here-" + i);
            }
            there.add("there-2");
            here.add("here-6"); // 6 keys here, past 4 + 4/4: the stored ones are trimmed to the newest 4

            assertThat(storage.journal("applied-changes.log").load())
                    .containsExactly("here-4", "here-5", "there-2", "here-6");
            assertThat(here.contains("there-2")).isTrue();
        }
    }

    @Test
    void aPauseRaisedOnAnotherNodeIsSeenOnReloadAndLoweredEverywhere() {
        PauseFlag here = new PauseFlag(storage, "trello");
        try (PostgresStateStorage otherNode = open()) {
            assertThat(new PauseFlag(otherNode, "trello").raise("2026-12-01T23:00:00Z")).isTrue();
        }
        assertThat(here.raised()).isFalse();

        here.reload();

        assertThat(here.raised()).isTrue();
        assertThat(here.lower()).isTrue();
        assertThat(new PauseFlag(storage, "trello").raised()).isFalse();
        assertThat(storage.journals()).isEmpty();
    }

    @Test
    void anIntentTheDatabaseRefusedIsForgottenBeforeTheNextCycle() {
        Link link = new Link("rec1", "item1", "TODO", "list1", "Ada", "", false, 1L, 2L);
        try (LinkStore links = new LinkStore(storage, "trello", false)) {
            links.put(link);
            Postgres.server().stop();
            try {
                assertThatThrownBy(() -> links.putIntents(List.of(link.withStatus("DONE", 3L)), true))
                        .isInstanceOf(StateUnavailableException.class);
            } finally {
                Postgres.server().start();
            }
            whenBack(links::reloadIfRefused);

            assertThat(links.intent("rec1")).isNull();
            assertThat(links.byRecord("rec1")).isEqualTo(link);
        }
    }

    /** A node taking the lead of many pairs at once asks each time; the stores read once, when next used. */
    @Test
    void theDeadLettersAndStatusOriginsAnotherNodeWroteAreReadOnTheirNextUseAfterAReload() {
        DeadLetterStore deadLetters = new DeadLetterStore(storage, Clock.systemUTC());
        StatusOriginJournal origins = new StatusOriginJournal(storage);
        try (PostgresStateStorage otherNode = open()) {
            new DeadLetterStore(otherNode, Clock.systemUTC()).record("trello", "rec1", 5L, "no list for 'Maybe'", true);
            new StatusOriginJournal(otherNode).landed(Map.of("rec1",
                    new StatusOrigins.Origin("trello", "DONE", "item1", null, 10L, 20L)));
        }
        assertThat(deadLetters.isQuarantined("trello", "rec1", 5L)).isFalse();
        assertThat(origins.own("rec1", "trello")).isNull();

        Postgres.server().stop();
        try {
            deadLetters.reload(); // asked while the database is away: nothing is read yet
            origins.reload();
            assertThatThrownBy(() -> deadLetters.count()).isInstanceOf(StateUnavailableException.class);
        } finally {
            Postgres.server().start();
        }
        whenBack(deadLetters::count); // still to be read after the refusal: read now

        assertThat(deadLetters.isQuarantined("trello", "rec1", 5L)).isTrue();
        assertThat(deadLetters.count("trello")).isEqualTo(1);
        assertThat(origins.own("rec1", "trello").itemId()).isEqualTo("item1");
    }

    @Test
    void aDatabaseThatGoesAwayIsSaidOnceAndItsReturnOnceAndNothingIsLost() {
        Journal journal = storage.journal("j");
        journal.append("stored");
        try (LogCapture log = LogCapture.start()) {
            Postgres.server().stop();
            try {
                assertThatThrownBy(() -> journal.append("while down")).isInstanceOf(StateUnavailableException.class);
                assertThatThrownBy(journal::load).isInstanceOf(StateUnavailableException.class);
            } finally {
                Postgres.server().start();
            }
            whenBack(() -> journal.append("after"));

            assertThat(journal.load()).containsExactly("stored", "after");
            assertThat(log.text().lines().filter(l -> l.contains("cannot be reached"))).hasSize(1);
            assertThat(log.text().lines().filter(l -> l.contains("is back after"))).hasSize(1);
            assertThat(log.text()).doesNotContain(Postgres.PASSWORD);
        }
    }
}
