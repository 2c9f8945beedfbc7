package io.leadsync.campaign;

import java.util.Map;

import io.leadsync.mapping.StatusMapping;

/** The default mappings of routes/trello.camel.yaml and routes/clickup.camel.yaml, as the campaign expects them. */
public final class Mappings {

    private Mappings() {
    }

    /** The shipped mapping of the pair of that tracker kind (trello, clickup). */
    public static StatusMapping expected(String pair) {
        StatusMapping mapping = new StatusMapping();
        if ("trello".equals(pair)) {
            mapping.getLeadToTracker().putAll(Map.of("NEW", "TODO", "CONTACTED", "TODO", "IN_PROGRESS", "TODO",
                    "QUALIFIED", "DONE", "LOST", StatusMapping.NO_ITEM));
            mapping.getTrackerToLead().putAll(Map.of("TODO", "CONTACTED", "DONE", "QUALIFIED"));
        } else {
            mapping.getLeadToTracker().putAll(Map.of("NEW", "to do", "CONTACTED", "in progress",
                    "IN_PROGRESS", "in progress", "QUALIFIED", "complete", "LOST", "complete"));
            mapping.getTrackerToLead().putAll(Map.of("to do", "NEW", "in progress", "CONTACTED",
                    "complete", "QUALIFIED"));
        }
        return mapping;
    }

    static boolean same(StatusMapping a, StatusMapping b) {
        return a.leadToTracker().equals(b.leadToTracker()) && a.trackerToLead().equals(b.trackerToLead());
    }
}
