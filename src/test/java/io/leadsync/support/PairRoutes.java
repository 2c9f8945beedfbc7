package io.leadsync.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.leadsync.mapping.StatusMapping;

/**
 * The routes file of a pair leadsync does not ship, as a user adds one (README, "Adding a pair"): its
 * {@code <pair>Mapping} bean and its {@code templatedRoute} of {@code sync-cycle} naming the tracker, the board or
 * list and the link field. Written by the fault campaign (the pair trello2) and the benchmark (item idle3).
 */
public final class PairRoutes {

    private PairRoutes() {
    }

    /**
     * @param heading  the file's first comment line (who wrote it), without the "# "
     * @param tracker  trello or clickup
     * @param place    the board (trello) or list (clickup) by name
     */
    public static String of(String heading, String pair, String tracker, String place, String linkField,
                            StatusMapping mapping) {
        StringBuilder yaml = new StringBuilder("# " + heading + "\n- beans:\n    - name: " + pair + "Mapping\n"
                + "      type: io.leadsync.mapping.PairMapping\n      properties:\n        leadToTracker:\n");
        mapping.leadToTracker().forEach((k, v) -> yaml.append("          \"").append(k).append("\": \"").append(v)
                .append("\"\n"));
        yaml.append("        trackerToLead:\n");
        mapping.trackerToLead().forEach((k, v) -> yaml.append("          \"").append(k).append("\": \"").append(v)
                .append("\"\n"));
        yaml.append("\n- templatedRoute:\n    routeTemplateRef: sync-cycle\n    routeId: ").append(pair)
                .append("-sync\n    parameters:\n");
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("pair", pair);
        parameters.put("tracker", tracker);
        parameters.put("trello".equals(tracker) ? "board" : "list", place);
        parameters.put("linkField", linkField);
        parameters.forEach((k, v) -> yaml.append("      - name: ").append(k).append("\n        value: \"").append(v)
                .append("\"\n"));
        return yaml.toString();
    }
}
