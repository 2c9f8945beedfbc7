package io.leadsync.change;

import java.util.List;
import java.util.Map;

import io.leadsync.state.Link;

/**
 * Statuses for up to 10 leads: one Airtable PATCH.
 *
 * @param fields       the fields to set per record
 * @param nextLinks    the links (shadows) once the write landed, one per record
 * @param statusAsRead each lead's status when the cycle read it (checked again just before writing, so that a
 *                     person's edit made meanwhile is never overwritten); null for a lead not to be checked
 */
public record SetLeadStatus(String recordId, Map<String, Map<String, Object>> fields, List<Link> nextLinks,
                            Map<String, String> statusAsRead, long sourceModified, String idempotencyKey,
                            String summary) implements Change {

    @Override
    public String toString() {
        return summary;
    }
}
