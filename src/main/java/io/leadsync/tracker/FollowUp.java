package io.leadsync.tracker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadsync.http.ApiCall;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;

/**
 * A request that completes a card/task write where the main request cannot carry a field (a Trello custom field, a
 * ClickUp tag, assignee change or custom field): sent after it by the write routes (tracker-writes.camel.yaml,
 * trello-writes), one by one, each setting an absolute value and so safe to repeat. The routes keep the ones to send
 * in the variable {@value #FOLLOW_UPS}, and the item the main request answered in {@value #ANSWERED}.
 *
 * @param key   the tracker field it writes
 * @param value what that field is once it landed, in the text form (so the item written can say so)
 */
public record FollowUp(String method, String path, Object body, String key, String value) {

    public static final String FOLLOW_UPS = "followUps";
    public static final String ANSWERED = "answered";

    /** Puts the follow-up of this round of the route's loop on the exchange for {@code direct:<tracker>-typed}. */
    public static void next(@Variable(FOLLOW_UPS) List<FollowUp> followUps,
                            @ExchangeProperty(Exchange.LOOP_INDEX) int round, Exchange exchange) {
        FollowUp f = followUps.get(round);
        ApiCall.prepare(exchange, f.method, f.path, null, f.body, ApiCall.Kind.IDEMPOTENT_WRITE, JsonNode.class);
    }

    /** The item as the main request answered it, with the fields the follow-ups set (every one landed). */
    public static TrackerItem landed(@Variable(ANSWERED) TrackerItem answered,
                                     @Variable(FOLLOW_UPS) List<FollowUp> followUps) {
        Map<String, String> set = new LinkedHashMap<>();
        followUps.forEach(f -> set.put(f.key, f.value));
        return answered.withFields(set);
    }

    /**
     * The item as the main request answered it, its follow-ups' fields empty: what a new item shows when they did not
     * land (any of them may have; saying empty has them written again, which is harmless).
     */
    public static TrackerItem notLanded(@Variable(ANSWERED) TrackerItem answered,
                                        @Variable(FOLLOW_UPS) List<FollowUp> followUps) {
        Map<String, String> empty = new LinkedHashMap<>();
        followUps.forEach(f -> empty.put(f.key, ""));
        return answered.withFields(empty);
    }
}
