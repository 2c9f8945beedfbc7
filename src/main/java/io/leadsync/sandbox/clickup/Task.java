package io.leadsync.sandbox.clickup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** A task as the store keeps it (mutable, guarded by the emulator's state lock). */
final class Task {

    final String id;
    final String listId;
    /** Creation order, the tie-breaker when tasks share a timestamp. */
    final long sequence;
    final long dateCreated;
    String name;
    String description = "";
    String markdown = "";
    TaskStatus status;
    boolean archived;
    long dateUpdated;
    Long dateClosed;
    Long dateDone;
    Long dueDate;
    Integer priority;
    String parent;
    /** Tag names, in the order they were added. */
    final List<String> tags = new ArrayList<>();
    /** Assigned members' user ids, in the order they were assigned. */
    final List<Integer> assignees = new ArrayList<>();
    /** Custom field values by field id, as the task shows them; a field without a value is absent. */
    final Map<String, JsonNode> values = new LinkedHashMap<>();

    Task(String id, String listId, long sequence, long now, String name, TaskStatus status) {
        this.id = id;
        this.listId = listId;
        this.sequence = sequence;
        this.dateCreated = now;
        this.dateUpdated = now;
        this.name = name;
        moveTo(status, now);
    }

    /** Sets the status; entering a finished status stamps date_done/date_closed, leaving one clears them. */
    void moveTo(TaskStatus next, long now) {
        status = next;
        dateDone = next.isDone() ? (dateDone == null ? Long.valueOf(now) : dateDone) : null;
        dateClosed = next.isClosed() ? (dateClosed == null ? Long.valueOf(now) : dateClosed) : null;
    }

    ClickUpTask snapshot() {
        return new ClickUpTask(id, listId, name, description, status.status(), status.type(), archived, dateCreated,
                dateUpdated, dateClosed, dateDone, parent, Map.copyOf(values), List.copyOf(tags), List.copyOf(assignees),
                priority, dueDate);
    }
}
