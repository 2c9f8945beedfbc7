package io.leadsync.sandbox.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.RecordingCallback;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Trello emulator kept in a file: a restart has the board, its cards (archived ones too) and the action log
 * a client reads incrementally, and hands out no id or short link twice.
 */
class TrelloPersistenceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private TrelloEmulator saved() {
        TrelloEmulator trello = new TrelloEmulator(clock, 42);
        trello.persistIn(dir.resolve("trello.json"));
        return trello;
    }

    @Test
    void aReloadKeepsTheWebhooks() {
        try (RecordingCallback receiver = new RecordingCallback()) {
            JsonNode created;
            try (TrelloEmulator first = saved()) {
                first.start(0);
                created = new TrelloHttp(first).json(new TrelloHttp(first).postJson("/1/webhooks", "{\"callbackURL\":\""
                        + receiver.url("/hook") + "\",\"idModel\":\"" + first.control().defaultBoardId()
                        + "\",\"description\":\"leadsync\"}"));
            }
            try (TrelloEmulator second = saved()) {
                second.start(0);
                TrelloHttp http = new TrelloHttp(second);
                assertThat(http.getJson("/1/webhooks/" + created.get("id").asText())).isEqualTo(created);
                second.control().createCard(second.control().defaultBoardId(), "TODO", "Ada", "");
                await().atMost(Duration.ofSeconds(10)).until(() -> second.deliveries().pending() == 0);
                assertThat(receiver.received()).singleElement().satisfies(d -> assertThat(d.header("X-Trello-Webhook"))
                        .isNotBlank());
            }
        }
    }

    @Test
    void aReloadHasTheBoardCardsAndActionLog() {
        String board;
        List<CardSnapshot> cards;
        List<JsonNode> actions;
        List<String> handedOut = new ArrayList<>();
        try (TrelloEmulator first = saved()) {
            TrelloControl control = first.control();
            board = control.defaultBoardId();
            for (String name : List.of("Ada", "Grace", "Alan", "Edsger")) {
                clock.advance(Duration.ofSeconds(1));
                CardSnapshot card = control.createCard(board, "TODO", name, "[leadsync:rec" + name + "]");
                handedOut.add(card.id());
                handedOut.add(card.shortLink());
            }
            control.moveCard(handedOut.get(0), "DONE");
            control.setCustomField(handedOut.get(0), "Airtable Record", "recAda");
            control.archiveCard(handedOut.get(2));
            control.deleteCard(handedOut.get(4));
            cards = control.cards(board);
            actions = control.actions(board);
        }

        try (TrelloEmulator second = saved()) {
            TrelloControl control = second.control();
            assertThat(control.defaultBoardId()).isEqualTo(board);
            assertThat(control.cards(board)).isEqualTo(cards);
            assertThat(control.actions(board)).as("the same JSON (numbers may come back as other node types)")
                    .hasToString(actions.toString());
            CardSnapshot next = control.createCard(board, "TODO", "Barbara", "");
            assertThat(handedOut).doesNotContain(next.id(), next.shortLink());
            assertThat(control.actions(board).get(0).path("id").asText())
                    .as("the action log continues").isNotIn(actions.stream().map(a -> a.path("id").asText()).toList());
        }
    }

    @Test
    void aReloadHasTheLabelsTeamAndEachCardsLabelsMembersDueAndListValue() {
        String board;
        List<CardSnapshot> cards;
        List<TrelloControl.LabelSnapshot> labels;
        List<TrelloControl.MemberSnapshot> members;
        try (TrelloEmulator first = saved()) {
            TrelloControl control = first.control();
            board = control.defaultBoardId();
            control.createListCustomField(board, "Stage", List.of("Hot", "Cold"));
            String card = control.createCard(board, "TODO", "Ada", "").id();
            control.addLabel(card, control.createLabel(board, "VIP", null));
            control.addMember(card, "alice");
            control.update(card, CardChange.none().due("2026-04-01T12:00:00Z").dueComplete(true));
            control.setCustomField(card, "Stage", "Cold");
            cards = control.cards(board);
            labels = control.labels(board);
            members = control.members(board);
        }

        try (TrelloEmulator second = saved()) {
            TrelloControl control = second.control();
            assertThat(control.cards(board)).isEqualTo(cards);
            assertThat(control.cards(board).get(0).customFields()).containsEntry("Stage", "Cold");
            assertThat(control.labels(board)).isEqualTo(labels).hasSize(6);
            assertThat(control.members(board)).isEqualTo(members).hasSize(4);
        }
    }

    @Test
    void dataSavedBeforeBoardsHadLabelsAndMembersLoadsWithTheCreatorAsTheOnlyMember() throws Exception {
        Path file = dir.resolve("trello.json");
        String board;
        try (TrelloEmulator first = saved()) {
            board = first.control().defaultBoardId();
            first.control().createCard(board, "TODO", "Ada", "");
        }
        com.fasterxml.jackson.databind.node.ObjectNode doc =
                (com.fasterxml.jackson.databind.node.ObjectNode) TrelloHttp.JSON.readTree(Files.readString(file));
        doc.remove("teammates");
        doc.withArray("boards").forEach(b -> ((com.fasterxml.jackson.databind.node.ObjectNode) b).remove(
                List.of("labels", "idMembers")));
        Files.writeString(file, doc.toString());

        try (TrelloEmulator second = saved()) {
            TrelloControl control = second.control();
            assertThat(control.cards(board)).extracting(CardSnapshot::name).containsExactly("Ada");
            assertThat(control.labels(board)).isEmpty();
            assertThat(control.members(board)).extracting(TrelloControl.MemberSnapshot::username).containsExactly("sandbox");
        }
    }

    @Test
    void aCreatedCardIsSavedBeforeItIsAnswered() throws Exception {
        try (TrelloEmulator trello = saved()) {
            trello.start(0);
            String todo = trello.control().listId(trello.control().defaultBoardId(), "TODO");
            HttpResponse<String> created = new TrelloHttp(trello).post("/1/cards?idList=" + todo + "&name=Ada");
            String id = TrelloHttp.JSON.readTree(created.body()).get("id").asText();
            assertThat(Files.readString(dir.resolve("trello.json"))).contains(id);
        }
    }
}
