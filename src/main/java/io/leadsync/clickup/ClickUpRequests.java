package io.leadsync.clickup;

import java.util.List;
import java.util.Map;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.CreateItem;
import io.leadsync.change.ItemWrite;
import io.leadsync.change.MoveItem;
import io.leadsync.change.UpdateContent;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.tracker.FollowUp;
import io.leadsync.tracker.ItemChange;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;

/**
 * The mapping steps of routes/clickup-writes.camel.yaml: each turns one kind of change into ClickUp's request on
 * the exchange (method, path, request record) for {@code direct:clickup-typed}, and {@link #item} turns ClickUp's
 * answer back into the item the push routes record. Buckets are the list's statuses, sent by name; mapped tags by
 * name, assignees as member ids, priority as its number. What {@code PUT /task/{id}} cannot carry (assignee changes,
 * tags, custom fields) are follow-ups ({@link #followUps}), one request each.
 */
public final class ClickUpRequests {

    private final ClickUpTracker list;

    public ClickUpRequests(ClickUpTracker list) {
        this.list = list;
    }

    /**
     * {@code POST /api/v2/list/{id}/task} in its status, with its mapped fields and custom fields (the record id
     * among them): one request per task. Repeating it could duplicate: a create. A value the list cannot take
     * refuses the create before it is sent.
     */
    public void newTask(CreateItem create, Exchange exchange) {
        ItemDraft draft = create.draft();
        ApiCall.prepare(exchange, "POST", list.tasksPath(), null, ClickUpBodies.NewTask.of(draft.name(),
                draft.description(), draft.bucket(), list.fields().onCreate(draft.fields(), create.recordId()),
                list.customFieldsOnCreate(draft)), Kind.CREATE, ClickUpBodies.Task.class);
    }

    /**
     * {@code PUT /api/v2/task/{id}} with the new status ({@code archived: false} too when it restores the task; a new
     * name, description, priority or due date rides along). Decided on the task's status read just before: a
     * checked write.
     */
    public void move(MoveItem move, Exchange exchange) {
        put(exchange, move, move.change().bucket(), move.change().archive(), Kind.CHECKED_WRITE);
    }

    /** {@code PUT /api/v2/task/{id}} with {@code archived: true} (and any new content). A checked write. */
    public void archive(ArchiveItem archive, Exchange exchange) {
        put(exchange, archive, null, true, Kind.CHECKED_WRITE);
    }

    /**
     * {@code PUT /api/v2/task/{id}} with the new name, description, priority and/or due date: absolute values, safe
     * to repeat.
     */
    public void content(UpdateContent update, Exchange exchange) {
        put(exchange, update, null, null, Kind.IDEMPOTENT_WRITE);
    }

    private void put(Exchange exchange, ItemWrite write, String status, Boolean archived, Kind kind) {
        ItemChange change = write.change();
        Map<String, String> fields = change.fields();
        String recordId = write.recordId();
        // a bad value among the follow-ups' (a tag, a member, an option) refuses the write before any request
        list.fields().followUps(write.itemId(), fields, Map.of(), recordId);
        ApiCall.prepare(exchange, "PUT", "/api/v2/task/" + write.itemId(), null, new ClickUpBodies.TaskChange(
                change.name(), change.description(), status, archived, list.fields().priorityChange(fields, recordId),
                list.fields().dueChange(fields, recordId), list.fields().dueTimeChange(fields)), kind,
                ClickUpBodies.Task.class);
    }

    /**
     * What the task's own request could not carry, decided on the task as it answered: assignees and tags by
     * difference, custom fields set or removed.
     */
    public List<FollowUp> followUps(@Variable("itemWrite") ItemWrite write, TrackerItem answered) {
        return list.fields().followUps(answered, write.change().fields(), write.recordId());
    }

    /** ClickUp's answer (the task as it is now) as the item the push routes record. */
    public TrackerItem item(ClickUpBodies.Task task) {
        return list.toItem(task);
    }
}
