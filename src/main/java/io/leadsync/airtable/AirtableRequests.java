package io.leadsync.airtable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiCall.Kind;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;

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
     * {@code PATCH /v0/{base}/{table} {records: [{id, fields}, ...]}}: values are set, never typecast; a value
     * given as text (a two-way field's, in the text form leads read in) becomes what its field's type takes
     * ({@link LeadValues#cell}).
     *
     * @param kind what the calling route says the write is: a status is decided on the lead's status read just
     *             before it, a checked write (its 429 goes back to be checked again, and so does a long wait for
     *             its permit); card/task ids written back are checked by nothing and can be repeated
     */
    public void update(Map<String, Map<String, Object>> fieldsByRecord, @Variable("leadWriteKind") Kind kind,
                       Exchange exchange) {
        if (kind == null) {
            throw new IllegalArgumentException("the route sending the lead write names no leadWriteKind");
        }
        if (fieldsByRecord.size() > AirtableClient.MAX_BATCH) {
            throw new IllegalArgumentException("Airtable takes at most " + AirtableClient.MAX_BATCH
                    + " records per update");
        }
        List<AirtableBodies.RowUpdate> records = new ArrayList<>();
        Map<String, String> types = table.fieldTypes();
        fieldsByRecord.forEach((id, fields) -> {
            Map<String, Object> cells = new LinkedHashMap<>();
            fields.forEach((name, value) -> cells.put(name, value instanceof String text && types.containsKey(name)
                    ? LeadValues.cell(text, types.get(name)) : value));
            records.add(new AirtableBodies.RowUpdate(id, cells));
        });
        ApiCall.prepare(exchange, "PATCH", table.recordsPath(), null, new AirtableBodies.Update(records),
                kind, AirtableBodies.RecordsPage.class);
    }

    /** A batch as batches of one record each, for when Airtable refused the batch for one bad record. */
    public static List<Map<String, Map<String, Object>>> oneByOne(Map<String, Map<String, Object>> fieldsByRecord) {
        return fieldsByRecord.entrySet().stream().map(e -> Map.of(e.getKey(), e.getValue())).toList();
    }
}
