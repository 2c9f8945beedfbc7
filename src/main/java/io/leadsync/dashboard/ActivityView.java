package io.leadsync.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.state.AuditLog;
import org.apache.camel.Header;

/**
 * A pair's activity log and its conflicts, from the audit trail (data/audit.jsonl, its last MBs only), bound as
 * {@code activityView}: who changed what, before -> after, which rule decided; searchable by lead, card/task id,
 * field or value.
 */
public final class ActivityView {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final PairDirectory pairs;
    private final AuditLog audit;

    public ActivityView(PairDirectory pairs, AuditLog audit) {
        this.pairs = pairs;
        this.audit = audit;
    }

    /**
     * {"entries":[{"time","event","record","item","field","before","after","who","rule","detail"}]}, newest first.
     * A conflict shows both values in its detail, its policy as the rule and the side that won as who.
     */
    public Map<String, Object> activity(@Header("pair") String pair, @Header("q") String q,
                                        @Header("limit") String limit) {
        String name = pairs.pair(pair).name();
        List<Map<String, Object>> entries = audit.newest(name, AuditLog.mentioning(q), limit(limit)).stream()
                .map(ActivityView::entry).toList();
        return Map.of("entries", entries);
    }

    /** {"conflicts":[{"time","record","field","airtable","tracker","policy","winner","origin"}]}, newest first. */
    public Map<String, Object> conflicts(@Header("pair") String pair, @Header("limit") String limit) {
        String name = pairs.pair(pair).name();
        List<Map<String, Object>> conflicts = audit.newest(name, n -> "conflict".equals(n.path("event").asText()),
                limit(limit)).stream().map(n -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    for (String key : List.of("time", "record", "field", "airtable", "tracker", "policy", "winner",
                            "origin")) {
                        c.put(key, text(n, key));
                    }
                    return c;
                }).toList();
        return Map.of("conflicts", conflicts);
    }

    private static Map<String, Object> entry(JsonNode n) {
        boolean conflict = "conflict".equals(n.path("event").asText());
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", text(n, "time"));
        e.put("event", text(n, "event"));
        e.put("record", text(n, "record"));
        e.put("item", text(n, "item"));
        e.put("field", text(n, "field"));
        e.put("before", text(n, "before"));
        e.put("after", text(n, "after"));
        e.put("who", conflict ? text(n, "winner") : text(n, "who"));
        e.put("rule", conflict ? text(n, "policy") : text(n, "rule"));
        e.put("detail", conflict ? "Airtable '" + n.path("airtable").asText("") + "' vs tracker '"
                + n.path("tracker").asText("") + "': " + n.path("winner").asText() + " wins"
                : text(n, "detail"));
        return e;
    }

    private static String text(JsonNode n, String key) {
        JsonNode value = n.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The limit asked for, within 1..{@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when absent or not a number. */
    private static int limit(String asked) {
        try {
            return asked == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(asked.strip())));
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }
}
