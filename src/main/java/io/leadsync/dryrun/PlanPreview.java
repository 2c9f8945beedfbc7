package io.leadsync.dryrun;

import java.util.List;

/**
 * What one pair's cycle would do, as the dashboard's {@code GET /api/pairs/{pair}/preview} answers it: made at
 * {@code made} (ISO-8601 UTC) for {@code reason} ("dry run", "mapping change"), one entry per planned change.
 *
 * @param airtableWrites the leads whose fields would be written (statuses, two-way fields, link fields)
 * @param updates        the items whose name, description or fields would change where they are
 * @param conflicts      the conflicts the plan decides, each with both values and the winner
 */
public record PlanPreview(String made, String reason, List<Entry> creates, List<Entry> moves, List<Entry> archives,
                          List<Entry> airtableWrites, List<Entry> updates, List<Entry> conflicts) {

    /** One planned change: the lead, the item (null for a create), what it does. */
    public record Entry(String record, String item, String summary) {
    }
}
