package io.leadsync.trello;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.leadsync.change.ArchiveItem;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.MoveItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.tracker.FieldForms;
import io.leadsync.tracker.FollowUp;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;

/**
 * The mapping steps of routes/trello-writes.camel.yaml: each turns one kind of change into Trello's request on the
 * exchange (method, path, request record) for {@code direct:trello-typed}, and {@link #item} turns Trello's answer
 * back into the item the push routes record. Lists are named by the mapping and sent as the board's list ids; mapped
 * labels and members by name, as the board's ids. Custom fields have no place in the card's own request: they are
 * follow-ups ({@link #followUps}), one request each.
 */
public final class TrelloRequests {

    private static final String CARDS = "/1/cards";

    private final TrelloTracker board;

    public TrelloRequests(TrelloTracker board) {
        this.board = board;
    }

    /**
     * {@code POST /1/cards}: the card at the bottom of its list, with its mapped due date, labels and members.
     * Repeating it could duplicate: a create. Every mapped value is checked first, custom fields included, so a
     * value the board cannot take refuses the create before anything is sent.
     */
    public void newCard(CreateItem create, Exchange exchange) {
        ItemDraft draft = create.draft();
        Map<String, String> fields = draft.fields();
        board.fields().customWrites("new", fields, create.recordId());
        List<String> labels = ids(fields.get(FieldForms.LABELS), v -> board.fields().labelIds(v, create.recordId()));
        List<String> members = ids(fields.get(FieldForms.ASSIGNEES),
                v -> board.fields().memberIds(v, create.recordId()));
        String due = fields.containsKey(FieldForms.DUE) ? board.fields().due(fields.get(FieldForms.DUE),
                create.recordId()) : null;
        ApiCall.prepare(exchange, "POST", CARDS, null, new TrelloBodies.NewCard(board.listId(draft.bucket()),
                draft.name(), draft.description(), "bottom", labels, members, due), Kind.CREATE,
                TrelloBodies.Card.class);
    }

    /** The ids of a names value, or null (left out) when there is none to send. */
    private static List<String> ids(String value, java.util.function.Function<String, List<String>> resolve) {
        if (value == null) {
            return null;
        }
        List<String> ids = resolve.apply(value);
        return ids.isEmpty() ? null : ids;
    }

    /** The custom fields of a card just created (its answer on the exchange), one request each. */
    public List<FollowUp> createFollowUps(@Variable("create") CreateItem create, TrackerItem created) {
        return board.fields().customWrites(created.id(), create.draft().fields(), create.recordId());
    }

    /**
     * {@code PUT /1/cards/{id}} with the new list ({@code closed: false} too when it restores the card; a new name,
     * description or mapped field rides along). Decided on the card's list read just before: a checked write.
     */
    public void move(MoveItem move, Exchange exchange) {
        ItemChange change = move.change();
        put(exchange, move, board.listId(change.bucket()), change.archive(), Kind.CHECKED_WRITE);
    }

    /** {@code PUT /1/cards/{id}} with {@code closed: true} (and any new name, description or field). A checked write. */
    public void archive(ArchiveItem archive, Exchange exchange) {
        put(exchange, archive, null, true, Kind.CHECKED_WRITE);
    }

    /**
     * {@code PUT /1/cards/{id}} with the new name, description, due date, labels and/or members: absolute values,
     * safe to repeat.
     */
    public void content(UpdateContent update, Exchange exchange) {
        put(exchange, update, null, null, Kind.IDEMPOTENT_WRITE);
    }

    private void put(Exchange exchange, ItemWrite write, String idList, Boolean closed, Kind kind) {
        ItemChange change = write.change();
        Map<String, String> fields = change.fields();
        String recordId = write.recordId();
        // a change of labels or members is sent whole: an empty list clears them
        List<String> labels = fields.containsKey(FieldForms.LABELS)
                ? board.fields().labelIds(fields.get(FieldForms.LABELS), recordId) : null;
        List<String> members = fields.containsKey(FieldForms.ASSIGNEES)
                ? board.fields().memberIds(fields.get(FieldForms.ASSIGNEES), recordId) : null;
        JsonNode due = null;
        if (fields.containsKey(FieldForms.DUE)) {
            String iso = board.fields().due(fields.get(FieldForms.DUE), recordId);
            due = iso == null ? NullNode.getInstance() : TextNode.valueOf(iso);
        }
        board.fields().customWrites(write.itemId(), fields, recordId); // a bad custom value refuses before any request
        ApiCall.prepare(exchange, "PUT", CARDS + "/" + write.itemId(), null, new TrelloBodies.CardChange(change.name(),
                change.description(), idList, closed, labels, members, due), kind, TrelloBodies.Card.class);
    }

    /** The custom fields a write to a card changes, one request each after the card's own. */
    public List<FollowUp> followUps(@Variable("itemWrite") ItemWrite write, TrackerItem answered) {
        return board.fields().customWrites(answered.id(), write.change().fields(), write.recordId());
    }

    /** Trello's answer (the card as it is now) as the item the push routes record. */
    public TrackerItem item(TrelloBodies.Card card) {
        return board.toItem(card);
    }
}
