package io.leadsync.change;

import java.util.List;
import java.util.Map;

import io.leadsync.state.Link;

/**
 * Statuses, and the values of two-way mapped fields, for up to 10 leads: one Airtable PATCH.
 *
 * @param fields    the fields to set per record
 * @param nextLinks the links (shadows) once the write landed, one per record
 * @param asRead    per record, the values the write was decided from as the cycle read them (Airtable field ->
 *                  text: the status, the fields written), checked again just before writing so that a person's
 *                  edit made meanwhile is never overwritten; null (or empty) for a lead not to be checked
 */
public record SetLeadStatus(String recordId, Map<String, Map<String, Object>> fields, List<Link> nextLinks,
                            Map<String, Map<String, String>> asRead, long sourceModified, String idempotencyKey,
                            String summary) implements Change {

    @Override
    public String toString() {
        return summary;
    }
}
