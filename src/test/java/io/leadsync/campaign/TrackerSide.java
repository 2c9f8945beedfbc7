package io.leadsync.campaign;

import java.util.List;
import java.util.function.Supplier;

import io.leadsync.support.Sandboxes;

/**
 * The work tracker as the campaign's simulated people and its invariant checks see it: every item that still
 * exists (archived ones included), and the edits a person makes. Implemented once per tracker.
 */
interface TrackerSide {

    /** A card or task, archived or not; {@code recordId} comes from its marker. */
    record Item(String id, String recordId, String name, String description, String bucket, boolean archived) {
    }

    /** The pair's name (its routes' {@code pair} parameter, its data files' prefix). */
    String pair();

    /** trello or clickup: which default mapping the pair has ({@link Mappings}). */
    String kind();

    /** The pair's board (Trello) or list (ClickUp), by name. */
    String place();

    /** The Airtable field the sync writes the item's id into once it has linked it. */
    String linkField();

    /** The buckets a person can move an item into. */
    List<String> buckets();

    /** Every existing item carrying a lead's marker, archived ones included. */
    List<Item> items();

    /** How many items were ever created through the API (deleted ones included, where the service tells). */
    int created();

    void move(String itemId, String bucket);

    void archive(String itemId, boolean archived);

    void delete(String itemId);

    void rename(String itemId, String name);

    /** The emulator of the pair's tracker, whose request journal tells what was written to an item and when. */
    io.leadsync.sandbox.EmulatorServer service();

    /** Runs a look-then-act edit atomically with respect to API requests. */
    <T> T locked(Supplier<T> action);

    /**
     * The campaign's pairs: trello (board "Work Tracker", link field "Trello Card"), trello2 (board
     * {@value TrelloSide#SECOND_BOARD}, link field {@value TrelloSide#SECOND_LINK_FIELD}, the trello mapping) and
     * clickup (list "Leads Work", link field "ClickUp Task ID").
     */
    static TrackerSide of(String pair, Sandboxes sandboxes) {
        return switch (pair) {
            case "trello" -> new TrelloSide(sandboxes, pair, "Work Tracker", "Trello Card");
            case "trello2" -> new TrelloSide(sandboxes, pair, TrelloSide.SECOND_BOARD, TrelloSide.SECOND_LINK_FIELD);
            case "clickup" -> new ClickUpSide(sandboxes);
            default -> throw new IllegalArgumentException("unknown pair " + pair + " (trello, trello2 or clickup)");
        };
    }

    default List<Item> itemsOf(String recordId) {
        return items().stream().filter(i -> recordId.equals(i.recordId())).toList();
    }
}
