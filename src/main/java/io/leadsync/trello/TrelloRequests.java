package io.leadsync.trello;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.Exchange;

/**
 * The mapping steps of routes/trello-writes.camel.yaml: each turns one kind of change into Trello's request on the
 * exchange (method, path, request record) for {@code direct:trello-typed}, and {@link #item} turns Trello's answer
 * back into the item the push routes record. Lists are named by the mapping and sent as the board's list ids.
 */
public final class TrelloRequests {

    private static final String CARDS = "/1/cards";

    private final TrelloTracker board;

    public TrelloRequests(TrelloTracker board) {
        this.board = board;
    }

    /** {@code POST /1/cards}: the card at the bottom of its list. Repeating it could duplicate: a create. */
    public void newCard(CreateItem create, Exchange exchange) {
        ItemDraft draft = create.draft();
        ApiCall.prepare(exchange, "POST", CARDS, null, new TrelloBodies.NewCard(board.listId(draft.bucket()),
                draft.name(), draft.description(), "bottom"), Kind.CREATE, TrelloBodies.Card.class);
    }

    /**
     * {@code PUT /1/cards/{id}} with the new list ({@code closed: false} too when it restores the card; a new name or
     * description rides along). Decided on the card's list read just before: a checked write.
     */
    public void move(MoveItem move, Exchange exchange) {
        ItemChange change = move.change();
        put(exchange, move.itemId(), new TrelloBodies.CardChange(change.name(), change.description(),
                board.listId(change.bucket()), change.archive()), Kind.CHECKED_WRITE);
    }

    /** {@code PUT /1/cards/{id}} with {@code closed: true} (and any new name or description). A checked write. */
    public void archive(ArchiveItem archive, Exchange exchange) {
        ItemChange change = archive.change();
        put(exchange, archive.itemId(), new TrelloBodies.CardChange(change.name(), change.description(), null, true),
                Kind.CHECKED_WRITE);
    }

    /** {@code PUT /1/cards/{id}} with the new name and/or description: absolute values, safe to repeat. */
    public void content(UpdateContent update, Exchange exchange) {
        ItemChange change = update.change();
        put(exchange, update.itemId(), new TrelloBodies.CardChange(change.name(), change.description(), null, null),
                Kind.IDEMPOTENT_WRITE);
    }

    private static void put(Exchange exchange, String cardId, TrelloBodies.CardChange body, Kind kind) {
        ApiCall.prepare(exchange, "PUT", CARDS + "/" + cardId, null, body, kind, TrelloBodies.Card.class);
    }

    /** Trello's answer (the card as it is now) as the item the push routes record. */
    public TrackerItem item(TrelloBodies.Card card) {
        return board.toItem(card);
    }
}
