package io.leadsync.sandbox.trello;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.Request;

/**
 * Trello reads parameters from the query string and, for writes, equally from a JSON or form body
 * ("Query parameters may also be replaced with a JSON request body"). The query wins on a clash.
 */
final class Params {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final JsonNode json;

    private Params(Request request, boolean parseBody) {
        JsonNode body = null;
        if (parseBody && request.body().length > 0) {
            String type = String.valueOf(request.header("Content-Type")).toLowerCase();
            if (type.contains("application/x-www-form-urlencoded")) {
                Request.parseForm(request.bodyText()).forEach((k, v) -> values.put(k, v.get(0)));
            } else {
                body = request.jsonBody();
                body.fields().forEachRemaining(e -> values.put(e.getKey(), scalar(e.getValue())));
            }
        }
        this.json = body;
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                values.put(k, v.get(0));
            }
        });
    }

    /** Query and body parameters; a malformed JSON body throws {@link Request.MalformedBodyException}. */
    static Params of(Request request) {
        return new Params(request, true);
    }

    /** Query and body parameters, treating a malformed body as absent (for authentication). */
    static Params lenient(Request request) {
        try {
            return new Params(request, true);
        } catch (Request.MalformedBodyException e) {
            return new Params(request, false);
        }
    }

    String get(String name) {
        return values.get(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The JSON body, or null when the body was a form or absent. */
    JsonNode json() {
        return json;
    }

    /** A boolean parameter; anything other than true/false is Trello's "invalid value". */
    Boolean bool(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw TrelloError.invalidValue(name);
    }

    /** Comma-separated values, or the fallback when the parameter is absent. */
    List<String> list(String name, String fallback) {
        String v = values.getOrDefault(name, fallback);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"));
    }

    private static String scalar(JsonNode node) {
        if (node.isArray()) {
            StringBuilder out = new StringBuilder();
            node.forEach(n -> out.append(out.length() == 0 ? "" : ",").append(n.asText()));
            return out.toString();
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
