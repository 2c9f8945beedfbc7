package io.leadsync.airtable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Airtable cells as the text forms field mappings compare, by field type, and those texts back as the cells an
 * update takes: what a two-way field writes must read back as the same text.
 */
class LeadValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String text(String json, String type) throws Exception {
        JsonNode cell = JSON.readTree(json);
        return LeadValues.text(cell, type);
    }

    @Test
    void setsReadSortedAndJoined() throws Exception {
        assertThat(text("[\"VIP\",\"Hot\",\"B2B\"]", "multipleSelects")).isEqualTo("B2B, Hot, VIP");
        assertThat(text("[\"recB\",\"recA\"]", "multipleRecordLinks")).isEqualTo("recA, recB");
        assertThat(text("[{\"id\":\"usr2\",\"email\":\"z@acme.test\",\"name\":\"Zoe\"},"
                + "{\"id\":\"usr1\",\"email\":\"a@acme.test\",\"name\":\"Ada\"}]", "multipleCollaborators"))
                .isEqualTo("a@acme.test, z@acme.test");
        assertThat(text("[\"b\",\"a\"]", "multipleLookupValues")).as("a lookup keeps its order").isEqualTo("b, a");
    }

    @Test
    void scalarsReadInTheirPlainForm() throws Exception {
        assertThat(text("3.0", "number")).isEqualTo("3");
        assertThat(text("12.50", "currency")).isEqualTo("12.5");
        assertThat(text("1e3", "number")).isEqualTo("1000");
        assertThat(text("true", "checkbox")).isEqualTo("true");
        assertThat(text("false", "checkbox")).isEmpty();
        assertThat(text("\"2026-12-01\"", "date")).isEqualTo("2026-12-01");
        assertThat(text("\"2026-12-01T09:30:00Z\"", "dateTime")).isEqualTo("2026-12-01T09:30:00.000Z");
        assertThat(text("{\"id\":\"usr1\",\"email\":\"ada@acme.test\",\"name\":\"Ada\"}", "singleCollaborator"))
                .isEqualTo("ada@acme.test");
        assertThat(text("\"QUALIFIED\"", "singleSelect")).isEqualTo("QUALIFIED");
    }

    @Test
    void aDateTimeAtMidnightUtcReadsAsTheDayAloneAsTrackersGiveItBack() throws Exception {
        // Trello keeps a due date as an instant and reads midnight back as the day: the lead must render alike,
        // or a mapped date would differ every cycle (and ping-pong when two-way)
        assertThat(text("\"2026-12-01T00:00:00.000Z\"", "dateTime")).isEqualTo("2026-12-01");
        assertThat(text("\"2026-12-01T00:00:00.001Z\"", "dateTime")).isEqualTo("2026-12-01T00:00:00.001Z");
    }

    @Test
    void aFieldOfUnknownTypeReadsAsLeadsAlwaysDid() throws Exception {
        assertThat(text("[\"b\",\"a\"]", null)).isEqualTo("b, a");
        assertThat(text("{\"name\":\"Ada\",\"email\":\"ada@acme.test\"}", null)).isEqualTo("Ada");
        assertThat(text("3.0", null)).isEqualTo("3.0");
        assertThat(text("true", null)).isEqualTo("true");
    }

    @Test
    void textBecomesTheCellItsTypeTakes() {
        assertThat(LeadValues.cell("Hot, VIP", "multipleSelects")).isEqualTo(List.of("Hot", "VIP"));
        assertThat(LeadValues.cell("", "multipleSelects")).isEqualTo(List.of());
        assertThat(LeadValues.cell("3", "number")).isEqualTo(3L);
        assertThat(LeadValues.cell("12.5", "currency")).isEqualTo(12.5);
        assertThat(LeadValues.cell("", "number")).isNull();
        assertThat(LeadValues.cell("lots", "number")).as("sent as it is, for Airtable to refuse").isEqualTo("lots");
        assertThat(LeadValues.cell("true", "checkbox")).isEqualTo(true);
        assertThat(LeadValues.cell("", "checkbox")).isEqualTo(false);
        assertThat(LeadValues.cell("2026-12-01", "date")).isEqualTo("2026-12-01");
        assertThat(LeadValues.cell("ada@acme.test", "singleCollaborator")).isEqualTo(Map.of("email", "ada@acme.test"));
        assertThat(LeadValues.cell("a@x.test, b@x.test", "multipleCollaborators"))
                .isEqualTo(List.of(Map.of("email", "a@x.test"), Map.of("email", "b@x.test")));
        assertThat(LeadValues.cell(" Acme ", "singleLineText")).isEqualTo("Acme");
        assertThat(LeadValues.cell("", "singleLineText")).isNull();
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameText() throws Exception {
        for (String[] valueAndType : new String[][]{{"Hot, VIP", "multipleSelects"}, {"12.5", "number"},
                {"3", "number"}, {"true", "checkbox"}, {"", "checkbox"}, {"2026-12-01", "date"},
                {"ada@acme.test", "singleCollaborator"}}) {
            Object cell = LeadValues.cell(valueAndType[0], valueAndType[1]);
            assertThat(LeadValues.text(JSON.valueToTree(cell), valueAndType[1])).as(valueAndType[1])
                    .isEqualTo(valueAndType[0]);
        }
    }

    @Test
    void computedFieldsCannotBeWritten() {
        assertThat(LeadValues.writable("formula")).isFalse();
        assertThat(LeadValues.writable("lastModifiedTime")).isFalse();
        assertThat(LeadValues.writable("multipleSelects")).isTrue();
        assertThat(LeadValues.writable(null)).isTrue();
    }
}
