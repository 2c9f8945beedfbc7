package io.leadsync.sandbox.trello;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.MutableClock;
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
