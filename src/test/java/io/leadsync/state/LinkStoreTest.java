package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.support.PendingLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LinkStore store;

    private LinkStore open() {
        if (store != null) {
            store.close();
        }
        store = new LinkStore(dir.toString(), "trello");
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private Path file() {
        return dir.resolve("trello-links.jsonl");
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    private static Link link(String record, String item, String status, String bucket) {
        return new Link(record, item, status, bucket, "Lead " + record, "desc of " + record, false, 1_000, 2_000);
    }

    /** What kill -9 in the middle of an append leaves: the file cut {@code bytes} before its end. */
    private void truncateBy(int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - bytes);
        }
    }

    @Test
    void linksSurviveReopeningWithTheirItemIndex() {
        Link a = link("recA", "card1", "NEW", "TODO");
        Link b = link("recB", "card2", "QUALIFIED", "DONE").withDetached(true);
        Link pending = PendingLinks.pending("recC", 3_000, 4_000);
        open().put(a);
        store.putAll(List.of(b, pending));

        LinkStore reopened = open();
        assertThat(reopened.all()).containsExactly(a, b, pending);
        assertThat(reopened.byRecord("recB")).isEqualTo(b);
        assertThat(reopened.byItem("card1")).isEqualTo(a);
        assertThat(reopened.byItem("card2")).isEqualTo(b);
        assertThat(reopened.byRecord("recC").pending()).isTrue();
        assertThat(reopened.size()).isEqualTo(3);
    }

    @Test
    void aLinkOutsideTheRecordFilterSurvivesReopeningAndAnOlderLineReadsAsInside() throws IOException {
        Link outside = link("recA", "card1", "NEW", "TODO").withOutside(true);
        Link inside = link("recB", "card2", "NEW", "TODO");
        open().putAll(List.of(outside, inside));
        assertThat(lines().get(1)).as("an inside link is written as before the filter existed")
                .doesNotContain("outside");

        LinkStore reopened = open();
        assertThat(reopened.byRecord("recA").outside()).isTrue();
        assertThat(reopened.byRecord("recB")).isEqualTo(inside);
        assertThat(reopened.byRecord("recB").outside()).isFalse();
    }

    @Test
    void putAllWritesOneLinePerLink() throws IOException {
        open().putAll(List.of(link("recA", "c1", "NEW", "TODO"), link("recB", "c2", "NEW", "TODO")));
        assertThat(lines()).hasSize(2);
    }

    @Test
    void relinkingToAnotherItemMovesTheItemIndexAndPersists() {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.put(link("recA", "card9", "NEW", "TODO"));

        LinkStore reopened = open();
        assertThat(reopened.byItem("card1")).isNull();
        assertThat(reopened.byItem("card9").recordId()).isEqualTo("recA");
        assertThat(reopened.size()).isEqualTo(1);
    }

    @Test
    void removePersists() {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.put(link("recB", "card2", "NEW", "TODO"));
        store.remove("recA");

        LinkStore reopened = open();
        assertThat(reopened.byRecord("recA")).isNull();
        assertThat(reopened.byItem("card1")).isNull();
        assertThat(reopened.all()).extracting(Link::recordId).containsExactly("recB");
    }

    @Test
    void whatACycleSawSurvivesReopeningAndCompactionUntilTheLinkIsStored() {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.putSeen(List.of(new LinkStore.Seen("recA", "QUALIFIED", "DOING")));
        store.putSeen(List.of(new LinkStore.Seen("recA", null, "DONE"))); // the lead not read this time

        assertThat(open().seen("recA")).isEqualTo(new LinkStore.Seen("recA", "QUALIFIED", "DONE"));
        store.compact();
        assertThat(open().seen("recA")).isEqualTo(new LinkStore.Seen("recA", "QUALIFIED", "DONE"));

        store.put(link("recA", "card1", "QUALIFIED", "DONE"));
        assertThat(store.seen("recA")).isNull();
        assertThat(open().seen("recA")).as("settled for good").isNull();
    }

    @Test
    void linkFieldsOwedSurviveReopeningAndCompactionUntilWritten() throws IOException {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.put(link("recB", "card2", "NEW", "TODO"));
        store.oweLinkFields(List.of("recA", "recB"));
        store.oweLinkFields(List.of("recA")); // owed already: nothing written
        assertThat(lines()).hasSize(4);

        assertThat(open().linkFieldsOwed()).as("after a stop").containsExactly("recA", "recB");
        store.linkFieldsWritten(List.of("recA"));
        store.compact();
        assertThat(open().linkFieldsOwed()).containsExactly("recB");
        store.linkFieldsWritten(List.of("recB"));
        assertThat(open().linkFieldsOwed()).isEmpty();
    }

    @Test
    void seeingTheSameValuesAgainWritesNothing() throws IOException {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.putSeen(List.of(new LinkStore.Seen("recA", "QUALIFIED", "DOING")));
        int written = lines().size();

        store.putSeen(List.of(new LinkStore.Seen("recA", "QUALIFIED", "DOING")));
        store.putSeen(List.of(new LinkStore.Seen("recA", null, "DOING")));
        assertThat(lines()).hasSize(written);

        store.putSeen(List.of(new LinkStore.Seen("recA", "QUALIFIED", "DONE")));
        assertThat(lines()).hasSize(written + 1);
    }

    @Test
    void cursorsPersistAndAnUnchangedCursorWritesNothing() throws IOException {
        open().saveCursor("airtable", "2026-03-01T10:00:00Z");
        store.saveCursor("tracker", "action-1");
        store.saveCursor("airtable", "2026-03-01T11:00:00Z");
        int written = lines().size();
        store.saveCursor("airtable", "2026-03-01T11:00:00Z");
        assertThat(lines()).hasSize(written);

        LinkStore reopened = open();
        assertThat(reopened.cursor("airtable")).isEqualTo("2026-03-01T11:00:00Z");
        assertThat(reopened.cursor("tracker")).isEqualTo("action-1");
        assertThat(reopened.cursor("other")).isNull();
    }

    @Test
    void aTornLastLineIsIgnoredAndTheNextWriteStartsOnACleanLine() throws IOException {
        Link a = link("recA", "card1", "NEW", "TODO");
        open().put(a);
        store.put(link("recB", "card2", "NEW", "TODO"));
        store.close();
        store = null;
        truncateBy(20); // recB's line lost its end: that put never returned

        LinkStore reopened = open();
        assertThat(reopened.all()).containsExactly(a);
        Link c = link("recC", "card3", "QUALIFIED", "DONE");
        reopened.put(c);

        for (String line : lines()) {
            assertThat(JSON.readTree(line).path("t").asText()).as(line).isIn("link", "unlink", "cursor");
        }
        assertThat(open().all()).containsExactly(a, c);
    }

    @Test
    void aTornLastLineEndingInsideAnEmojiIsIgnoredToo() throws IOException {
        Link a = link("recA", "card1", "NEW", "TODO");
        open().put(a);
        store.put(new Link("recB", "card2", "NEW", "TODO", "Caf\u00e9 \u2615 \u2615 \u2615", "d", false, 1, 2));
        store.close();
        store = null;
        byte[] bytes = Files.readAllBytes(file());
        String text = new String(bytes, StandardCharsets.UTF_8);
        int cut = text.substring(0, text.lastIndexOf('\u2615')).getBytes(StandardCharsets.UTF_8).length + 1;
        truncateBy(bytes.length - cut); // inside the last ☕

        assertThat(open().all()).containsExactly(a);
    }

    @Test
    void aCompleteLineThatIsNotJsonIsReportedNotSkipped() throws IOException {
        Files.writeString(file(), "{\"t\":\"cursor\",\"name\":\"a\",\"value\":\"1\"}\nnot json\n");
        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file() + " line 2 is damaged");
    }

    @Test
    void aDamagedLineInTheMiddleIsNamedByFileAndLineShownEscapedWithTheWayOut() throws IOException {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.close();
        Files.writeString(file(), "garbage \u001b[2J\u001b]0;pwned\u0007 {\n" + link("recB", "card2", "NEW", "TODO")
                .recordId() + "\n", StandardOpenOption.APPEND);
        store = null;
        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file() + " line 2 is damaged")
                .hasMessageContaining("garbage \\u001b[2J\\u001b]0;pwned\\u0007 {")
                .hasMessageContaining("leadsync.state.on-corrupt=move-aside")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0007"));
    }

    @Test
    void moveAsideKeepsTheDamagedFileAndStartsFromNothing() throws IOException {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.oweLinkFields(List.of("recA"));
        store.close();
        Files.writeString(file(), "not json\n", StandardOpenOption.APPEND);
        store = new LinkStore(dir.toString(), "trello", true);
        assertThat(store.all()).as("rebuilt from the cross-references by the next full read").isEmpty();
        assertThat(store.linkFieldsOwed()).as("nothing owed for links it no longer has").isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("trello-links.jsonl.damaged-"));
        }
        store.put(link("recB", "card2", "NEW", "TODO"));
        assertThat(open().all()).extracting(Link::recordId).containsExactly("recB");
    }

    @Test
    void compactionRewritesOneLinePerLiveLinkAndCursor() throws IOException {
        open().put(link("recA", "card1", "NEW", "TODO"));
        store.put(link("recA", "card1", "QUALIFIED", "DONE"));
        store.put(link("recB", "card2", "NEW", "TODO"));
        store.remove("recB");
        store.saveCursor("airtable", "t1");
        store.saveCursor("airtable", "t2");
        assertThat(lines()).hasSize(6);

        store.compact();

        assertThat(lines()).hasSize(2);
        assertThat(dir.resolve("trello-links.jsonl.tmp")).doesNotExist();
        store.put(link("recC", "card3", "NEW", "TODO"));
        LinkStore reopened = open();
        assertThat(reopened.all()).containsExactly(link("recA", "card1", "QUALIFIED", "DONE"),
                link("recC", "card3", "NEW", "TODO"));
        assertThat(reopened.cursor("airtable")).isEqualTo("t2");
    }

    @Test
    void theJournalIsCompactedOnItsOwnWhenItGrows() throws IOException {
        open().saveCursor("tracker", "c");
        for (int i = 0; i < 1_100; i++) {
            store.put(link("recA", "card1", i % 2 == 0 ? "NEW" : "CONTACTED", "TODO"));
        }
        assertThat(lines().size()).isLessThan(200);
        LinkStore reopened = open();
        assertThat(reopened.byRecord("recA").status()).isEqualTo("CONTACTED"); // the last of 1,100 puts
        assertThat(reopened.cursor("tracker")).isEqualTo("c");
    }

    @Test
    void aTempFileLeftByACrashDuringCompactionDoesNotMatter() throws IOException {
        Link a = link("recA", "card1", "NEW", "TODO");
        open().put(a);
        store.close();
        store = null;
        // killed after writing part of the compacted copy, before the rename
        Files.writeString(dir.resolve("trello-links.jsonl.tmp"), "{\"t\":\"link\",\"link\":{\"recordId\":\"recZ");

        LinkStore reopened = open();
        assertThat(reopened.all()).containsExactly(a);
        reopened.compact();
        assertThat(dir.resolve("trello-links.jsonl.tmp")).doesNotExist();
        assertThat(open().all()).containsExactly(a);
    }

    @Test
    void theMappedFieldsAsLastAgreedSurviveARestart() {
        open().put(link("recA", "card1", "NEW", "TODO").withFields(java.util.Map.of("due", "2026-12-01",
                "labels", "Hot, VIP")));

        assertThat(open().byRecord("recA").fields()).isEqualTo(java.util.Map.of("due", "2026-12-01",
                "labels", "Hot, VIP"));
    }

    @Test
    void aJournalWithoutMappedFieldsReadsTheSameBothWays() throws IOException {
        // written by a leadsync before field mappings: no "fields"; and a link without any writes none, so an
        // older leadsync (which refuses unknown properties) can still read the journal
        String before = "{\"t\":\"link\",\"link\":{\"recordId\":\"recA\",\"itemId\":\"card1\",\"status\":\"NEW\","
                + "\"bucket\":\"TODO\",\"name\":\"Acme\",\"description\":\"d\",\"detached\":false,"
                + "\"leadModified\":1000,\"itemModified\":2000}}";
        Files.writeString(file(), before + "\n");

        assertThat(open().byRecord("recA").fields()).isEmpty();
        store.put(link("recB", "card2", "NEW", "TODO"));
        assertThat(lines()).last().asString().doesNotContain("fields");
        assertThat(JSON.readTree(lines().get(lines().size() - 1)).get("link").size())
                .as("the same properties as before").isEqualTo(JSON.readTree(before).get("link").size());
    }

    /** A write of unknown outcome that may still land is kept across a restart, and dropped once expired. */
    @Test
    void aLateWriteSurvivesARestartUntilItExpires() {
        Link shadow = link("recA", "card1", "NEW", "TODO");
        LinkStore.Late late = new LinkStore.Late(shadow.withItemState(null, shadow.name(), shadow.description(), 3_000),
                shadow, System.currentTimeMillis() + 60_000);
        LinkStore.Late expired = new LinkStore.Late(late.intended(), shadow, 1_000);
        open().put(shadow);
        store.putLate(late);
        store.putLate(expired);

        assertThat(open().lates("recA")).containsExactly(late, expired);
        store.compact();
        assertThat(open().lates("recA")).as("the expired one dropped").containsExactly(late);
    }
}
