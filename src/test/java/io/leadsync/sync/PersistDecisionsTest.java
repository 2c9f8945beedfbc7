package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.leadsync.state.AuditLog;
import io.leadsync.state.DeadLetterStore;
import io.leadsync.state.Link;
import io.leadsync.state.LinkStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persist step stores a cycle's decisions in the order that keeps them true after a crash or a failure. */
class PersistDecisionsTest {

    @TempDir
    Path dir;

    LinkStore links;

    @AfterEach
    void close() {
        links.close();
    }

    @Test
    void linksAreStoredInDecisionOrderAndWhatWasSeenAfterThemSoThatAStoredLinkDoesNotClearIt() throws IOException {
        links = new LinkStore(dir.toString(), "trello");
        links.put(new Link("recGone", "cardGone", "NEW", "TODO", "Gone", "", false, 1_000, 1_000));
        DeadLetterStore deadLetters = new DeadLetterStore(dir.toString(), Clock.systemUTC());
        Link agreed = new Link("recA", "cardA", "CONTACTED", "DOING", "A", "", false, 2_000, 2_000);
        Effects effects = new Effects(List.of(), List.of(),
                List.of(new Effects.Put(agreed.withStatus("NEW", 1_000)), new Effects.Put(agreed),
                        new Effects.Remove("recGone")),
                List.of(new LinkStore.Seen("recA", "QUALIFIED", "DOING")),
                List.of(new Effects.Event("recA", "relinked", "found item cardA by its marker")),
                List.of(new Effects.DeadLetter("recB", 3_000, "status 'ON_HOLD' is not in the mapping", true)));

        new PersistDecisions("trello", links, new AuditLog(dir.toString(), Clock.systemUTC()), deadLetters,
                SyncPlannerTest.NO_ORIGINS).persist(effects);

        assertThat(links.byRecord("recA")).isEqualTo(agreed);
        assertThat(links.byRecord("recGone")).isNull();
        assertThat(links.seen("recA")).isEqualTo(new LinkStore.Seen("recA", "QUALIFIED", "DOING"));
        assertThat(deadLetters.isQuarantined("trello", "recB", 3_000)).isTrue();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"event\":\"relinked\"");
    }
}
