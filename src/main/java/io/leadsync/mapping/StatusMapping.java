package io.leadsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The user's status mapping for one work tracker, declared as a bean in {@code routes/*.camel.yaml}:
 * lead status -> tracker bucket (a Trello list or a ClickUp status), and bucket -> lead status for moves
 * made in the tracker. The bucket {@value #NO_ITEM} means "this lead has no card/task" (an existing one is
 * archived).
 */
public final class StatusMapping {

    public static final String NO_ITEM = "-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> leadToTracker = new LinkedHashMap<>();
    private final Map<String, String> trackerToLead = new LinkedHashMap<>();

    /** Live map: Camel's bean binding fills it key by key from the YAML block. */
    public Map<String, String> getLeadToTracker() {
        return leadToTracker;
    }

    /** Live map: Camel's bean binding fills it key by key from the YAML block. */
    public Map<String, String> getTrackerToLead() {
        return trackerToLead;
    }

    public Map<String, String> leadToTracker() {
        return Collections.unmodifiableMap(leadToTracker);
    }

    public Map<String, String> trackerToLead() {
        return Collections.unmodifiableMap(trackerToLead);
    }

    /** Every list/status the mapping names, in either direction: each must exist in the tracker. */
    public java.util.Set<String> bucketsInUse() {
        java.util.Set<String> buckets = new java.util.LinkedHashSet<>();
        leadToTracker.values().stream().filter(b -> !NO_ITEM.equals(b)).forEach(buckets::add);
        buckets.addAll(trackerToLead.keySet());
        return buckets;
    }

    /** True when the status is declared (even as {@value #NO_ITEM}). */
    public boolean knowsStatus(String status) {
        return status != null && leadToTracker.containsKey(status);
    }

    /** The bucket a lead with this status belongs in, or null for "no card/task". */
    public String bucketFor(String status) {
        String bucket = leadToTracker.get(status);
        if (bucket == null) {
            throw new IllegalArgumentException("status '" + status + "' is not in the mapping");
        }
        return NO_ITEM.equals(bucket) ? null : bucket;
    }

    /** True when a move into this bucket has a lead status to set. */
    public boolean knowsBucket(String bucket) {
        return trackerToLead.containsKey(bucket);
    }

    /**
     * The status a lead should take after its item moved into {@code bucket}, or null when the current status
     * already maps to that bucket: a many-to-one mapping never rewrites a status that is already consistent.
     */
    public String statusAfterMove(String bucket, String currentStatus) {
        if (knowsStatus(currentStatus) && Objects.equals(bucketFor(currentStatus), bucket)) {
            return null;
        }
        String status = trackerToLead.get(bucket);
        if (status == null) {
            throw new IllegalArgumentException("list/status '" + bucket + "' is not in the mapping");
        }
        return status;
    }

    /**
     * The buckets leadsync puts items into that a move in the tracker cannot map back: a card a person moves
     * there is reported and skipped, so lead and item stay apart.
     */
    public java.util.Set<String> bucketsWithoutReverse() {
        java.util.Set<String> missing = new java.util.LinkedHashSet<>();
        leadToTracker.values().stream().filter(b -> !NO_ITEM.equals(b) && !trackerToLead.containsKey(b))
                .forEach(missing::add);
        return missing;
    }

    /** Where this mapping places items (lead status -> bucket), as text that {@link #ofPlacements} reads back. */
    public String placements() {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(leadToTracker));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mapping with only the placements of {@link #placements()}: where an earlier mapping put items. */
    public static StatusMapping ofPlacements(String placements) {
        StatusMapping mapping = new StatusMapping();
        try {
            mapping.leadToTracker.putAll(JSON.readValue(placements, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable mapping placements: " + e.getOriginalMessage(), e);
        }
        return mapping;
    }

    @Override
    public String toString() {
        return "lead->tracker " + leadToTracker + ", tracker->lead " + trackerToLead;
    }
}
