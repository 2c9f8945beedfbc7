package io.leadsync.clickup;

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
 * The mapping steps of routes/clickup-writes.camel.yaml: each turns one kind of change into ClickUp's request on
 * the exchange (method, path, request record) for {@code direct:clickup-typed}, and {@link #item} turns ClickUp's
 * answer back into the item the push routes record. Buckets are the list's statuses, sent by name.
 */
public final class ClickUpRequests {

    private final ClickUpTracker list;

    public ClickUpRequests(ClickUpTracker list) {
        this.list = list;
    }

    /**
     * {@code POST /api/v2/list/{id}/task} in its status, with its custom fields (the record id): one request per
     * task. Repeating it could duplicate: a create.
     */
    public void newTask(CreateItem create, Exchange exchange) {
        ItemDraft draft = create.draft();
        ApiCall.prepare(exchange, "POST", list.tasksPath(), null, ClickUpBodies.NewTask.of(draft.name(),
                draft.description(), draft.bucket(), list.customFieldsOnCreate(draft)), Kind.CREATE,
                ClickUpBodies.Task.class);
    }

    /**
     * {@code PUT /api/v2/task/{id}} with the new status ({@code archived: false} too when it restores the task; a new
     * name or description rides along). Decided on the task's status read just before: a checked write.
     */
    public void move(MoveItem move, Exchange exchange) {
        ItemChange change = move.change();
        put(exchange, move.itemId(), new ClickUpBodies.TaskChange(change.name(), change.description(),
                change.bucket(), change.archive()), Kind.CHECKED_WRITE);
    }

    /** {@code PUT /api/v2/task/{id}} with {@code archived: true} (and any new name or description). A checked write. */
    public void archive(ArchiveItem archive, Exchange exchange) {
        ItemChange change = archive.change();
        put(exchange, archive.itemId(), new ClickUpBodies.TaskChange(change.name(), change.description(), null,
                true), Kind.CHECKED_WRITE);
    }

    /** {@code PUT /api/v2/task/{id}} with the new name and/or description: absolute values, safe to repeat. */
    public void content(UpdateContent update, Exchange exchange) {
        ItemChange change = update.change();
        put(exchange, update.itemId(), new ClickUpBodies.TaskChange(change.name(), change.description(), null,
                null), Kind.IDEMPOTENT_WRITE);
    }

    private static void put(Exchange exchange, String taskId, ClickUpBodies.TaskChange body, Kind kind) {
        ApiCall.prepare(exchange, "PUT", "/api/v2/task/" + taskId, null, body, kind, ClickUpBodies.Task.class);
    }

    /** ClickUp's answer (the task as it is now) as the item the push routes record. */
    public TrackerItem item(ClickUpBodies.Task task) {
        return list.toItem(task);
    }
}
