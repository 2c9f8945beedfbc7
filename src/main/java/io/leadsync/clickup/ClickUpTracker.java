package io.leadsync.clickup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.leadsync.http.ApiException;
import io.leadsync.http.ApiResponse;
import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import io.leadsync.http.ApiFailures;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.mapping.StatusMapping;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import io.leadsync.tracker.TrackerRead;
import io.leadsync.tracker.WorkTracker;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClickUp list as a work tracker: the list's statuses are buckets, tasks are items. Changes are read with
 * {@code date_updated_gt} (closed tasks included) minus an overlap window, so a task updated exactly at the
 * boundary is seen. The record id lives in a custom field when the list has one, set by the create request itself,
 * and always in a marker; a task read with the marker but an empty field (made before the field was added, or by a
 * create whose answer was lost) gets the field set then.
 */
public final class ClickUpTracker implements WorkTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ClickUpTracker.class);
    /** Exchange property of a read of tasks: when it started (our clock), which its next cursor is not after. */
    private static final String READ_STARTED = "itemsReadStarted";
    private static final String TASKS_QUERY = "include_closed=true&subtasks=true";

    private final ApiCall api;
    private final String listName;
    private final String recordFieldName;
    private final long overlapMillis;
    private String listId;
    /** The workspace (team) the list is in, found with it: where its webhook is registered. */
    private String teamId;
    private String recordFieldId;
    private final Set<String> statuses = new LinkedHashSet<>();
    /**
     * Tasks whose record field could not be set, by task id, with their record id: tried again at every read, not
     * only when a read happens to show the task again (an incremental read may not see it until the hourly full
     * one). Kept in memory: after a restart the full read finds them.
     */
    private final Map<String, String> recordFieldToRetry = new ConcurrentHashMap<>();
    private final ClickUpFields fields;

    public ClickUpTracker(ApiCall api, String listName, String recordFieldName, long overlapMillis) {
        this.api = api;
        this.listName = listName;
        this.recordFieldName = recordFieldName;
        this.overlapMillis = overlapMillis;
        this.fields = new ClickUpFields(api, listName);
    }

    @Override
    public String name() {
        return "clickup";
    }

    @Override
    public String describe() {
        return "ClickUp list '" + listName + "'";
    }

    @Override
    public void connect(PairMapping pairMapping) {
        StatusMapping mapping = pairMapping.statuses();
        if (listId == null) {
            listId = findList();
        }
        ClickUpBodies.ListInfo list = api.get("/api/v2/list/" + listId, null, ClickUpBodies.ListInfo.class).body();
        statuses.clear();
        listed(list.statuses()).forEach(s -> statuses.add(s.status().toLowerCase(Locale.ROOT)));
        for (String status : mapping.bucketsInUse()) {
            if (!statuses.contains(status.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException("status '" + status + "' in the clickup mapping does not exist in list '"
                        + listName + "'; it has: " + String.join(", ", statuses) + ". Fix the mapping in routes/.");
            }
        }
        // the list's custom fields are read once, for the record field and the mapped ones alike
        List<ClickUpBodies.Field> listFields = new ArrayList<>();
        Supplier<List<ClickUpBodies.Field>> onList = () -> {
            if (listFields.isEmpty()) {
                listFields.addAll(fieldsOnList());
            }
            return listFields;
        };
        if (recordFieldId == null) {
            recordFieldId = recordFieldIn(onList.get());
            if (recordFieldId == null) {
                LOG.warn("ClickUp list '{}' has no custom field '{}': tasks are linked through the marker in their "
                        + "description only. Add a Text custom field with that name to see the record id in ClickUp.",
                        listName, recordFieldName);
            }
        }
        fields.connect(listId, list.space(), pairMapping, onList);
    }

    /** The list's id, known once {@link #connect} found the list (null before): what its webhook watches. */
    public String listId() {
        return listId;
    }

    /** The workspace (team) id of the list, known with it: its webhooks are registered there. */
    public String teamId() {
        return teamId;
    }

    /** The mapped fields beyond name and description, as the list has them. */
    ClickUpFields fields() {
        return fields;
    }

    private List<ClickUpBodies.Field> fieldsOnList() {
        return listed(api.get("/api/v2/list/" + listId + "/field", null, ClickUpBodies.Fields.class).body().fields());
    }

    private String recordFieldIdOnList() {
        return recordFieldIn(fieldsOnList());
    }

    private String recordFieldIn(List<ClickUpBodies.Field> onList) {
        for (ClickUpBodies.Field f : onList) {
            if (recordFieldName.equalsIgnoreCase(f.name())) {
                return f.id();
            }
        }
        return null;
    }

    /**
     * {@link #refusedRecordField} of the list of the pair whose change the exchange carries (exchange property
     * {@code pair}): the create route is shared by every ClickUp pair, and a route's {@code onWhen} names its bean
     * statically.
     */
    public static boolean refusedRecordFieldOfPair(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ClickUpTracker list = exchange.getContext().getRegistry().lookupByNameAndType(
                exchange.getProperty("pair", String.class) + "Tracker", ClickUpTracker.class);
        return list != null && list.refusedRecordField(failure);
    }

    /**
     * Whether ClickUp refused a request for naming a custom field the list does not have, while leadsync still
     * writes the record field: it was deleted (or deleted and made again) while leadsync runs.
     */
    public boolean refusedRecordField(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException answer) {
                return recordFieldId != null && answer.status() == 400
                        && answer.body().contains("Custom field not found");
            }
        }
        return false;
    }

    /**
     * ClickUp no longer knows the record field (deleted, or deleted and made again, while leadsync runs): the
     * list's fields are read again and the change said once; without the field, tasks are linked through the
     * description marker alone, as when it is missing at start-up. Called by routes/clickup-writes.camel.yaml when
     * a create is refused so, before it sends the create again.
     */
    public void recordFieldGone() {
        String before = recordFieldId;
        recordFieldId = recordFieldIdOnList();
        if (recordFieldId == null) {
            LOG.warn("ClickUp custom field '{}' is gone from list '{}' (id {}): tasks are linked through the marker in "
                    + "their description alone from now on", recordFieldName, listName, before);
        } else {
            LOG.warn("ClickUp custom field '{}' on list '{}' has a new id ({}, was {}): using it", recordFieldName,
                    listName, recordFieldId, before);
        }
    }

    private String findList() {
        List<String> seen = new ArrayList<>();
        List<ClickUpBodies.Ref> teams;
        try {
            teams = listed(api.get("/api/v2/team", null, ClickUpBodies.Teams.class).body().teams());
        } catch (ApiException e) {
            throw new IllegalStateException(e.status() == 401 || e.status() == 400
                    ? "ClickUp rejected the token (" + e.status() + " " + e.body().trim() + "): check CLICKUP_TOKEN "
                    + "(a personal token starting with pk_)" : e.status() == 0
                    ? "Cannot reach ClickUp: " + e.getMessage() + "; check leadsync.clickup.url and the network"
                    : "Cannot list ClickUp workspaces: " + e.getMessage(), e);
        }
        for (ClickUpBodies.Ref team : teams) {
            for (ClickUpBodies.Ref space : listed(api.get("/api/v2/team/" + team.id() + "/space", null,
                    ClickUpBodies.Spaces.class).body().spaces())) {
                List<ClickUpBodies.Ref> lists = new ArrayList<>(listed(api.get("/api/v2/space/" + space.id() + "/list",
                        null, ClickUpBodies.Lists.class).body().lists()));
                listed(api.get("/api/v2/space/" + space.id() + "/folder", null, ClickUpBodies.Folders.class).body()
                        .folders()).forEach(folder -> lists.addAll(listed(folder.lists())));
                for (ClickUpBodies.Ref l : lists) {
                    if (listName.equals(l.name()) || listName.equals(l.id())) {
                        teamId = team.id();
                        return l.id();
                    }
                    seen.add(l.name());
                }
            }
        }
        throw new IllegalStateException("ClickUp list '" + listName + "' not found in your workspaces; lists seen: "
                + String.join(", ", seen) + ". Set leadsync.clickup.list.");
    }


    /**
     * The request of every task, closed ones included: its pages are read by {@code direct:clickup-read-tasks}
     * (direct:clickup-read-all, routes/clickup-reads.camel.yaml).
     */
    public void allTasksRequest(Exchange exchange) {
        tasksRequest("", exchange);
    }

    /**
     * The request of the tasks updated after the cursor less the overlap, closed ones included; of every task
     * without a cursor (direct:clickup-read-changes).
     */
    public void changedTasksRequest(@ExchangeProperty(CURSOR) String cursor, Exchange exchange) {
        tasksRequest(cursor == null ? "" : "&date_updated_gt=" + Math.max(0, Long.parseLong(cursor) - overlapMillis),
                exchange);
    }

    private void tasksRequest(String filter, Exchange exchange) {
        exchange.setProperty(READ_STARTED, System.currentTimeMillis());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, tasksPath());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, TASKS_QUERY + filter);
    }

    /** Every task the pages hold: a complete read. */
    public TrackerRead allItems(List<ClickUpBodies.TasksPage> pages, @Header(ApiFailures.SERVER_TIME) long serverTime,
                                @ExchangeProperty(READ_STARTED) long started) {
        return read(null, new ApiResponse<>(pages, serverTime), started);
    }

    /** The tasks the pages hold, changed since the cursor (every task, complete, without a cursor). */
    public TrackerRead changedItems(List<ClickUpBodies.TasksPage> pages,
                                    @Header(ApiFailures.SERVER_TIME) long serverTime,
                                    @ExchangeProperty(READ_STARTED) long started,
                                    @ExchangeProperty(CURSOR) String cursor) {
        return read(cursor, new ApiResponse<>(pages, serverTime), started);
    }

    /**
     * Tasks updated after the cursor less the overlap (all tasks when null), closed ones included. The next
     * cursor is when this read's first page was answered (not the newest change seen), so a task updated while
     * the pages were read is read again, and an idle window slides forward.
     */
    private TrackerRead read(String cursor, ApiResponse<List<ClickUpBodies.TasksPage>> pages, long started) {
        Tasks tasks = tasks(pages, started);
        tasks.items().addAll(recordFieldsSetAgain(tasks.items()));
        long next = cursor == null ? tasks.snapshot() : Math.max(Long.parseLong(cursor), tasks.snapshot());
        return new TrackerRead(tasks.items(), cursor == null, String.valueOf(next));
    }

    @Override
    public List<TrackerItem> archived() {
        long started = System.currentTimeMillis();
        return tasks(api.pages("direct:clickup-read-tasks", tasksPath(), TASKS_QUERY + "&archived=true",
                ClickUpBodies.TasksPage.class), started).items();
    }

    /** Items read, and when the first page was answered. */
    private record Tasks(List<TrackerItem> items, long snapshot) {
    }

    /**
     * The tasks of the pages of a read by the route {@code direct:clickup-read-tasks}
     * (routes/clickup-reads.camel.yaml); a task found by its marker without its record field gets it.
     */
    private Tasks tasks(ApiResponse<List<ClickUpBodies.TasksPage>> pages, long started) {
        List<TrackerItem> items = new ArrayList<>();
        Map<String, String> withoutRecordField = new LinkedHashMap<>();
        for (ClickUpBodies.TasksPage page : pages.body()) {
            for (ClickUpBodies.Task task : listed(page.tasks())) {
                TrackerItem item = toItem(task);
                items.add(item);
                if (recordFieldId != null && item.recordId() != null && recordFieldValue(task) == null) {
                    withoutRecordField.put(item.id(), item.recordId());
                }
            }
        }
        // setting the field changes the task's date_updated: the task is read again, or the cycle would plan from
        // the older time and later take leadsync's own write for a person's edit made after it
        for (int i = 0; i < items.size(); i++) {
            String taskId = items.get(i).id();
            String recordId = withoutRecordField.get(taskId);
            recordFieldToRetry.remove(taskId); // this read tries it, if it still lacks the field
            if (recordId != null && recordFieldId != null && setRecordField(taskId, recordId)) {
                items.set(i, fetch(taskId));
            }
        }
        return new Tasks(items, pages.snapshotNotAfter(started));
    }

    /**
     * The tasks whose record field a read before could not set and this one did not show, their field set now: a
     * task that got it has changed, and the read shows it as it is now.
     */
    private List<TrackerItem> recordFieldsSetAgain(List<TrackerItem> read) {
        if (recordFieldToRetry.isEmpty()) {
            return List.of();
        }
        Set<String> shown = new HashSet<>();
        read.forEach(item -> shown.add(item.id()));
        List<TrackerItem> set = new ArrayList<>();
        for (Map.Entry<String, String> retry : Map.copyOf(recordFieldToRetry).entrySet()) {
            if (shown.contains(retry.getKey())) {
                continue; // failed again in this read: the next one tries
            }
            recordFieldToRetry.remove(retry.getKey());
            if (recordFieldId != null && setRecordField(retry.getKey(), retry.getValue())) {
                TrackerItem task = fetch(retry.getKey());
                if (!task.deleted()) {
                    set.add(task);
                }
            }
        }
        return set;
    }

    /**
     * The custom fields a task is created with, by field id: the lead's record id in the record field when the list
     * has one, so that no task exists without it and no second request sets it, and the mapped ones (checked: a
     * value the list cannot take refuses the create).
     */
    Map<String, Object> customFieldsOnCreate(ItemDraft draft) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (recordFieldId != null) {
            values.put(recordFieldId, draft.recordId());
        }
        values.putAll(fields.customOnCreate(draft.fields(), draft.recordId()));
        return values;
    }

    /**
     * Sets the record-id custom field of a task read without it through the Set Custom Field endpoint. A failure
     * is logged, never thrown: the task carries the marker, and the next read that sees the task with the field
     * empty sets it. True when it was set.
     */
    private boolean setRecordField(String taskId, String recordId) {
        try {
            api.call("POST", "/api/v2/task/" + taskId + "/field/" + recordFieldId, null,
                    new ClickUpBodies.SetValue(recordId), Kind.IDEMPOTENT_WRITE, ClickUpBodies.Ignored.class);
            return true;
        } catch (ApiException e) {
            if (refusedRecordField(e)) {
                recordFieldGone();
                return false;
            }
            if (e.status() == 404) { // deleted meanwhile: nothing to set
                return false;
            }
            recordFieldToRetry.put(taskId, recordId);
            LOG.warn("Could not set '{}' on ClickUp task {} ({}); it is tried again at the next read",
                    recordFieldName, taskId, e.getMessage());
            return false;
        }
    }

    @Override
    public TrackerItem fetch(String taskId) {
        try {
            return toItem(api.get("/api/v2/task/" + taskId, null, ClickUpBodies.Task.class).body());
        } catch (ApiException e) {
            if (e.status() == 404) {
                return new TrackerItem(taskId, null, null, null, true, true, System.currentTimeMillis(), null);
            }
            throw e;
        }
    }

    /** The path of the list's tasks, where a task is created. */
    String tasksPath() {
        return "/api/v2/list/" + listId + "/task";
    }

    /**
     * A task as leadsync sees it: its status in lower case, the record id from its field or else its marker, its
     * mapped fields.
     */
    TrackerItem toItem(ClickUpBodies.Task task) {
        String description = task.description() == null ? "" : task.description();
        String recordId = recordFieldValue(task);
        if (recordId == null) {
            recordId = ItemTemplate.recordIdIn(description);
        }
        String status = task.status() == null || task.status().status() == null ? "" : task.status().status();
        return new TrackerItem(task.id(), task.name() == null ? "" : task.name(), description,
                status.toLowerCase(Locale.ROOT), task.archived(), false, task.dateUpdated(), recordId,
                task.dateCreated(), fields.read(task));
    }

    /** The task's record-id custom field, or null when the list has none or the task's is empty. */
    private String recordFieldValue(ClickUpBodies.Task task) {
        for (ClickUpBodies.FieldValue field : listed(task.customFields())) {
            if (String.valueOf(field.id()).equals(recordFieldId) && field.value() != null && !field.value().isNull()
                    && !field.value().asText().isBlank()) {
                return field.value().asText();
            }
        }
        return null;
    }

    /** A list the answer left out is empty. */
    private static <T> List<T> listed(List<T> list) {
        return list == null ? List.of() : list;
    }
}
