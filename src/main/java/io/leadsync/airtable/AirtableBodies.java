package io.leadsync.airtable;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Airtable Web API's JSON as leadsync reads and writes it (camel-jackson binds these in the API routes). A
 * page and its rows are public: routes/airtable-reads.camel.yaml pages on {@code offset}.
 */
public final class AirtableBodies {

    private AirtableBodies() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bases(List<Named> bases) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Tables(List<Table> tables) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Table(String id, String name, List<Named> fields) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Named(String id, String name, String type) {
    }

    /** One page of a listing; {@code offset} names the next, null on the last. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordsPage(List<Row> records, String offset) {
    }

    /** A record; cell values keep their JSON shape (text, number, select, list). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Row(String id, String createdTime, Map<String, JsonNode> fields) {
    }

    record Update(List<RowUpdate> records) {
    }

    record RowUpdate(String id, Map<String, Object> fields) {
    }
}
