package io.leadsync.sandbox.clickup;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulated list's tasks as a JSON document and back (archived and deleted ones included), with its custom
 * fields, the space's tags and where the id stream stands. The workspace, space, list, members and statuses come
 * from the seed, so the document names the list it belongs to and is refused for another. A document saved before
 * fields were saved keeps the seeded ones. The emulator adds its webhooks ({@link ClickUpWebhooks#save()}).
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
        ArrayNode fields = doc.putArray("fields");
        for (ClickUpCustomField f : ws.fields) {
            ArrayNode options = fields.addObject().put("id", f.id()).put("name", f.name()).put("type", f.type())
                    .put("dateCreated", f.dateCreated()).putArray("options");
            f.options().forEach(o -> options.addObject().put("id", o.id()).put("name", o.name())
                    .put("color", o.color()).put("orderindex", o.orderindex()));
        }
        ArrayNode tags = doc.putArray("spaceTags");
        ws.spaceTags().forEach(t -> tags.addObject().put("name", t.name()).put("tagFg", t.tagFg())
                .put("tagBg", t.tagBg()));
        ArrayNode tasks = doc.putArray("tasks");
        for (Task task : ws.tasks()) {
            ObjectNode t = tasks.addObject().put("id", task.id).put("sequence", task.sequence)
                    .put("dateCreated", task.dateCreated).put("dateUpdated", task.dateUpdated).put("name", task.name)
                    .put("description", task.description).put("markdown", task.markdown)
                    .put("status", task.status.status()).put("archived", task.archived)
                    .put("dateClosed", task.dateClosed).put("dateDone", task.dateDone).put("dueDate", task.dueDate)
                    .put("priority", task.priority).put("parent", task.parent);
            t.putObject("values").setAll(task.values);
            ArrayNode taskTags = t.putArray("tags");
            task.tags.forEach(taskTags::add);
            ArrayNode assignees = t.putArray("assignees");
            task.assignees.forEach(assignees::add);
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
            t.path("tags").forEach(tag -> task.tags.add(tag.asText()));
            t.path("assignees").forEach(id -> task.assignees.add(id.asInt()));
            tasks.add(task);
        }
        List<String> deleted = new ArrayList<>();
        doc.path("deletedIds").forEach(id -> deleted.add(id.asText()));
        List<ClickUpCustomField> fields = null;
        if (doc.has("fields")) {
            fields = new ArrayList<>();
            for (JsonNode f : doc.get("fields")) {
                List<ClickUpCustomField.Option> options = new ArrayList<>();
                f.path("options").forEach(o -> options.add(new ClickUpCustomField.Option(o.get("id").asText(),
                        o.get("name").asText(), o.hasNonNull("color") ? o.get("color").asText() : null,
                        o.get("orderindex").asInt())));
                fields.add(new ClickUpCustomField(f.get("id").asText(), f.get("name").asText(), f.get("type").asText(),
                        f.get("dateCreated").asLong(), options));
            }
        }
        List<ClickUpTag> tags = new ArrayList<>();
        doc.path("spaceTags").forEach(t -> tags.add(new ClickUpTag(t.get("name").asText(), t.get("tagFg").asText(),
                t.get("tagBg").asText())));
        ws.restore(tasks, deleted, doc.get("sequence").asLong(), fields, tags);
        ws.ids.restore(doc.get("ids").asLong());
    }

    private static Long optionalLong(JsonNode node, String name) {
        return node.hasNonNull(name) ? node.get(name).asLong() : null;
    }
}
