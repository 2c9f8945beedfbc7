package io.leadsync.sandbox.airtable;

import static io.leadsync.sandbox.airtable.AirtableHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AirtableFormulaTest {

    static final Instant CREATED = Instant.parse("2026-03-01T09:00:00Z");
    static final Instant MODIFIED = Instant.parse("2026-03-02T10:30:00Z");
    static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

    final Map<String, Field> fields = new HashMap<>();
    final Map<Field, Object> cells = new HashMap<>();

    AirtableFormulaTest() {
        cell("Name", FieldType.SINGLE_LINE_TEXT, "Ada Lovelace");
        cell("Status", FieldType.SINGLE_SELECT, "NEW");
        cell("Email", FieldType.EMAIL, null);
        cell("Score", FieldType.NUMBER, 7.0);
        cell("Odd } name", FieldType.SINGLE_LINE_TEXT, "odd");
    }

    void cell(String name, FieldType type, Object value) {
        Field f = new Field("fld" + fields.size(), name, type, fields.size());
        fields.put(name, f);
        cells.put(f, value);
    }

    final CompiledFormula.Row row = new CompiledFormula.Row() {
        public Object field(Field field) {
            return cells.get(field);
        }

        public String recordId() {
            return "recAAAAAAAAAAAAAA";
        }

        public Instant createdTime() {
            return CREATED;
        }

        public Instant lastModifiedTime() {
            return MODIFIED;
        }

        public Instant lastModifiedTime(Field field) {
            return field.name.equals("Status") ? CREATED : cells.get(field) == null ? null : MODIFIED;
        }
    };

    boolean matches(String formula) {
        return CompiledFormula.parse(formula, fields::get).matches(row, NOW);
    }

    Object eval(String formula) {
        return CompiledFormula.parse(formula, fields::get).evaluate(row, NOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{Name} = 'Ada Lovelace'", "{Name} = \"Ada Lovelace\"", "Status = 'NEW'", "{Status} != 'LOST'",
            "{Email} = ''", "{Email} = BLANK()", "NOT({Email})", "{Score} > 5", "{Score} >= 7", "{Score} <= 7.0",
            "{Score} < 10", "AND({Status} = 'NEW', {Score} = 7)", "OR({Status} = 'LOST', {Score} = 7)",
            "IF({Score} > 5, TRUE(), FALSE())", "TRUE", "FIND('Love', {Name})", "SEARCH('Ada', {Name})",
            "LOWER({Name}) = 'ada lovelace'", "UPPER({Status}) = 'NEW'", "LEN({Name}) = 12",
            "{Name} & '!' = 'Ada Lovelace!'", "RECORD_ID() = 'recAAAAAAAAAAAAAA'",
            "IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE('2026-03-02T10:00:00.000Z'))",
            "IS_BEFORE(CREATED_TIME(), '2026-03-02')", "IS_SAME(LAST_MODIFIED_TIME(), '2026-03-02', 'day')",
            "IS_SAME(LAST_MODIFIED_TIME(), DATETIME_PARSE('2026-03-02T10:30:00Z'))",
            "IS_AFTER(DATEADD(CREATED_TIME(), 2, 'days'), LAST_MODIFIED_TIME())", "IS_BEFORE(LAST_MODIFIED_TIME(), NOW())",
            "{Odd \\} name} = 'odd'", "-{Score} < 0", "({Score} + 3) * 2 = 20"})
    void includesRecordsTheFormulaAccepts(String formula) {
        assertThat(matches(formula)).as(formula).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{Name} = 'ada lovelace'", "{Status} = 'LOST'", "{Email}", "0", "''", "FALSE()", "BLANK()",
            "FIND('love', {Name})", "SEARCH('zzz', {Name})", "AND({Status} = 'NEW', {Score} > 7)",
            "IS_AFTER({Email}, NOW())", "1/0", "IS_AFTER(LAST_MODIFIED_TIME(), 'not a date')",
            "IS_SAME(LAST_MODIFIED_TIME(), '2026-03-01', 'day')"})
    void excludesRecordsOnFalsyResultsAndErrors(String formula) {
        assertThat(matches(formula)).as(formula).isFalse();
    }

    @Test
    void evaluatesFunctionsToAirtableValues() {
        assertThat(eval("FIND('Love', {Name})")).isEqualTo(5.0);
        assertThat(eval("FIND('x', {Name})")).isEqualTo(0.0);
        assertThat(eval("SEARCH('x', {Name})")).isNull();
        assertThat(eval("{Score} & ''")).isEqualTo("7");
        assertThat(eval("DATEADD('2026-01-31', 1, 'months')")).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(eval("NOW()")).isEqualTo(NOW);
        assertThat(eval("'It\\'s' & \"a \\\"quote\\\"\" & '\\\\'")).isEqualTo("It's" + "a \"quote\"" + "\\");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AND({Status} = 'NEW'|Invalid formula. Please check your formula text.",
            "{Status} = 'NEW|Invalid formula. Please check your formula text.",
            "{Status} == 'NEW'|Invalid formula. Please check your formula text.",
            "{Nope} = 1|Unknown field names: Nope",
            "FROB(1)|Unknown function names: FROB",
            "IF(1)|Invalid formula. Please check your formula text.",
            "{Status} = 'NEW' 'x'|Invalid formula. Please check your formula text."})
    void rejectsFormulasThatDoNotParse(String formula, String message) {
        assertThatThrownBy(() -> CompiledFormula.parse(formula, fields::get))
                .isInstanceOf(FormulaException.class).hasMessage(message);
    }

    @Test
    void lastModifiedTimeOfFieldsIsTheLatestChangeOfThoseFields() {
        assertThat(eval("LAST_MODIFIED_TIME({Status})")).isEqualTo(CREATED);
        assertThat(eval("LAST_MODIFIED_TIME({Status}, {Name})")).isEqualTo(MODIFIED);
        assertThat(eval("LAST_MODIFIED_TIME({Email})")).isNull();
        assertThat(matches("IS_BEFORE(LAST_MODIFIED_TIME({Status}), '2026-03-02')")).isTrue();
        assertThat(matches("IS_BEFORE(LAST_MODIFIED_TIME(), '2026-03-02')")).isFalse();
    }

    /** Airtable reads the text with the moment.js format, forgivingly, in UTC. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "03/02/2026 10:30|MM/DD/YYYY HH:mm|2026-03-02T10:30:00Z",
            "2026-03-02 10:30|YYYY-MM-DD HH:mm|2026-03-02T10:30:00Z",
            "4 Mar 2017 23:00|D MMM YYYY HH:mm|2017-03-04T23:00:00Z",
            "March 2, 2026|MMMM D, YYYY|2026-03-02T00:00:00Z",
            "2.3.26 3:05 pm|D.M.YY h:mm a|2026-03-02T15:05:00Z",
            "12:15 AM on 2/3/1999|h:mm A [on] D/M/YYYY|1999-03-02T00:15:00Z",
            "2026-03-02T10:30:00.25+01:00|YYYY-MM-DDTHH:mm:ss.SSZ|2026-03-02T09:30:00.250Z",
            "1772447400|X|2026-03-02T10:30:00Z",
            "1772447400123|x|2026-03-02T10:30:00.123Z",
            "10:30|HH:mm|2026-03-05T10:30:00Z",
            "2026|YYYY|2026-01-01T00:00:00Z",
            "02/2026 24:00|MM/YYYY HH:mm|2026-02-02T00:00:00Z"})
    void datetimeParseReadsTheTextWithTheFormat(String text, String format, String expected) {
        assertThat(eval("DATETIME_PARSE('" + text + "', '" + format + "')")).isEqualTo(Instant.parse(expected));
        assertThat(eval("DATETIME_PARSE('" + text + "', '" + format + "', 'en')")).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "31/04/2026|DD/MM/YYYY", "13/13/2026|DD/MM/YYYY", "10:61|HH:mm", "no digits|YYYY", "Sunday 2 2026|MMMM D YYYY"})
    void datetimeParseOfAnImpossibleDateIsAnError(String text, String format) {
        assertThat(matches("DATETIME_PARSE('" + text + "', '" + format + "')")).isFalse();
    }

    @Test
    void dateUnitsAreReadAsMomentReadsThem() {
        assertThat(eval("DATEADD('2026-01-31', 1, 'M')")).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(eval("DATEADD('2026-01-31', 1, 'm')")).isEqualTo(Instant.parse("2026-01-31T00:01:00Z"));
        assertThat(eval("DATEADD('2026-01-31', 1, 'Q')")).isEqualTo(Instant.parse("2026-04-30T00:00:00Z"));
        assertThat(eval("DATEADD('2026-01-31', 2, 'Weeks')")).isEqualTo(Instant.parse("2026-02-14T00:00:00Z"));
        assertThat(eval("DATETIME_PARSE('2026-03-02 10:30')")).isEqualTo(Instant.parse("2026-03-02T10:30:00Z"));
        assertThat(eval("DATETIME_PARSE('2026-03')")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(eval("DATETIME_PARSE(CREATED_TIME(), 'YYYY')")).isEqualTo(CREATED);
    }

    /** moment's add: sub-day counts keep their fraction, day and longer counts round half away from zero. */
    @Test
    void dateaddCountsAreReadAsMomentReadsThem() {
        assertThat(eval("DATEADD('2026-03-02', 1.5, 'hours')")).isEqualTo(Instant.parse("2026-03-02T01:30:00Z"));
        assertThat(eval("DATEADD('2026-03-02', 1.5, 'days')")).isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(eval("DATEADD('2026-03-02', -1.5, 'days')")).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(eval("DATEADD('2026-03-02', 0.5, 'weeks')")).isEqualTo(Instant.parse("2026-03-06T00:00:00Z"));
        assertThat(eval("DATEADD('2026-03-02', 0.5, 'years')")).isEqualTo(Instant.parse("2026-09-02T00:00:00Z"));
        assertThat(matches("DATEADD('2026-03-02', 'soon', 'days')")).isFalse();
    }

    /** Text is read as JavaScript reads it: its trim, and numbers only in decimal notation. */
    @Test
    void textIsTrimmedAndReadAsNumbersTheJavaScriptWay() {
        assertThat(eval("TRIM('\u00A0 Ada \u3000')")).isEqualTo("Ada");
        assertThat(eval("'7' + 1")).isEqualTo(8.0);
        assertThat(eval("' 7e1 ' * 1")).isEqualTo(70.0);
        assertThat((Double) eval("'7d' + 1")).isNaN();
        assertThat((Double) eval("'0x1p3' + 1")).isNaN();
    }

    /** What the emulator cannot compute as Airtable does is refused, never answered differently. */
    @ParameterizedTest
    @ValueSource(strings = {
            "DATETIME_PARSE('2nd March 2026', 'Do MMMM YYYY')", "DATETIME_PARSE('Mon 2 3 2026', 'ddd D M YYYY')",
            "DATETIME_PARSE('9 2026', 'W YYYY')", "DATETIME_PARSE('3/2/2026', 'L')",
            "DATETIME_PARSE('2 mars 2026', 'D MMMM YYYY', 'fr')", "DATETIME_PARSE('03/02/2026')",
            "IS_AFTER(CREATED_TIME(), 'March 2, 2026')", "DATEADD(CREATED_TIME(), 1, 'fortnight')",
            "IS_SAME(CREATED_TIME(), NOW(), 'q')", "DATEADD(CREATED_TIME(), 1, 'D')", "NOW() - CREATED_TIME()",
            "CREATED_TIME() + 1"})
    void unsupportedDateFormsAreRefused(String formula) {
        assertThatThrownBy(() -> eval(formula)).isInstanceOf(FormulaException.class)
                .hasMessageContaining("not supported by the emulator");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LAST_MODIFIED_TIME('Status')|Invalid formula. Please check your formula text.",
            "LAST_MODIFIED_TIME({Status} & '')|Invalid formula. Please check your formula text.",
            "LAST_MODIFIED_TIME({Nope})|Unknown field names: Nope"})
    void lastModifiedTimeTakesFieldReferencesOnly(String formula, String message) {
        assertThatThrownBy(() -> CompiledFormula.parse(formula, fields::get))
                .isInstanceOf(FormulaException.class).hasMessage(message);
    }

    /**
     * Over HTTP, on records whose fields changed at different times: each field keeps its own modification time, a
     * format is honoured, and what the emulator does not support is Airtable's 422 INVALID_FILTER_BY_FORMULA.
     */
    @Test
    void filtersByTheModificationTimeOfOneFieldAndByFormattedDates() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        try (AirtableEmulator emulator = new AirtableEmulator(clock, 7,
                AirtableLimits.defaults().withPerBase(10_000).withPerToken(10_000))) {
            emulator.start(0);
            String base = emulator.createBase("B");
            emulator.createTable(base, "T", List.of(FieldSpec.text("Name"), FieldSpec.select("Status", "NEW", "WON"),
                    FieldSpec.of("Last Modified", FieldType.LAST_MODIFIED_TIME)));
            String early = emulator.createRecord(base, "T", Map.of("Name", "early", "Status", "NEW"));
            String renamed = emulator.createRecord(base, "T", Map.of("Name", "renamed", "Status", "NEW"));
            emulator.createRecord(base, "T", Map.of("Name", "no status"));
            clock.advance(Duration.ofHours(1));
            String won = emulator.createRecord(base, "T", Map.of("Name", "won", "Status", "NEW"));
            emulator.setField(base, "T", won, "Status", "WON");
            clock.advance(Duration.ofHours(1));
            emulator.setField(base, "T", renamed, "Name", "renamed later");
            AirtableHttp http = new AirtableHttp(emulator.baseUrl());

            assertThat(names(http, base, "IS_BEFORE(LAST_MODIFIED_TIME({Status}), '2026-03-01T09:30:00Z')"))
                    .containsExactlyInAnyOrder("early", "renamed later");
            assertThat(names(http, base, "IS_AFTER(LAST_MODIFIED_TIME(), '2026-03-01T10:30:00Z')"))
                    .containsExactly("renamed later");
            assertThat(names(http, base, "IS_AFTER(LAST_MODIFIED_TIME({Status}, {Name}), '2026-03-01T09:30:00Z')"))
                    .containsExactlyInAnyOrder("won", "renamed later");
            assertThat(names(http, base, "IS_AFTER(CREATED_TIME(), DATETIME_PARSE('01/03/2026 09:30', 'DD/MM/YYYY HH:mm'))"))
                    .containsExactly("won");
            assertThat(early).isNotNull();

            for (String unsupported : List.of("IS_AFTER(CREATED_TIME(), DATETIME_PARSE('1st March', 'Do MMMM'))",
                    "LAST_MODIFIED_TIME({Last Modified})")) {
                AirtableHttp.Reply reply = http.get("/v0/" + base + "/T?filterByFormula=" + enc(unsupported));
                assertThat(reply.status()).as(unsupported).isEqualTo(422);
                assertThat(reply.json().at("/error/type").asText()).isEqualTo("INVALID_FILTER_BY_FORMULA");
                assertThat(reply.json().at("/error/message").asText()).contains("not supported by the emulator");
            }
        }
    }

    static List<String> names(AirtableHttp http, String base, String formula) {
        List<String> names = new ArrayList<>();
        http.get("/v0/" + base + "/T?filterByFormula=" + enc(formula)).json().path("records")
                .forEach(r -> names.add(r.path("fields").path("Name").asText()));
        return names;
    }

    /** Hostile names, matched over HTTP with properly escaped literals: each matches itself only. */
    @Test
    void escapedLiteralsMatchHostileValuesExactlyAndNeverWidenTheFilter() {
        List<String> hostile = List.of("O'Brien", "say \"hi\"", "curly } brace", "Tom & Jerry", "a = b",
                "back\\slash", "' OR TRUE() OR '", "\" OR 1=1 OR \"", "x') , TRUE()) & ('", "\\'", "trailing\\");
        try (AirtableEmulator emulator = new AirtableEmulator(java.time.Clock.systemUTC(), 7,
                AirtableLimits.defaults().withPerBase(10_000).withPerToken(10_000))) {
            emulator.start(0);
            SeededTable leads = emulator.seedLeads();
            hostile.forEach(name -> emulator.createRecord(leads.baseId(), "Leads", Map.of("Name", name)));
            AirtableHttp http = new AirtableHttp(emulator.baseUrl());

            for (String name : hostile) {
                for (String formula : List.of("{Name} = '" + singleQuoted(name) + "'", "{Name} = \"" + doubleQuoted(name) + "\"")) {
                    JsonNode records = http.get("/v0/" + leads.baseId() + "/Leads?filterByFormula=" + enc(formula))
                            .json().path("records");
                    List<String> names = new ArrayList<>();
                    records.forEach(r -> names.add(r.path("fields").path("Name").asText()));
                    assertThat(names).as(formula).containsExactly(name);
                }
            }
        }
    }

    @Test
    void fieldNamesWithBracesAreReachableThroughEscapes() {
        try (AirtableEmulator emulator = new AirtableEmulator(java.time.Clock.systemUTC(), 7)) {
            emulator.start(0);
            String base = emulator.createBase("B");
            emulator.createTable(base, "T", List.of(FieldSpec.text("Name"), FieldSpec.text("Odd } {name}")));
            emulator.createRecord(base, "T", Map.of("Name", "a", "Odd } {name}", "x"));
            emulator.createRecord(base, "T", Map.of("Name", "b"));

            JsonNode records = new AirtableHttp(emulator.baseUrl())
                    .get("/v0/" + base + "/T?filterByFormula=" + enc("{Odd \\} {name\\}} = 'x'")).json().path("records");

            assertThat(records).hasSize(1);
            assertThat(records.get(0).path("fields").path("Name").asText()).isEqualTo("a");
        }
    }

    static String singleQuoted(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    static String doubleQuoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
