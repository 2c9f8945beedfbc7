package io.leadsync.sandbox.airtable;

import static io.leadsync.sandbox.airtable.AirtableHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
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

    final Formula.Row row = new Formula.Row() {
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
    };

    boolean matches(String formula) {
        return Formula.parse(formula, fields::get).matches(row, NOW);
    }

    Object eval(String formula) {
        return Formula.parse(formula, fields::get).evaluate(row, NOW);
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
        assertThatThrownBy(() -> Formula.parse(formula, fields::get))
                .isInstanceOf(FormulaException.class).hasMessage(message);
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
