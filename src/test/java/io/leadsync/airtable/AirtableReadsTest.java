package io.leadsync.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.leadsync.http.ApiCall;
import io.leadsync.http.ApiException;
import io.leadsync.support.ScriptedApi;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listing route (routes/airtable-reads.camel.yaml) over the Airtable API route whose HTTP step answers from a
 * script: what is pinned is the paging on {@code offset} and the restart of a listing whose iterator expired.
 */
class AirtableReadsTest {

    private static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");

    /** The query of each request sent, in order. */
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    /** A client whose n-th request (from 0) is answered with {@code answers}' status and body. */
    private AirtableClient airtable(Function<Integer, Object[]> answers) throws Exception {
        Properties p = ScriptedApi.oneReadAttempt();
        p.put("leadsync.airtable.url", "http://airtable.invalid");
        p.put("leadsync.airtable.token", "pat-test-token");
        p.put("leadsync.airtable.requests-per-second", "1000");
        p.put("leadsync.airtable.token-requests-per-second", "1000");
        p.put("leadsync.airtable.rate-limit-penalty", "10000");
        context = ScriptedApi.start("airtable", p, e -> {
            queries.add(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class));
            Object[] answer = answers.apply(queries.size() - 1);
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, answer[0]);
            e.getIn().setBody(answer[1]);
        }, "airtable-reads");
        return new AirtableClient(new ApiCall(context, "airtable"), "appAAAAAAAAAAAAAA", "Leads");
    }

    private static Object[] page(String offset, String... ids) {
        StringBuilder records = new StringBuilder();
        for (String id : ids) {
            records.append(records.isEmpty() ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"createdTime\":\"2026-01-01T00:00:00.000Z\",\"fields\":{\"Name\":\"").append(id)
                    .append("\"}}");
        }
        return new Object[] {200, "{\"records\":[" + records + "]" + (offset == null ? "" : ",\"offset\":\""
                + offset + "\"") + "}"};
    }

    private static final Object[] EXPIRED = {422,
            "{\"error\":{\"type\":\"LIST_RECORDS_ITERATOR_NOT_AVAILABLE\"}}"};

    @Test
    void everyPageIsReadByTheOffsetThePreviousOneNamedAndEveryRecordOnce() throws Exception {
        AirtableClient airtable = airtable(n -> switch (n) {
            case 0 -> page("itr1/rec2", "rec1", "rec2");
            case 1 -> page("itr1/rec4", "rec3", "rec4");
            default -> page(null, "rec5");
        });

        AirtableClient.Listing listing = airtable.list(null, SCHEMA);

        assertThat(listing.leads()).containsOnlyKeys("rec1", "rec2", "rec3", "rec4", "rec5");
        assertThat(queries).containsExactly("pageSize=100", "pageSize=100&offset=itr1/rec2",
                "pageSize=100&offset=itr1/rec4");
    }

    @Test
    void aListingWhoseIteratorExpiredStartsAgainFromItsFirstPage() throws Exception {
        AirtableClient airtable = airtable(n -> switch (n) {
            case 0 -> page("itr1/rec2", "rec1", "rec2");
            case 1 -> EXPIRED;
            case 2 -> page("itr2/rec2", "rec1", "rec2");
            default -> page(null, "rec3");
        });

        AirtableClient.Listing listing = airtable.list("{Status}='NEW'", SCHEMA);

        assertThat(listing.leads()).containsOnlyKeys("rec1", "rec2", "rec3");
        assertThat(queries).containsExactly("pageSize=100&filterByFormula=%7BStatus%7D%3D%27NEW%27",
                "pageSize=100&filterByFormula=%7BStatus%7D%3D%27NEW%27&offset=itr1/rec2",
                "pageSize=100&filterByFormula=%7BStatus%7D%3D%27NEW%27",
                "pageSize=100&filterByFormula=%7BStatus%7D%3D%27NEW%27&offset=itr2/rec2");
    }

    @Test
    void aListingIsRestartedAtMostThreeTimes() throws Exception {
        AirtableClient airtable = airtable(n -> n % 2 == 0 ? page("itr/rec1", "rec1") : EXPIRED);

        assertThatThrownBy(() -> airtable.list(null, SCHEMA)).isInstanceOf(ApiException.class)
                .hasMessageContaining("422");
        assertThat(queries).as("the first listing and three restarts, two requests each").hasSize(8);
    }

    private static Object[] tables(String... namesAndTypes) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.append(fields.isEmpty() ? "" : ",").append("{\"id\":\"fld").append(i).append("\",\"name\":\"")
                    .append(namesAndTypes[i]).append("\",\"type\":\"").append(namesAndTypes[i + 1]).append("\"}");
        }
        return new Object[] {200, "{\"tables\":[{\"id\":\"tbl1\",\"name\":\"Leads\",\"fields\":[" + fields + "]}]}"};
    }

    private static final String[] TABLE = {"Name", "singleLineText", "Status", "singleSelect", "Last Modified",
            "lastModifiedTime", "Tags", "multipleSelects", "Budget", "number"};

    @Test
    void leadsReadEachValueInTheTextFormOfItsFieldsType() throws Exception {
        AirtableClient airtable = airtable(n -> n == 0 ? tables(TABLE) : new Object[] {200, "{\"records\":[{\"id\":"
                + "\"rec1\",\"createdTime\":\"2026-01-01T00:00:00.000Z\",\"fields\":{\"Name\":\"Acme\","
                + "\"Tags\":[\"VIP\",\"Hot\"],\"Budget\":3.0}}]}"});
        airtable.connect(SCHEMA);

        Lead lead = airtable.list(null, SCHEMA).leads().get("rec1");

        assertThat(lead.field("Tags")).isEqualTo("Hot, VIP");
        assertThat(lead.field("Budget")).isEqualTo("3");
        assertThat(airtable.fieldTypes()).containsEntry("Tags", "multipleSelects").containsEntry("Budget", "number");
    }

    @Test
    void theSchemaIsReadAgainForAnEditedMappingAndKeptWhenItCannotBe() throws Exception {
        AirtableClient airtable = airtable(n -> switch (n) {
            case 0 -> tables(TABLE);
            case 1 -> tables("Name", "singleLineText", "Status", "singleSelect", "Last Modified", "lastModifiedTime",
                    "Deadline", "date");
            default -> new Object[] {500, "{\"error\":{\"type\":\"SERVER_ERROR\"}}"};
        });
        airtable.connect(SCHEMA);

        assertThat(airtable.refreshFieldTypes()).as("a field added since start-up").containsEntry("Deadline", "date");
        assertThat(airtable.refreshFieldTypes()).as("unreadable now: the known ones").containsKey("Deadline");
    }
}
