package io.leadsync.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.state.StateStorage;

/** What the sync wrote about itself in its data directory: the audit log and the dead letters. */
final class Evidence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> audit;
    private final List<JsonNode> deadLetters;

    private Evidence(List<JsonNode> audit, List<JsonNode> deadLetters) {
        this.audit = audit;
        this.deadLetters = deadLetters;
    }

    static Evidence read(StateStorage state) {
        return new Evidence(lines(state, "audit.jsonl"), lines(state, "dead-letters.jsonl"));
    }

    /**
     * A conflict on the field of the record, decided at or after {@code since}, that an edit made on the given
     * side ({@link LeadHistory#AIRTABLE} or a pair's name) lost. An entry of pair P that Airtable won was lost by
     * P's item; one that P's item won was lost by the lead's value, which is a person's Airtable edit or, for the
     * status with several pairs, the move in another pair that the sync wrote into the lead: that pair when the
     * entry names the value's origin ({@link #originPair}), a person's edit or any other pair when it does not.
     */
    boolean lostConflict(String recordId, String field, long since, String side) {
        return !conflictsLost(recordId, field, since, side).isEmpty();
    }

    /** The conflicts of {@link #lostConflict}, each an audit entry. */
    List<JsonNode> conflictsLost(String recordId, String field, long since, String side) {
        return audit.stream().filter(a -> "conflict".equals(a.path("event").asText())
                && recordId.equals(a.path("record").asText()) && field.equals(a.path("field").asText())
                && Instant.parse(a.path("time").asText()).toEpochMilli() >= since
                && lostBy(a, field, side)).toList();
    }

    private static boolean lostBy(JsonNode conflict, String field, String side) {
        String pair = conflict.path("pair").asText();
        if ("airtable".equals(conflict.path("winner").asText())) {
            return side.equals(pair);
        }
        String origin = originPair(conflict);
        if (side.equals(LeadHistory.AIRTABLE)) {
            return origin == null;
        }
        return "status".equals(field) && !side.equals(pair) && (origin == null || side.equals(origin));
    }

    /** "the trello pair: item X moved to DONE at 2026-...Z, written to Airtable by leadsync" (the sync's audit). */
    private static final Pattern ORIGIN = Pattern.compile("^the (\\S+) pair: .* at (\\S+), written");

    /** The pair whose item's move set the Airtable value, as the entry's {@code origin} names it; null: none named. */
    static String originPair(JsonNode conflict) {
        Matcher m = ORIGIN.matcher(conflict.path("origin").asText(""));
        return m.find() ? m.group(1) : null;
    }

    /** When that item moved, as the origin says; null when it names none. */
    static Instant originTime(JsonNode conflict) {
        Matcher m = ORIGIN.matcher(conflict.path("origin").asText(""));
        return m.find() ? Instant.parse(m.group(2)) : null;
    }

    /**
     * Whether a conflict the pair's item lost to the lead's value may have been decided by the time the sync wrote
     * a move of another pair into the lead rather than the time of that move ({@code movedAt}): the entry names no
     * origin, or names that pair's move, made before {@code editAt}, as the winner.
     */
    static boolean lostToTheWriteOf(JsonNode conflict, String movedPair, long editAt) {
        if (!"airtable".equals(conflict.path("winner").asText())) {
            return false;
        }
        String origin = originPair(conflict);
        return origin == null || (movedPair.equals(origin) && originTime(conflict).toEpochMilli() < editAt);
    }

    /**
     * The pair's audit entry, made at or after {@code since}, that took the record's item showing the place
     * {@code value} for leadsync's own move of unknown outcome landing late, and put it back ({@code late-write}).
     */
    Optional<JsonNode> takenForALateLanding(String recordId, String pair, String value, long since) {
        String shown = "place '" + value.toLowerCase(Locale.ROOT) + "'";
        return audit.stream().filter(a -> "late-write".equals(a.path("event").asText())
                && recordId.equals(a.path("record").asText()) && pair.equals(a.path("pair").asText())
                && Instant.parse(a.path("time").asText()).toEpochMilli() >= since
                && a.path("detail").asText().toLowerCase(Locale.ROOT).contains(shown)).findFirst();
    }

    boolean deadLettered(String recordId) {
        return deadLetters.stream().anyMatch(d -> recordId.equals(d.path("record").asText()));
    }

    int auditEntries() {
        return audit.size();
    }

    private static List<JsonNode> lines(StateStorage state, String journal) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : state.journal(journal).load()) {
            try {
                out.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable line of " + journal + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
