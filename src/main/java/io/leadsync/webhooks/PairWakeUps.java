package io.leadsync.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a verified webhook delivery does: it wakes its pair. Nothing else is trusted from it; the pair reads what
 * changed as a poll would. A wake-up must be idempotent: services deliver at least once (and Airtable coalesces
 * its pings), so the same delivery may arrive twice, late or out of order.
 */
public interface PairWakeUps {

    /** {@code payload} is the delivery's JSON body, verified; {@code service} is trello, airtable or clickup. */
    void wake(String pair, String service, JsonNode payload);
}
