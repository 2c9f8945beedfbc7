package io.leadsync.campaign;

import java.util.List;
import java.util.function.Supplier;

import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.support.Sandboxes;

/** The Trello board "Work Tracker" through the emulator's control API. */
final class TrelloSide implements TrackerSide {

    private final Sandboxes sandboxes;
    private final TrelloControl control;

    TrelloSide(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
        this.control = sandboxes.trello.control();
    }

    @Override
    public String pair() {
        return "trello";
    }

    @Override
    public String linkField() {
        return "Trello Card";
    }

    @Override
    public List<String> buckets() {
        return List.of("TODO", "DONE");
    }

    @Override
    public List<Item> items() {
        return control.cards(sandboxes.boardId()).stream().filter(c -> Sandboxes.recordIdIn(c.desc()) != null)
                .map(c -> new Item(c.id(), Sandboxes.recordIdIn(c.desc()), c.name(), c.desc(), c.listName(),
                        c.closed())).toList();
    }

    @Override
    public int created() {
        return (int) control.actions(sandboxes.boardId()).stream()
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
    public <T> T locked(Supplier<T> action) {
        return sandboxes.trello.withState(action);
    }
}
