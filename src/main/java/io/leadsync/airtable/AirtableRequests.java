package io.leadsync.airtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import org.apache.camel.Exchange;

/**
 * The mapping steps of routes/airtable-writes.camel.yaml: fields by record id become Airtable's update request on
 * the exchange for {@code direct:airtable-typed}, at most {@value AirtableClient#MAX_BATCH} records a request.
 */
public final class AirtableRequests {

    private final AirtableClient table;

    public AirtableRequests(AirtableClient table) {
        this.table = table;
    }

    /**
     * {@code PATCH /v0/{base}/{table} {records: [{id, fields}, ...]}}: values are set, never typecast. A status is
     * decided on the lead's status read just before it: a checked write, whose 429 goes back to be checked again.
     */
    public void update(Map<String, Map<String, Object>> fieldsByRecord, Exchange exchange) {
        if (fieldsByRecord.size() > AirtableClient.MAX_BATCH) {
            throw new IllegalArgumentException("Airtable takes at most " + AirtableClient.MAX_BATCH
                    + " records per update");
        }
        List<AirtableBodies.RowUpdate> records = new ArrayList<>();
        fieldsByRecord.forEach((id, fields) -> records.add(new AirtableBodies.RowUpdate(id, fields)));
        ApiCall.prepare(exchange, "PATCH", table.recordsPath(), null, new AirtableBodies.Update(records),
                Kind.CHECKED_WRITE, AirtableBodies.RecordsPage.class);
    }

    /** A batch as batches of one record each, for when Airtable refused the batch for one bad record. */
    public static List<Map<String, Map<String, Object>>> oneByOne(Map<String, Map<String, Object>> fieldsByRecord) {
        return fieldsByRecord.entrySet().stream().map(e -> Map.of(e.getKey(), e.getValue())).toList();
    }
}
