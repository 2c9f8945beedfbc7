package io.leadsync.dryrun;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The bean {@code planPreviews}: each pair's latest preview (a dry run's plan), as routes/dry-run.camel.yaml
 * answers it.
 */
public final class PlanPreviews {

    private final Map<String, PlanPreview> byPair = new ConcurrentHashMap<>();
    private final Predicate<String> knownPair;

    /** @param knownPair whether a pair of that name is declared */
    public PlanPreviews(Predicate<String> knownPair) {
        this.knownPair = knownPair;
    }

    public void put(String pair, PlanPreview preview) {
        byPair.put(pair, preview);
    }

    /** The pair's preview was decided on: none until the next. */
    public void forget(String pair) {
        byPair.remove(pair);
    }

    /** Every pair's latest preview, by pair. */
    public Map<String, PlanPreview> all() {
        return Collections.unmodifiableMap(new HashMap<>(byPair));
    }

    public boolean known(String pair) {
        return pair != null && knownPair.test(pair);
    }

    /** {"preview": the pair's latest, or null}. */
    public Map<String, Object> answer(String pair) {
        Map<String, Object> answer = new HashMap<>();
        answer.put("preview", byPair.get(pair));
        return answer;
    }

    /** {"ok": true, "message": ...}: an action done. */
    public Map<String, Object> done(String message) {
        return Map.of("ok", true, "message", message);
    }

    /** {"error": ...}: no mapping edit waits to be applied or discarded. */
    public Map<String, Object> noMappingChange(String pair) {
        return Map.of("error", "no mapping edit of pair '" + pair + "' is pending (leadsync.mapping-changes=preview "
                + "keeps an edit of routes/" + pair + ".camel.yaml until it is applied)");
    }

    /** {"error": ...} for a name no pair has. */
    public Map<String, Object> unknown(String pair) {
        return Map.of("error", "no pair named '" + pair + "': use a pair's name from /api/pairs");
    }
}
