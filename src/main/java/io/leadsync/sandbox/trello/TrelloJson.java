package io.leadsync.sandbox.trello;

import java.util.Collection;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for Trello's JSON: {@code fields} selection and URL slugs (dates: {@link io.leadsync.time.IsoTimes}). */
final class TrelloJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TrelloJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Keeps the requested fields of a full representation; {@code id} always stays and {@code all} keeps
     * everything. Unknown names are skipped, as Trello does for most models.
     */
    static ObjectNode select(ObjectNode full, Collection<String> fields) {
        if (fields.contains("all")) {
            return full;
        }
        ObjectNode out = object();
        out.set("id", full.get("id"));
        for (String f : fields) {
            JsonNode v = full.get(f);
            if (v != null) {
                out.set(f, v);
            }
        }
        return out;
    }

    /** The readable tail of Trello URLs: "Call ACME, Inc." becomes "call-acme-inc". */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    static ObjectNode limit(String status, int disableAt, int warnAt) {
        return object().put("status", status).put("disableAt", disableAt).put("warnAt", warnAt);
    }
}
