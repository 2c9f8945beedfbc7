package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.Request;

/** The options of a list-records call, read from the query string (GET) or the JSON body (POST listRecords). */
record ListOptions(int pageSize, Integer maxRecords, String offset, List<String> fields, List<Sort> sort,
                   String view, String filterByFormula, boolean cellFormatString, boolean returnFieldsByFieldId) {

    record Sort(String field, boolean descending) {
    }

    private static final Pattern SORT_PARAM = Pattern.compile("sort\\[(\\d+)]\\[(field|direction)]");

    static ListOptions fromQuery(Request request) {
        Map<Integer, String[]> sorts = new TreeMap<>();
        request.query().forEach((name, values) -> {
            Matcher m = SORT_PARAM.matcher(name);
            if (m.matches() && !values.isEmpty()) {
                String[] sort = sorts.computeIfAbsent(Integer.valueOf(m.group(1)), k -> new String[2]);
                sort[m.group(2).equals("field") ? 0 : 1] = values.get(0);
            }
        });
        List<Sort> sort = new ArrayList<>();
        for (String[] s : sorts.values()) {
            sort.add(sort(s[0], s[1]));
        }
        List<String> fields = new ArrayList<>(request.queryAll("fields[]"));
        fields.addAll(request.queryAll("fields"));
        return build(request.query("pageSize"), request.query("maxRecords"), request.query("offset"), fields, sort,
                request.query("view"), request.query("filterByFormula"), request.query("cellFormat"),
                request, flag(request.query("returnFieldsByFieldId")));
    }

    /** POST listRecords: options in the body, but timeZone and userLocale stay in the query (as clients send them). */
    static ListOptions fromBody(JsonNode body, Request request) {
        List<String> fields = new ArrayList<>();
        body.path("fields").forEach(f -> fields.add(f.asText()));
        List<Sort> sort = new ArrayList<>();
        body.path("sort").forEach(s -> sort.add(sort(s.path("field").asText(null), s.path("direction").asText(null))));
        return build(text(body, "pageSize"), text(body, "maxRecords"), text(body, "offset"), fields, sort,
                text(body, "view"), text(body, "filterByFormula"), text(body, "cellFormat"), request,
                flag(text(body, "returnFieldsByFieldId")));
    }

    private static ListOptions build(String pageSize, String maxRecords, String offset, List<String> fields,
                                     List<Sort> sort, String view, String formula, String cellFormat,
                                     Request request, boolean byFieldId) {
        int size = pageSize == null ? 100 : positive(pageSize);
        if (size > 100) {
            throw AirtableException.invalidRequest();
        }
        boolean asString = false;
        if (cellFormat != null && !cellFormat.equals("json")) {
            if (!cellFormat.equals("string") || request.query("timeZone") == null || request.query("userLocale") == null) {
                throw AirtableException.invalidRequest();
            }
            asString = true;
        }
        return new ListOptions(size, maxRecords == null ? null : positive(maxRecords), offset, List.copyOf(fields),
                List.copyOf(sort), view, formula == null || formula.isBlank() ? null : formula, asString, byFieldId);
    }

    private static Sort sort(String field, String direction) {
        if (field == null || (direction != null && !direction.equals("asc") && !direction.equals("desc"))) {
            throw AirtableException.invalidRequest();
        }
        return new Sort(field, "desc".equals(direction));
    }

    private static int positive(String number) {
        try {
            int n = Integer.parseInt(number.trim());
            if (n < 1) {
                throw AirtableException.invalidRequest();
            }
            return n;
        } catch (NumberFormatException e) {
            throw AirtableException.invalidRequest();
        }
    }

    static boolean flag(String value) {
        return value != null && (value.equals("true") || value.equals("1"));
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }
}
