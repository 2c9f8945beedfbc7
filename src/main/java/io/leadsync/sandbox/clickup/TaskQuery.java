package io.leadsync.sandbox.clickup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.Request;

/**
 * The filters, order and page of {@code GET /list/{list_id}/task}. Array parameters are accepted both as
 * {@code statuses[]=a} (what clients send) and {@code statuses=a}. By default closed, archived tasks and
 * subtasks are left out; date filters are strict ({@code _gt} means greater than, never equal).
 */
final class TaskQuery {

    static final int PAGE_SIZE = 100;

    private final List<Predicate<Task>> filters = new ArrayList<>();
    private final Comparator<Task> order;
    private final int page;
    final boolean markdown;

    private TaskQuery(Request request, ObjectMapper json) {
        boolean includeClosed = bool(request, "include_closed");
        boolean archived = bool(request, "archived");
        boolean subtasks = bool(request, "subtasks");
        markdown = bool(request, "include_markdown_description");
        page = (int) number(request, "page", 0);
        if (page < 0) {
            throw ApiError.badParameter("Page must be a non-negative integer");
        }
        filters.add(t -> t.archived == archived);
        filters.add(t -> includeClosed || !t.status.isClosed());
        filters.add(t -> subtasks || t.parent == null);
        List<String> statuses = all(request, "statuses");
        if (!statuses.isEmpty()) {
            List<String> wanted = statuses.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            filters.add(t -> wanted.contains(t.status.status().toLowerCase(Locale.ROOT)));
        }
        // a task with any of the tags or assignees named (UNCONFIRMED: the docs do not say any or all)
        List<String> tags = all(request, "tags").stream().map(ClickUpWorkspace::tagName).toList();
        if (!tags.isEmpty()) {
            filters.add(t -> t.tags.stream().anyMatch(tags::contains));
        }
        List<String> assignees = all(request, "assignees");
        if (!assignees.isEmpty()) {
            filters.add(t -> t.assignees.stream().anyMatch(id -> assignees.contains(Integer.toString(id))));
        }
        range(request, "date_created", t -> t.dateCreated);
        range(request, "date_updated", t -> t.dateUpdated);
        range(request, "date_done", t -> t.dateDone);
        range(request, "due_date", t -> t.dueDate);
        for (String filter : all(request, "custom_fields")) {
            filters.add(CustomFieldFilter.parse(filter, json));
        }
        order = order(request);
    }

    static TaskQuery from(Request request, ObjectMapper json) {
        return new TaskQuery(request, json);
    }

    /** The requested page of matching tasks and whether it is the last one. */
    Page apply(List<Task> tasks) {
        List<Task> matching = tasks.stream().filter(t -> filters.stream().allMatch(f -> f.test(t)))
                .sorted(order).toList();
        int from = Math.min(matching.size(), page * PAGE_SIZE);
        int to = Math.min(matching.size(), from + PAGE_SIZE);
        return new Page(matching.subList(from, to), to >= matching.size());
    }

    record Page(List<Task> tasks, boolean lastPage) {
    }

    /**
     * Default order is by creation, newest first; {@code reverse=true} flips it. The base direction is not
     * documented (UNCONFIRMED); newest-first is what ClickUp's list views show.
     */
    private static Comparator<Task> order(Request request) {
        String by = request.query("order_by") == null ? "created" : request.query("order_by");
        Comparator<Task> ascending = switch (by) {
            case "created", "id" -> Comparator.comparingLong(t -> t.dateCreated);
            case "updated" -> Comparator.comparingLong(t -> t.dateUpdated);
            case "due_date" -> Comparator.comparing(t -> t.dueDate, Comparator.nullsLast(Comparator.naturalOrder()));
            default -> throw ApiError.badParameter("Order by invalid");
        };
        Comparator<Task> newestFirst = ascending.thenComparingLong(t -> t.sequence).reversed();
        return bool(request, "reverse") ? newestFirst.reversed() : newestFirst;
    }

    private void range(Request request, String name, java.util.function.Function<Task, Long> value) {
        Long gt = request.query(name + "_gt") == null ? null : number(request, name + "_gt", 0);
        Long lt = request.query(name + "_lt") == null ? null : number(request, name + "_lt", 0);
        if (gt != null) {
            filters.add(t -> value.apply(t) != null && value.apply(t) > gt);
        }
        if (lt != null) {
            filters.add(t -> value.apply(t) != null && value.apply(t) < lt);
        }
    }

    private static boolean bool(Request request, String name) {
        return "true".equalsIgnoreCase(request.query(name));
    }

    private static long number(Request request, String name, long fallback) {
        String raw = request.query(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badParameter(name + " must be a number");
        }
    }

    private static List<String> all(Request request, String name) {
        List<String> values = new ArrayList<>(request.queryAll(name + "[]"));
        values.addAll(request.queryAll(name));
        return values;
    }

    /** One entry of the {@code custom_fields} filter: {@code [{"field_id":"…","operator":"=","value":"…"}]}. */
    private static final class CustomFieldFilter {

        static Predicate<Task> parse(String raw, ObjectMapper json) {
            JsonNode conditions;
            try {
                conditions = json.readTree(raw);
            } catch (java.io.IOException e) {
                throw ApiError.badParameter("Custom field filter must be a JSON array");
            }
            if (!conditions.isArray()) {
                throw ApiError.badParameter("Custom field filter must be a JSON array");
            }
            List<Predicate<Task>> all = new ArrayList<>();
            conditions.forEach(c -> all.add(condition(c)));
            return t -> all.stream().allMatch(p -> p.test(t));
        }

        private static Predicate<Task> condition(JsonNode c) {
            String field = c.path("field_id").asText(null);
            String operator = c.path("operator").asText("=").toUpperCase(Locale.ROOT);
            JsonNode expected = c.path("value");
            if (field == null) {
                throw ApiError.badParameter("Custom field filter needs a field_id");
            }
            return switch (operator) {
                case "=" -> t -> t.values.containsKey(field) && same(t.values.get(field), expected);
                case "!=" -> t -> !t.values.containsKey(field) || !same(t.values.get(field), expected);
                case "IS NULL" -> t -> !t.values.containsKey(field);
                case "IS NOT NULL" -> t -> t.values.containsKey(field);
                case "<", "<=", ">", ">=" -> t -> t.values.containsKey(field)
                        && compares(t.values.get(field), expected, operator);
                default -> throw ApiError.badParameter("Custom field filter operator not supported");
            };
        }

        private static boolean same(JsonNode actual, JsonNode expected) {
            return actual.asText().equals(expected.asText());
        }

        private static boolean compares(JsonNode actual, JsonNode expected, String operator) {
            int cmp;
            try {
                cmp = Double.compare(Double.parseDouble(actual.asText()), Double.parseDouble(expected.asText()));
            } catch (NumberFormatException e) {
                cmp = actual.asText().compareTo(expected.asText());
            }
            return switch (operator) {
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                case ">" -> cmp > 0;
                default -> cmp >= 0;
            };
        }
    }
}
