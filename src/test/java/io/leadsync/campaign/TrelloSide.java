package io.leadsync.campaign;

import java.util.List;
import java.util.function.Supplier;

import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.support.Sandboxes;

/** One Trello board of a pair through the emulator's control API. */
final class TrelloSide implements TrackerSide {

    /** The board of the campaign's second Trello pair (trello2), made in the emulator with lists TODO and DONE. */
    static final String SECOND_BOARD = "Second Board";
    /** The Airtable field trello2 writes its card ids into. */
    static final String SECOND_LINK_FIELD = "Trello Card 2";

    private final Sandboxes sandboxes;
    private final TrelloControl control;
    private final String pair;
    private final String board;
    private final String linkField;

    TrelloSide(Sandboxes sandboxes, String pair, String board, String linkField) {
        this.sandboxes = sandboxes;
        this.control = sandboxes.trello.control();
        this.pair = pair;
        this.board = board;
        this.linkField = linkField;
    }

    @Override
    public String pair() {
        return pair;
    }

    @Override
    public String kind() {
        return "trello";
    }

    @Override
    public String place() {
        return board;
    }

    @Override
    public String linkField() {
        return linkField;
    }

    @Override
    public List<String> buckets() {
        return List.of("TODO", "DONE");
    }

    @Override
    public List<Item> items() {
        return control.cards(control.boardId(board)).stream().filter(c -> Sandboxes.recordIdIn(c.desc()) != null)
                .map(c -> new Item(c.id(), Sandboxes.recordIdIn(c.desc()), c.name(), c.desc(), c.listName(),
                        c.closed())).toList();
    }

    @Override
    public int created() {
        return (int) control.actions(control.boardId(board)).stream()
                .filter(a -> "createCard".equals(a.path("type").asText())).count();
    }

    @Override
    public void move(String itemId, String bucket) {
        control.moveCard(itemId, bucket);
    }

    @Override
    public void archive(String itemId, boolean archived) {
        if (archived) {
            control.archiveCard(itemId);
        } else {
            control.unarchiveCard(itemId);
        }
    }

    @Override
    public void delete(String itemId) {
        control.deleteCard(itemId);
    }

    @Override
    public void rename(String itemId, String name) {
        control.renameCard(itemId, name);
    }

    @Override
    public io.leadsync.sandbox.EmulatorServer service() {
        return sandboxes.trello;
    }

    @Override
    public <T> T locked(Supplier<T> action) {
        return sandboxes.trello.withState(action);
    }
}
