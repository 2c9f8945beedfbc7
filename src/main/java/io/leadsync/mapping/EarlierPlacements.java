package io.leadsync.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where the mappings in force since the items were last all placed may have put them (a pair's mapping cursor).
 * Usually one mapping. Several when an edit came before a cycle had placed every item by the mapping before it (a
 * stop in the middle of a push, a failed write, a hold): an item may then sit where any of them put it, and a
 * later edit must move it from there too (MappingEditsApplyTest: a card created by the intermediate mapping, its
 * cycle stopped before the last create, stayed where that mapping put it under the next one).
 * <p>
 * The cursor's text is one mapping's {@link StatusMapping#placements()} (a JSON object, as before there could be
 * several) or a JSON array of them.
 */
public final class EarlierPlacements {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each mapping's placements text, oldest first, no two alike. */
    private final List<String> texts;
    private final List<StatusMapping> mappings;

    private EarlierPlacements(List<String> texts) {
        this.texts = List.copyOf(texts);
        this.mappings = texts.stream().map(StatusMapping::ofPlacements).toList();
    }

    /** The cursor's placements; none for a null cursor (nothing placed yet). */
    public static EarlierPlacements of(String cursor) {
        if (cursor == null) {
            return new EarlierPlacements(List.of());
        }
        if (!cursor.startsWith("[")) {
            return new EarlierPlacements(List.of(cursor));
        }
        try {
            List<String> texts = new ArrayList<>();
            for (JsonNode placements : JSON.readTree(cursor)) {
                texts.add(StatusMapping.ofPlacements(placements.toString()).placements());
            }
            return new EarlierPlacements(texts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable mapping placements: " + e.getOriginalMessage(), e);
        }
    }

    /** These and {@code placements} (a mapping's {@link StatusMapping#placements()}), unless among them already. */
    public EarlierPlacements and(String placements) {
        if (texts.contains(placements)) {
            return this;
        }
        List<String> more = new ArrayList<>(texts);
        more.add(placements);
        return new EarlierPlacements(more);
    }

    /** The cursor's text: one mapping's placements as they are, several as a JSON array. */
    public String cursor() {
        return texts.size() == 1 ? texts.get(0) : "[" + String.join(",", texts) + "]";
    }

    /** True when one of these mappings puts a lead of {@code status} in {@code bucket} (null: no item). */
    public boolean placed(String status, String bucket) {
        return mappings.stream().anyMatch(m -> m.knowsStatus(status) && Objects.equals(m.bucketFor(status), bucket));
    }
}
