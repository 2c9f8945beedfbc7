package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox started afresh deletes the state of every pair that has some, a pair added by a file of its own too. */
class PairStateFilesTest {

    @TempDir
    Path dir;

    @Test
    void thePairsWithStateAreThoseWithALinkJournal() throws IOException {
        Files.writeString(dir.resolve("trello-links.jsonl"), "");
        Files.writeString(dir.resolve("sales-links.jsonl"), "");
        Files.writeString(dir.resolve("audit.jsonl"), "");
        Files.writeString(dir.resolve("status-origins.jsonl"), "");

        FileStateStorage storage = new FileStateStorage(dir.toString());
        assertThat(PairStateFiles.pairsIn(storage)).containsExactly("sales", "trello");
        assertThat(PairStateFiles.delete(storage, PairStateFiles.pairsIn(storage)))
                .extracting(p -> Path.of(p).getFileName().toString())
                .containsExactlyInAnyOrder("trello-links.jsonl", "sales-links.jsonl", "audit.jsonl",
                        "status-origins.jsonl");
    }

    @Test
    void noDataDirectoryYetMeansNoPairs() {
        assertThat(PairStateFiles.pairsIn(new FileStateStorage(dir.resolve("absent").toString()))).isEmpty();
    }
}
