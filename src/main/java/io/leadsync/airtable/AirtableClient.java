package io.leadsync.airtable;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.leadsync.http.ApiException;
import io.leadsync.http.ApiResponse;
import io.leadsync.http.ApiCall;
import io.leadsync.time.IsoTimes;
import io.leadsync.http.ApiCall.Kind;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slice of the Airtable Web API leadsync uses: schema discovery and paged listing; updates are requests of
 * routes/airtable-writes.camel.yaml (AirtableRequests).
 */
public final class AirtableClient {

    private static final Logger LOG = LoggerFactory.getLogger(AirtableClient.class);

    /** Airtable's hard limit of records per create/update request. */
    public static final int MAX_BATCH = 10;
    private static final int MAX_LISTING_RESTARTS = 3;

    private final ApiCall api;
    private final String base;
    private final String table;
    private String baseId;
    /** The table's fields and their types (the schema's {@code type}), known once {@link #connect} read them. */
    private volatile Map<String, String> fieldTypes = Map.of();
    /** The table's id and its fields' ids by name, known with {@link #fieldTypes}: what a webhook names. */
    private volatile String tableId;
    private volatile Map<String, String> fieldIds = Map.of();

    /**
     * @param api  sends to the Airtable routes (routes/airtable-api.camel.yaml)
     * @param base the base's name or id ({@code app...}); a name is resolved by {@link #connect}.
     */
    public AirtableClient(ApiCall api, String base, String table) {
        this.api = api;
        this.base = base;
        this.table = table;
        this.baseId = base.matches("app[A-Za-z0-9]{14}") ? base : null;
    }

    /**
     * Resolves the base, checks that the table has the fields leadsync needs and returns all its field names;
     * fails with a message that says what to fix.
     */
    public Set<String> connect(LeadSchema schema) {
        AirtableBodies.Table tableSchema;
        try {
            if (baseId == null) {
                baseId = resolveBase();
            }
            tableSchema = tableSchema();
        } catch (ApiException e) {
            throw new IllegalStateException(e.status() == 401 || e.status() == 403
                    ? "Airtable rejected the token (" + e.status() + "): check AIRTABLE_TOKEN, its scopes "
                    + "(data.records:read, data.records:write, schema.bases:read) and its access to base " + base
                    : e.status() == 0 ? "Cannot reach Airtable: " + e.getMessage() + "; check leadsync.airtable.url "
                    + "and the network" : "Cannot read the Airtable schema: " + e.getMessage(), e);
        }
        Map<String, AirtableBodies.Named> fields = new LinkedHashMap<>();
        listed(tableSchema.fields()).forEach(f -> fields.put(f.name(), f));
        keepTypes(tableSchema);
        String tableName = tableSchema.name();
        require(fields, schema.status(), tableName, "a single select with your lead statuses",
                "leadsync.airtable.fields.status");
        require(fields, schema.name(), tableName, "the lead's name", "leadsync.airtable.fields.name");
        require(fields, schema.lastModified(), tableName, "a field of type 'Last modified time' (add one: it is "
                + "how leadsync reads only what changed)", "leadsync.airtable.fields.last-modified");
        return fields.keySet();
    }

    /**
     * The table's field names and their Airtable types, in the schema's order (empty before {@link #connect}): what
     * field mappings are checked against, and how their values read and are written.
     */
    public Map<String, String> fieldTypes() {
        return fieldTypes;
    }

    /**
     * The table's fields and types read again (a mapping edited while leadsync runs may name a field added since
     * start-up); when the schema cannot be read now, the ones known.
     */
    public Map<String, String> refreshFieldTypes() {
        try {
            keepTypes(tableSchema());
        } catch (RuntimeException e) { // unreachable, refused, or the table renamed: the next check tries again
            LOG.warn("Cannot read the Airtable schema again ({}); checking against the fields known", e.getMessage());
        }
        return fieldTypes;
    }

    private void keepTypes(AirtableBodies.Table tableSchema) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        listed(tableSchema.fields()).forEach(f -> {
            types.put(f.name(), f.type() == null ? "" : f.type());
            ids.put(f.name(), f.id());
        });
        tableId = tableSchema.id();
        fieldIds = Collections.unmodifiableMap(ids);
        fieldTypes = Collections.unmodifiableMap(types);
    }

    /** The base's id ({@code app...}), known once {@link #connect} resolved it. */
    public String baseId() {
        return baseId;
    }

    /** The table's id ({@code tbl...}), known once {@link #connect} read the schema (null before). */
    public String tableId() {
        return tableId;
    }

    /** The table's field ids ({@code fld...}) by field name, as last read with {@link #fieldTypes}. */
    public Map<String, String> fieldIds() {
        return fieldIds;
    }

    private static void require(Map<String, AirtableBodies.Named> fields, String field, String table, String what, String setting) {
        if (!fields.containsKey(field)) {
            throw new IllegalStateException("Airtable table '" + table + "' has no field '" + field + "' (" + what
                    + "). Add it, or name the right field in " + setting + ". Fields present: "
                    + String.join(", ", fields.keySet()));
        }
    }

    private String resolveBase() {
        List<String> names = new ArrayList<>();
        for (AirtableBodies.Named b : listed(api.get("/v0/meta/bases", null, AirtableBodies.Bases.class).body().bases())) {
            if (base.equals(b.name())) {
                return b.id();
            }
            names.add(b.name());
        }
        throw new IllegalStateException("Airtable base '" + base + "' not found for this token; it sees: "
                + String.join(", ", names) + ". Set leadsync.airtable.base (name or app... id).");
    }

    /** {@code GET /v0/meta/bases/{baseId}/tables}: the table's fields, or an error naming what is missing. */
    private AirtableBodies.Table tableSchema() {
        List<String> names = new ArrayList<>();
        for (AirtableBodies.Table t : listed(api.get("/v0/meta/bases/" + baseId + "/tables", null,
                AirtableBodies.Tables.class).body().tables())) {
            if (table.equals(t.name()) || table.equals(t.id())) {
                return t;
            }
            names.add(t.name());
        }
        throw new IllegalStateException("Airtable base " + baseId + " has no table '" + table + "'; it has: "
                + String.join(", ", names) + ". Set leadsync.airtable.table.");
    }

    /**
     * What one listing saw.
     *
     * @param snapshotAt a time no later than the listing's snapshot (its first page), epoch ms: everything
     *                   modified after it may be missing and must be read again; the next incremental read starts
     *                   there (less the overlap), so a window slides forward even when nothing changes
     */
    public record Listing(Map<String, Lead> leads, long snapshotAt) {
    }

    /** The route that reads every page of a listing (routes/airtable-reads.camel.yaml). */
    public static final String READ_LEADS = "direct:airtable-read-leads";

    /**
     * Every record matching the formula (all records when null), read page by page by the route
     * {@value #READ_LEADS}, which also restarts a listing whose iterator expired; records are keyed by id, so a
     * record is never read twice. The sync cycle calls that route from its own steps (see {@link #listingRequest}).
     */
    public Listing list(String formula, LeadSchema schema) {
        long started = System.currentTimeMillis();
        ApiResponse<List<AirtableBodies.RecordsPage>> pages = api.pages(READ_LEADS, recordsPath(), query(formula),
                AirtableBodies.RecordsPage.class);
        return listing(pages.body(), pages.serverTime(), started, schema);
    }

    /** Sets the request {@value #READ_LEADS} takes: the table's records, filtered by the formula (all when null). */
    public void listingRequest(String formula, Message request) {
        request.setHeader(Exchange.HTTP_PATH, recordsPath());
        request.setHeader(Exchange.HTTP_QUERY, query(formula));
    }

    private static String query(String formula) {
        return "pageSize=100" + (formula == null ? "" : "&filterByFormula=" + encode(formula));
    }

    /**
     * The leads of a listing's pages, and a time no later than its snapshot: {@code started} (real time: it is
     * compared with the service's clock) or the first page's server time, whichever is earlier.
     */
    public Listing listing(List<AirtableBodies.RecordsPage> pages, long serverTime, long started, LeadSchema schema) {
        Map<String, Lead> out = new LinkedHashMap<>();
        for (AirtableBodies.RecordsPage page : pages) {
            for (AirtableBodies.Row record : listed(page.records())) {
                Lead lead = toLead(record, schema);
                out.put(lead.id(), lead);
            }
        }
        return new Listing(out, new ApiResponse<>(pages, serverTime).snapshotNotAfter(started));
    }

    /**
     * The listing route's catch step: an expired iterator (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE: the pages were
     * read too slowly) lets the listing start again, at most {@value #MAX_LISTING_RESTARTS} times; any other
     * failure is thrown on as it came.
     */
    public static void restartOrThrow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ApiException failure,
                                      @Variable("listingRestarts") int restarts) {
        if (failure.status() != 422 || !failure.body().contains("LIST_RECORDS_ITERATOR_NOT_AVAILABLE")
                || restarts >= MAX_LISTING_RESTARTS) {
            throw failure;
        }
    }

    /** The table's records, where they are listed and updated: {@code /v0/{base}/{table}}. */
    String recordsPath() {
        return "/v0/" + baseId + "/" + encodePath(table);
    }

    /** A record as a lead: each cell in the text form of its field's type (see {@link LeadValues}). */
    private Lead toLead(AirtableBodies.Row record, LeadSchema schema) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (record.fields() != null) {
            Map<String, String> types = fieldTypes;
            record.fields().forEach((name, value) -> fields.put(name, LeadValues.text(value, types.get(name))));
        }
        String modified = fields.get(schema.lastModified());
        long modifiedAt = IsoTimes.epochMillis(modified != null ? modified : record.createdTime());
        return new Lead(record.id(), fields, modifiedAt);
    }

    /** A list the answer left out is empty. */
    private static <T> List<T> listed(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodePath(String s) {
        return encode(s);
    }
}
