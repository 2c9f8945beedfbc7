package io.leadsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.airtable.AirtableClient;
import io.leadsync.mapping.EarlierPlacements;
import io.leadsync.state.Link;
import io.leadsync.change.Change;
import io.leadsync.change.SetLeadStatus;

/**
 * What one plan decided, as values: its effects, the removals the safety rail is still to let through (each with
 * the effects it adds), and what the cycle reports.
 *
 * @param linked      the pair's linked items before the removals (what the rail's share is taken of); 0 when
 *                    nothing was removed and no hold is pending (counted only when needed)
 * @param undecided   records whose reads may be stale: the cycle must not move its read cursors past them
 * @param remapped    how many linked items move because the mapping changed
 * @param placements  the placements of the mapping the plan was made with
 * @param rendering   how that mapping renders items ({@link io.leadsync.mapping.ItemTemplate#signature()})
 * @param filter      the record filter the plan judged the leads by (the filter cursor's text)
 */
public record Decisions(String pair, Effects effects, List<SafetyRail.Removal> removals, int linked,
                        Set<String> undecided, SyncPlanner.MatchCounts matchCounts, int remapped,
                        String placements, String rendering, String filter) {

    /**
     * The mapping cursors the end of this plan's cycle stores ({@code placedBefore}: the mapping cursor now). A cycle
     * that placed every item by this plan's mapping (a full read, nothing left to push, no hold) stores its
     * placements, rendering and filter; any other adds its placements to the earlier ones: items may now sit where
     * it or they put them.
     */
    Map<String, String> mappingCursors(String placedBefore, boolean placedAll) {
        if (placedAll) {
            return Map.of(SyncPlanner.MAPPING_CURSOR, placements, SyncPlanner.RENDERING_CURSOR, rendering,
                    SyncPlanner.FILTER_CURSOR, filter);
        }
        if (placements.equals(placedBefore)) {
            return Map.of(); // every cycle once the mapping is applied: nothing to parse or store
        }
        String placed = EarlierPlacements.of(placedBefore).and(placements).cursor();
        return placed.equals(placedBefore) ? Map.of() : Map.of(SyncPlanner.MAPPING_CURSOR, placed);
    }

    /**
     * The effects once the safety rail let {@code passed} through: theirs follow the plan's, and the lead writes
     * of both are batched into changes (10 leads per Airtable request) after every other change.
     */
    Effects afterRail(List<SafetyRail.Removal> passed) {
        Effects all = effects.and(passed.stream().map(SafetyRail.Removal::effects).toList());
        List<Change> changes = new ArrayList<>(all.changes());
        changes.addAll(batchLeadWrites(all.leadWrites()));
        return new Effects(List.copyOf(changes), List.of(), all.shadowUpdates(), all.seen(), all.audit(),
                all.deadLetters());
    }

    /** A later write to a lead replaces an earlier one in the same batch slot. */
    private List<Change> batchLeadWrites(List<Effects.LeadWrite> writes) {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        Map<String, Link> nextLinks = new LinkedHashMap<>();
        Map<String, Long> sourceTimes = new LinkedHashMap<>();
        Map<String, Map<String, String>> asRead = new LinkedHashMap<>();
        for (Effects.LeadWrite write : writes) {
            fields.put(write.recordId(), write.fields());
            nextLinks.put(write.recordId(), write.next());
            sourceTimes.put(write.recordId(), write.sourceTime());
            asRead.put(write.recordId(), write.asRead());
        }
        List<Change> actions = new ArrayList<>();
        List<String> ids = new ArrayList<>(fields.keySet());
        for (int from = 0; from < ids.size(); from += AirtableClient.MAX_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + AirtableClient.MAX_BATCH));
            Map<String, Map<String, Object>> batchFields = new LinkedHashMap<>();
            Map<String, Map<String, String>> batchAsRead = new LinkedHashMap<>();
            List<Link> batchLinks = new ArrayList<>();
            StringBuilder keyParts = new StringBuilder();
            long newest = 0;
            for (String id : batch) {
                batchFields.put(id, fields.get(id));
                batchAsRead.put(id, asRead.get(id));
                batchLinks.add(nextLinks.get(id));
                // the reading it is written over is part of it: the same status written again from the same move over
                // another pair's write since (LinkedChanges' older-move rule) is another change, not a duplicate of
                // the first (three-pair campaign :894: skipped as that one, every cycle)
                keyParts.append(id).append('=').append(fields.get(id)).append('@').append(sourceTimes.get(id))
                        .append(" over ").append(asRead.get(id)).append(';');
                newest = Math.max(newest, sourceTimes.get(id));
            }
            actions.add(new SetLeadStatus(batch.get(0), batchFields, batchLinks, batchAsRead, newest,
                    key("leads", batch.get(0), keyParts.toString(), newest),
                    "update " + batch.size() + " lead(s) in Airtable from " + pair + ": " + batchFields));
        }
        return actions;
    }

    private String key(String what, String id, String value, long sourceModified) {
        return ChangeKeys.key(pair, what, id, value, sourceModified);
    }
}
