package io.leadsync.dashboard;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.sandbox.Sandbox;
import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.airtable.LeadsSeed;
import io.leadsync.sandbox.airtable.RecordSnapshot;
import io.leadsync.sandbox.clickup.ClickUpEmulator;
import io.leadsync.sandbox.clickup.ClickUpTask;
import io.leadsync.sandbox.clickup.TaskStatus;
import io.leadsync.sandbox.trello.TrelloControl;
import io.leadsync.sandbox.trello.TrelloControl.CardSnapshot;
import io.leadsync.sandbox.trello.TrelloControl.ListSnapshot;
import org.apache.camel.CamelContext;

/**
 * The sandbox as the side-by-side page (dashboard/sandbox.html) shows it, bound as {@code sandboxView}: the emulated
 * leads table, every Trello board with its open lists as columns, and the ClickUp list by status, read from the
 * running {@link Sandbox}'s emulators in memory (under their state locks, read-only): no API call, nothing in their
 * request journals. Each item names the lead its marker links it to. Cells are text.
 */
public final class SandboxView {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final CamelContext context;

    public SandboxView(CamelContext context) {
        this.context = context;
    }

    /** Whether leadsync runs against its sandbox. */
    public boolean running() {
        return context.hasService(Sandbox.class) != null;
    }

    /** The three services side by side: {"airtable":{..},"trello":{"boards":[..]},"clickup":{..}}. */
    public String snapshot() {
        Sandbox box = context.hasService(Sandbox.class);
        if (box == null) {
            throw new IllegalStateException("not in sandbox mode");
        }
        ObjectNode view = JSON.objectNode();
        view.set("airtable", airtable(box.airtable()));
        view.set("trello", trello(box.trello().control()));
        view.set("clickup", clickup(box.clickup()));
        return view.toString();
    }

    private static ObjectNode airtable(AirtableEmulator airtable) {
        ObjectNode table = JSON.objectNode().put("base", LeadsSeed.BASE_NAME).put("table", LeadsSeed.TABLE_NAME);
        ArrayNode fields = table.putArray("fields");
        airtable.fieldNames(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME).forEach(fields::add);
        ArrayNode records = table.putArray("records");
        for (RecordSnapshot record : airtable.records(LeadsSeed.BASE_ID, LeadsSeed.TABLE_NAME)) {
            ObjectNode cells = records.addObject().put("id", record.id()).putObject("cells");
            record.fields().forEach((name, value) -> cells.put(name, text(value)));
        }
        return table;
    }

    private static ObjectNode trello(TrelloControl trello) {
        ObjectNode view = JSON.objectNode();
        ArrayNode boards = view.putArray("boards");
        for (String name : trello.boardNames()) {
            String boardId = trello.boardId(name);
            Map<String, ArrayNode> cardsByList = new LinkedHashMap<>();
            ObjectNode board = boards.addObject().put("name", name);
            ArrayNode lists = board.putArray("lists");
            for (ListSnapshot list : trello.lists(boardId)) {
                if (!list.closed()) {
                    cardsByList.put(list.id(), lists.addObject().put("name", list.name()).putArray("cards"));
                }
            }
            int archived = 0;
            for (CardSnapshot card : trello.cards(boardId)) {
                ArrayNode column = cardsByList.get(card.idList());
                if (card.closed() || column == null) {
                    archived++;
                } else {
                    column.addObject().put("id", card.id()).put("name", card.name())
                            .put("lead", ItemTemplate.recordIdIn(card.desc()));
                }
            }
            board.put("archived", archived);
        }
        return view;
    }

    private static ObjectNode clickup(ClickUpEmulator clickup) {
        ObjectNode view = JSON.objectNode().put("list", clickup.leadsListName());
        String recordField = clickup.airtableRecordIdFieldId().orElse(null);
        Map<String, ArrayNode> tasksByStatus = new LinkedHashMap<>();
        ArrayNode statuses = view.putArray("statuses");
        for (TaskStatus status : clickup.statuses()) {
            tasksByStatus.put(status.status(), statuses.addObject().put("name", status.status()).putArray("tasks"));
        }
        int archived = 0;
        for (ClickUpTask task : clickup.tasks()) {
            ArrayNode column = tasksByStatus.get(task.status());
            if (task.archived() || column == null) {
                archived++;
            } else {
                String lead = recordField == null ? null : task.customFieldText(recordField);
                column.addObject().put("id", task.id()).put("name", task.name())
                        .put("lead", lead != null ? lead : ItemTemplate.recordIdIn(task.description()));
            }
        }
        view.put("archived", archived);
        return view;
    }

    /** A cell as text: times ISO-8601, whole numbers without ".0", lists joined by commas. */
    private static String text(Object value) {
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return String.valueOf(number.longValue());
        }
        if (value instanceof Collection<?> many) {
            return String.join(", ", many.stream().map(SandboxView::text).toList());
        }
        return value instanceof Instant time ? time.toString() : String.valueOf(value);
    }
}
