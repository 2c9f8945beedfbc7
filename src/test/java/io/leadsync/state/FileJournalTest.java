package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash-safe line file under every store: torn tails, atomic rewrites, appends after both. */
class FileJournalTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("j.log");
    }

    private String content() throws IOException {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    @Test
    void aMissingFileLoadsEmptyAndTheFirstAppendCreatesItWithItsDirectories() throws IOException {
        Path nested = dir.resolve("a/b/j.log");
        try (FileJournal journal = new FileJournal(nested)) {
            assertThat(journal.load()).isEmpty();
            journal.append("one");
        }
        assertThat(Files.readString(nested)).isEqualTo("one\n");
    }

    @Test
    void appendedLinesSurviveReopening() throws IOException {
        try (FileJournal journal = new FileJournal(file())) {
            journal.append("one");
            journal.append(List.of("two", "three"));
            journal.append(List.of());
        }
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("one", "two", "three");
        }
        assertThat(content()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void blankLinesAreSkipped() throws IOException {
        Files.writeString(file(), "one\n\n  \ntwo\n");
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("one", "two");
        }
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextAppendStartsOnACleanLine() throws IOException {
        Files.writeString(file(), "one\ntwo\n{\"t\":\"li");
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("one", "two");
            journal.append("three");
        }
        assertThat(content()).isEqualTo("one\ntwo\nthree\n");
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("one", "two", "three");
        }
    }

    @Test
    void aFileThatIsOnlyATornLineLoadsEmpty() throws IOException {
        Files.writeString(file(), "half a li");
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).isEmpty();
            journal.append("whole");
        }
        assertThat(content()).isEqualTo("whole\n");
    }

    @Test
    void aLastLineTornInsideAMultiByteCharacterIsIgnoredToo() throws IOException {
        byte[] complete = "caf\u00e9 \u2615\n".getBytes(StandardCharsets.UTF_8);
        byte[] torn = "name \u2615".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(complete, complete.length + torn.length - 2); // cut inside the 3-byte ☕
        System.arraycopy(torn, 0, bytes, complete.length, torn.length - 2);
        Files.write(file(), bytes);
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("caf\u00e9 \u2615");
            journal.append("next");
        }
        assertThat(content()).isEqualTo("caf\u00e9 \u2615\nnext\n");
    }

    @Test
    void rewriteReplacesTheContentAndLaterAppendsGoToTheNewFile() throws IOException {
        try (FileJournal journal = new FileJournal(file())) {
            journal.append(List.of("a", "b", "c"));
            journal.rewrite(List.of("b"));
            journal.append("d");
        }
        assertThat(content()).isEqualTo("b\nd\n");
        assertThat(dir.resolve("j.log.tmp")).doesNotExist();
    }

    @Test
    void rewriteToNothingLeavesAnEmptyLoadableFile() throws IOException {
        try (FileJournal journal = new FileJournal(file())) {
            journal.append("a");
            journal.rewrite(List.of());
        }
        assertThat(content()).isEmpty();
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).isEmpty();
        }
    }

    @Test
    void aTempFileLeftByACrashDuringCompactionIsIgnoredOnLoadAndReplacedByTheNextRewrite() throws IOException {
        // the crash came after the temp file was (partly) written but before the rename: the old file is intact
        Files.writeString(file(), "old-1\nold-2\n");
        Files.writeString(dir.resolve("j.log.tmp"), "new-1\nnew-2 but the wri");
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.load()).containsExactly("old-1", "old-2");
            journal.rewrite(List.of("compacted"));
            journal.append("after");
        }
        assertThat(content()).isEqualTo("compacted\nafter\n");
        assertThat(dir.resolve("j.log.tmp")).doesNotExist();
    }

    @Test
    void aLongerTempFileIsTruncatedNotMergedByTheNextRewrite() throws IOException {
        Files.writeString(dir.resolve("j.log.tmp"), "x".repeat(10_000) + "\n" + "y\n".repeat(100));
        try (FileJournal journal = new FileJournal(file())) {
            journal.rewrite(List.of("short"));
        }
        assertThat(content()).isEqualTo("short\n");
    }

    @Test
    void theTailIsTheCompleteLinesOfTheFilesLastBytesOldestFirst() throws IOException {
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.tail(100)).as("no file yet").isEmpty();
            journal.append("first line");
            journal.append("second");
            journal.append("third");
            assertThat(journal.tail(1_000)).containsExactly("first line", "second", "third");
            assertThat(journal.tail("second\nthird\n".length() + 3)).as("a line cut by the limit is left out")
                    .containsExactly("second", "third");
            assertThat(journal.tail(3)).isEmpty();
        }
        Files.writeString(file(), "torn", java.nio.file.StandardOpenOption.APPEND);
        try (FileJournal journal = new FileJournal(file())) {
            assertThat(journal.tail(1_000)).as("a torn last line is left out").endsWith("third");
        }
    }
}
