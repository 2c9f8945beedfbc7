package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.airtable.Formula;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.airtable.AirtableEmulator;
import io.leadsync.sandbox.airtable.AirtableLimits;
import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.airtable.FieldType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link io.leadsync.airtable.Formula}, which builds the {@code filterByFormula} of every incremental read: no value
 * or field name can end its literal early. Checked as text, and by filtering through the Airtable emulator's parser.
 */
class FilterFormulaQuotingTest {

    // ------------------------------------------------------------------ as text

    @Test
    void stringsAreDoubleQuotedWithBackslashEscapes() {
        assertThat(Formula.string("NEW")).isEqualTo("\"NEW\"");
        assertThat(Formula.string("")).isEqualTo("\"\"");
        assertThat(Formula.string("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(Formula.string("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(Formula.string("ends with \\")).isEqualTo("\"ends with \\\\\"");
        assertThat(Formula.string("one\ntwo\r\nthree\tfour")).isEqualTo("\"one\\ntwo\\r\\nthree\\tfour\"");
    }

    @Test
    void singleQuotesBracesAndEmojiNeedNoEscapeInADoubleQuotedString() {
        assertThat(Formula.string("O'Brien")).isEqualTo("\"O'Brien\"");
        assertThat(Formula.string("{Status}}")).isEqualTo("\"{Status}}\"");
        assertThat(Formula.string("\uD83D\uDE80 caf\u00e9")).isEqualTo("\"\uD83D\uDE80 caf\u00e9\"");
    }

    @Test
    void fieldNamesEscapeTheClosingBraceAndBackslash() {
        assertThat(Formula.field("Status")).isEqualTo("{Status}");
        assertThat(Formula.field("Odd } name")).isEqualTo("{Odd \\} name}");
        assertThat(Formula.field("Back\\slash")).isEqualTo("{Back\\\\slash}");
        assertThat(Formula.field("Trailing\\")).isEqualTo("{Trailing\\\\}");
        assertThat(Formula.field("It's \"{x\"")).isEqualTo("{It's \"{x\"}");
    }

    @Test
    void fieldEqualsAndModifiedAfter() {
        assertThat(Formula.fieldEquals("Status", "NEW")).isEqualTo("{Status}=\"NEW\"");
        assertThat(Formula.fieldEquals("a}b", "x\"y")).isEqualTo("{a\\}b}=\"x\\\"y\"");
        assertThat(Formula.modifiedAfter(Instant.parse("2026-03-01T10:15:30.250Z")))
                .isEqualTo("IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE(\"2026-03-01T10:15:30.250Z\"))");
    }

    // ------------------------------------------------------------------ through a formula parser

    private static final String[] FIELDS = {"Notes", "Deal \"Size\"", "Odd } name", "Back\\slash", "It's {braced}",
        "Trailing\\"};
    private static final List<String> VALUES = List.of(
            "plain",
            "O'Brien",
            "say \"hi\"",
            "a\\b",
            "ends with \\",
            "}) & TRUE() & ({",
            "\") , TRUE(), (\"",
            "' OR 1=1 OR '",
            "line one\nline two",
            "tab\there",
            "\uD83D\uDE80 caf\u00e9 \u2615");

    private static AirtableEmulator airtable;
    private static String base;
    private static final List<String> ids = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startEmulator() {
        airtable = new AirtableEmulator(Clock.systemUTC(), 1, AirtableLimits.defaults().withPerBase(0).withPerToken(0));
        airtable.start(0);
        base = airtable.createBase("Formula");
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.text("Name"));
        for (String f : FIELDS) {
            fields.add(FieldSpec.of(f, FieldType.MULTILINE_TEXT));
        }
        airtable.createTable(base, "T", fields);
        for (String value : VALUES) {
            Map<String, Object> cells = new java.util.LinkedHashMap<>();
            cells.put("Name", "r" + ids.size());
            for (String f : FIELDS) {
                cells.put(f, value);
            }
            ids.add(airtable.createRecord(base, "T", cells));
        }
    }

    @AfterAll
    static void stopEmulator() {
        airtable.close();
    }

    private static List<String> matching(String formula) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(airtable.baseUrl() + "/v0/" + base + "/T?filterByFormula="
                        + URLEncoder.encode(formula, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + SandboxCredentials.AIRTABLE_TOKEN).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(formula + " -> " + response.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(response.body()).path("records").forEach((JsonNode r) -> out.add(r.path("id").asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Notes", "Deal \"Size\"", "Odd } name", "Back\\slash", "It's {braced}", "Trailing\\"})
    void fieldEqualsMatchesExactlyTheRecordHoldingTheValue(String field) throws Exception {
        for (int i = 0; i < VALUES.size(); i++) {
            assertThat(matching(Formula.fieldEquals(field, VALUES.get(i))))
                    .as("{%s} = %s", field, VALUES.get(i)).containsExactly(ids.get(i));
        }
        assertThat(matching(Formula.fieldEquals(field, "no such value"))).isEmpty();
    }
}
