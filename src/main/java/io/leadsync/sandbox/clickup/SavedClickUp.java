package io.leadsync.sandbox.clickup;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated list's tasks as a JSON document and back (archived and deleted ones included), with where the id
 * stream stands. The workspace, space, list, statuses and custom field come from the seed, so the document names
 * the list it belongs to and is refused for another.
 */
final class SavedClickUp {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SavedClickUp() {
    }

    static ObjectNode save(ClickUpWorkspace ws) {
        ObjectNode doc = NODES.objectNode().put("listId", ws.listId).put("ids", ws.ids.state())
                .put("sequence", ws.sequence());
        ArrayNode deleted = doc.putArray("deletedIds");
        ws.deletedIds().forEach(deleted::add);
        ArrayNode tasks = doc.putArray("tasks");
        for (Task task : ws.tasks()) {
            ObjectNode t = tasks.addObject().put("id", task.id).put("sequence", task.sequence)
                    .put("dateCreated", task.dateCreated).put("dateUpdated", task.dateUpdated).put("name", task.name)
                    .put("description", task.description).put("markdown", task.markdown)
                    .put("status", task.status.status()).put("archived", task.archived)
                    .put("dateClosed", task.dateClosed).put("dateDone", task.dateDone).put("dueDate", task.dueDate)
                    .put("priority", task.priority).put("parent", task.parent);
            t.putObject("values").setAll(task.values);
        }
        return doc;
    }

    static void load(ClickUpWorkspace ws, JsonNode doc) {
        if (!ws.listId.equals(doc.path("listId").asText())) {
            throw new IllegalStateException("the saved ClickUp list " + doc.path("listId").asText()
                    + " was made with another leadsync.sandbox.seed");
        }
        List<Task> tasks = new ArrayList<>();
        for (JsonNode t : doc.path("tasks")) {
            TaskStatus status = ws.status(t.get("status").asText()).orElseThrow(() -> new IllegalStateException(
                    "task " + t.get("id").asText() + " has an unknown status " + t.get("status")));
            Task task = new Task(t.get("id").asText(), ws.listId, t.get("sequence").asLong(),
                    t.get("dateCreated").asLong(), t.get("name").asText(), status);
            task.dateUpdated = t.get("dateUpdated").asLong();
            task.description = t.get("description").asText();
            task.markdown = t.get("markdown").asText();
            task.archived = t.get("archived").asBoolean();
            task.dateClosed = optionalLong(t, "dateClosed");
            task.dateDone = optionalLong(t, "dateDone");
            task.dueDate = optionalLong(t, "dueDate");
            task.priority = t.hasNonNull("priority") ? t.get("priority").asInt() : null;
            task.parent = t.hasNonNull("parent") ? t.get("parent").asText() : null;
            t.path("values").fields().forEachRemaining(e -> task.values.put(e.getKey(), e.getValue()));
            tasks.add(task);
        }
        List<String> deleted = new ArrayList<>();
        doc.path("deletedIds").forEach(id -> deleted.add(id.asText()));
        ws.restore(tasks, deleted, doc.get("sequence").asLong());
        ws.ids.restore(doc.get("ids").asLong());
    }

    private static Long optionalLong(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asLong() : null;
    }
}
