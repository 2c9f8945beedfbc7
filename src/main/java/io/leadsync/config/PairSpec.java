package io.leadsync.config;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a pair connects, as its templatedRoute of the sync-cycle template says (routes/*.camel.yaml): the pair's
 * name, its kind of tracker, its Airtable table, its board (Trello) or list (ClickUp), the Airtable field that takes
 * the card/task id and ClickUp's record-id custom field. What the route leaves out comes from the properties, so the
 * shipped pairs {@code trello} and {@code clickup} (and a user's older files for them) need only {@code pair}.
 *
 * @param place     the board (Trello) or list (ClickUp), by name or id
 * @param linkField    the Airtable field that receives the card/task id, or null
 * @param placeSetting where the board or list is set: a property, or the pair's parameter
 */
record PairSpec(String name, String tracker, String table, String place, String linkField, String recordField,
                boolean enabled, String placeSetting) {

    static final List<String> TRACKERS = List.of("trello", "clickup");

    /**
     * @param parameters the templatedRoute's parameters, as Camel keeps them on the route it made
     * @param property   a leadsync property's value (placeholders resolved), or null when unset or blank
     * @param resolve    resolves property placeholders in a parameter's value
     */
    static PairSpec of(Map<String, Object> parameters, UnaryOperator<String> property,
                       UnaryOperator<String> resolve) {
        String name = parameter(parameters, "pair", resolve);
        String tracker = parameter(parameters, "tracker", resolve);
        if (tracker == null) {
            if (!TRACKERS.contains(name)) {
                throw new IllegalStateException("Pair '" + name + "' names no tracker: add {name: tracker, value: "
                        + "trello} (or clickup) to the parameters of its templatedRoute");
            }
            tracker = name;
        }
        if (!TRACKERS.contains(tracker)) {
            throw new IllegalStateException("Pair '" + name + "' has tracker '" + tracker + "'; use trello or clickup");
        }
        boolean trello = "trello".equals(tracker);
        String placeParameter = trello ? "board" : "list";
        String place = parameter(parameters, placeParameter, resolve);
        String placeProperty = trello ? "leadsync.trello.board" : "leadsync.clickup.list";
        String placeSetting = place != null ? "the " + placeParameter + " parameter of pair '" + name + "'"
                : placeProperty;
        if (place == null) {
            place = property.apply(placeProperty);
        }
        String linkField = parameter(parameters, "linkField", resolve);
        if (linkField == null && name.equals(tracker)) {
            linkField = property.apply("leadsync." + tracker + ".link-field");
        }
        String table = parameter(parameters, "table", resolve);
        String recordField = parameter(parameters, "recordField", resolve);
        String enabled = parameter(parameters, "enabled", resolve);
        return new PairSpec(name, tracker, table != null ? table : property.apply("leadsync.airtable.table"), place,
                linkField, recordField != null ? recordField : property.apply("leadsync.clickup.record-field"),
                enabled == null || Boolean.parseBoolean(enabled), placeSetting);
    }

    private static String parameter(Map<String, Object> parameters, String key, UnaryOperator<String> resolve) {
        Object value = parameters.get(key);
        return value == null ? null : Settings.blankAsNone(resolve.apply(value.toString()));
    }

    /** "table 'Leads' and Trello board 'Sales' (ids into 'Sales Card')", for the log. */
    String describe() {
        return "table '" + table + "' and " + ("trello".equals(tracker) ? "Trello board '" : "ClickUp list '") + place
                + "'" + (linkField == null ? "" : " (ids into '" + linkField + "')");
    }
}
