package io.leadsync.sandbox.airtable;

import static io.leadsync.sandbox.airtable.AirtableHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.leadsync.sandbox.Fault;
import io.leadsync.sandbox.MutableClock;

class AirtableEmulatorTest {

    static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    static final AirtableLimits UNLIMITED = AirtableLimits.defaults().withPerBase(100_000).withPerToken(100_000);

    final MutableClock clock = new MutableClock(START);
    AirtableEmulator emulator;
    AirtableHttp http;
    SeededTable leads;
    String leadsPath;

    @BeforeEach
    void start() {
        startWith(UNLIMITED);
    }

    void startWith(AirtableLimits limits) {
        if (emulator != null) {
            emulator.close();
        }
        emulator = new AirtableEmulator(clock, 42, limits);
        emulator.start(0);
        http = new AirtableHttp(emulator.baseUrl());
        leads = emulator.seedLeads();
        leadsPath = "/v0/" + leads.baseId() + "/Leads";
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    JsonNode firstLead() {
        return http.get(leadsPath + "?maxRecords=1").json().path("records").get(0);
    }

    @Nested
    class ListingRecords {

        @Test
        void listsTheSeededLeadsInCreationOrderWithEmptyCellsOmitted() {
            JsonNode body = http.get(leadsPath).json();

            assertThat(body.path("records")).hasSize(10);
            assertThat(body.has("offset")).isFalse();
            JsonNode grace = body.path("records").get(1);
            assertThat(grace.path("id").asText()).matches("rec[A-Za-z0-9]{14}");
            assertThat(grace.path("createdTime").asText()).isEqualTo("2026-03-01T09:00:00.000Z");
            assertThat(grace.path("fields").path("Name").asText()).isEqualTo("Grace Hopper");
            assertThat(grace.path("fields").has("Description")).isFalse();
            assertThat(grace.path("fields").has("Trello Card")).isFalse();
            assertThat(grace.path("fields").path("Last Modified").asText()).isEqualTo("2026-03-01T09:00:00.000Z");
        }

        @Test
        void acceptsTheTableIdInPlaceOfItsName() {
            JsonNode byId = http.get("/v0/" + leads.baseId() + "/" + leads.tableId()).json();

            assertThat(byId).isEqualTo(http.get(leadsPath).json());
        }

        @Test
        void pagesThroughAllRecordsWithOpaqueOffsets() {
            emulator.addGeneratedLeads(leads.baseId(), "Leads", 240);
            List<String> ids = new ArrayList<>();
            String offset = null;
            int pages = 0;
            do {
                JsonNode page = http.get(leadsPath + (offset == null ? "" : "?offset=" + enc(offset))).json();
                page.path("records").forEach(r -> ids.add(r.path("id").asText()));
                offset = page.has("offset") ? page.path("offset").asText() : null;
                if (offset != null) {
                    assertThat(offset).matches("itr[A-Za-z0-9]{14}/rec[A-Za-z0-9]{14}");
                }
                pages++;
            } while (offset != null);

            assertThat(pages).isEqualTo(3);
            assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        }

        @Test
        void honoursPageSizeAndMaxRecords() {
            JsonNode first = http.get(leadsPath + "?pageSize=3&maxRecords=5").json();
            JsonNode second = http.get(leadsPath + "?pageSize=3&maxRecords=5&offset=" + enc(first.path("offset").asText())).json();

            assertThat(first.path("records")).hasSize(3);
            assertThat(second.path("records")).hasSize(2);
            assertThat(second.has("offset")).isFalse();
        }

        @Test
        void refusesPageSizesAbove100() {
            AirtableHttp.Reply reply = http.get(leadsPath + "?pageSize=101");

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("INVALID_REQUEST_UNKNOWN");
        }

        @Test
        void iteratorsExpireAfterTheirTtl() {
            String offset = http.get(leadsPath + "?pageSize=2").json().path("offset").asText();
            clock.advance(Duration.ofMinutes(6));

            AirtableHttp.Reply reply = http.get(leadsPath + "?pageSize=2&offset=" + enc(offset));

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("LIST_RECORDS_ITERATOR_NOT_AVAILABLE");
        }

        @Test
        void garbageOffsetsAreInvalid() {
            AirtableHttp.Reply reply = http.get(leadsPath + "?offset=nonsense");

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("INVALID_OFFSET_VALUE");
        }

        @Test
        void freezesTheOrderAtTheFirstPageButShowsLiveValues() {
            JsonNode first = http.get(leadsPath + "?pageSize=5&sort%5B0%5D%5Bfield%5D=Name").json();
            List<RecordSnapshot> all = emulator.records(leads.baseId(), "Leads");
            RecordSnapshot margaret = all.stream().filter(r -> r.field("Name").equals("Margaret Hamilton")).findFirst().orElseThrow();
            clock.advance(Duration.ofSeconds(5));
            emulator.setField(leads.baseId(), "Leads", margaret.id(), "Name", "AAA renamed");
            emulator.createRecord(leads.baseId(), "Leads", Map.of("Name", "AAA newcomer"));

            JsonNode second = http.get(leadsPath + "?pageSize=5&offset=" + enc(first.path("offset").asText())).json();

            List<String> names = new ArrayList<>();
            second.path("records").forEach(r -> names.add(r.path("fields").path("Name").asText()));
            assertThat(names).contains("AAA renamed").doesNotContain("AAA newcomer").hasSize(5);
        }

        @Test
        void selectsFieldsSortsAndUsesTheGridView() {
            JsonNode body = http.get(leadsPath + "?fields%5B%5D=Name&fields%5B%5D=Status&view=" + enc("Grid view")
                    + "&sort%5B0%5D%5Bfield%5D=Status&sort%5B0%5D%5Bdirection%5D=desc"
                    + "&sort%5B1%5D%5Bfield%5D=Name").json();

            JsonNode top = body.path("records").get(0).path("fields");
            assertThat(top.size()).isEqualTo(2);
            assertThat(top.path("Status").asText()).isEqualTo("QUALIFIED");
            assertThat(top.path("Name").asText()).isEqualTo("Donald Knuth");
        }

        @Test
        void refusesUnknownViewsAndFields() {
            AirtableHttp.Reply view = http.get(leadsPath + "?view=Kanban");
            AirtableHttp.Reply field = http.get(leadsPath + "?fields%5B%5D=Nope");

            assertThat(view.status()).isEqualTo(422);
            assertThat(view.json().path("error").path("type").asText()).isEqualTo("VIEW_NAME_NOT_FOUND");
            assertThat(field.status()).isEqualTo(422);
            assertThat(field.json().path("error").path("message").asText()).isEqualTo("Unknown field name: \"Nope\"");
        }

        @Test
        void returnsFieldsByIdWhenAsked() {
            JsonNode fields = http.get(leadsPath + "?maxRecords=1&returnFieldsByFieldId=true").json()
                    .path("records").get(0).path("fields");

            assertThat(fields.fieldNames()).toIterable().allMatch(k -> k.matches("fld[A-Za-z0-9]{14}"));
        }

        @Test
        void listsViaPostWithAJsonBody() {
            String body = "{\"pageSize\":2,\"fields\":[\"Name\"],\"sort\":[{\"field\":\"Name\",\"direction\":\"desc\"}],"
                    + "\"filterByFormula\":\"{Status}='LOST'\"}";

            JsonNode reply = http.post(leadsPath + "/listRecords", body).json();

            assertThat(reply.path("records")).hasSize(2);
            assertThat(reply.path("records").get(0).path("fields").path("Name").asText()).isEqualTo("Frances Allen");
            assertThat(reply.has("offset")).isFalse();
        }

        @Test
        void cellFormatStringNeedsTimeZoneAndLocale() {
            assertThat(http.get(leadsPath + "?cellFormat=string").status()).isEqualTo(422);
            assertThat(http.get(leadsPath + "?cellFormat=string&timeZone=UTC&userLocale=en").status()).isEqualTo(200);
            assertThat(http.get(leadsPath + "?cellFormat=json").status()).isEqualTo(200);
        }

        @Test
        void filtersIncrementallyOnLastModifiedTime() {
            String ada = firstLead().path("id").asText();
            clock.advance(Duration.ofMinutes(10));
            emulator.setField(leads.baseId(), "Leads", ada, "Status", "CONTACTED");
            String formula = "IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE('2026-03-01T09:05:00.000Z'))";

            JsonNode body = http.get(leadsPath + "?filterByFormula=" + enc(formula)).json();

            assertThat(body.path("records")).hasSize(1);
            assertThat(body.path("records").get(0).path("fields").path("Last Modified").asText())
                    .isEqualTo("2026-03-01T09:10:00.000Z");
        }

        @Test
        void reportsFormulasThatDoNotParse() {
            AirtableHttp.Reply reply = http.get(leadsPath + "?filterByFormula=" + enc("AND({Status}='NEW'"));

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("INVALID_FILTER_BY_FORMULA");
            assertThat(reply.json().path("error").path("message").asText()).startsWith("The formula for filtering records is invalid");
        }
    }

    @Nested
    class ReadingOneRecord {

        @Test
        void getsARecordById() {
            JsonNode lead = firstLead();

            JsonNode got = http.get(leadsPath + "/" + lead.path("id").asText()).json();

            assertThat(got).isEqualTo(lead);
        }

        @Test
        void answersUnknownRecordsWithModelIdNotFound() {
            AirtableHttp.Reply reply = http.get(leadsPath + "/recAAAAAAAAAAAAAA");

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body()).isEqualTo("{\"error\":{\"type\":\"MODEL_ID_NOT_FOUND\",\"message\":\"Record not found\"}}");
        }

        @Test
        void answersUnknownBasesTablesAndRoutesLikeAirtable() {
            AirtableHttp.Reply base = http.get("/v0/appAAAAAAAAAAAAAA/Leads");
            AirtableHttp.Reply tableName = http.get("/v0/" + leads.baseId() + "/Prospects");
            AirtableHttp.Reply tableId = http.get("/v0/" + leads.baseId() + "/tblAAAAAAAAAAAAAA");
            AirtableHttp.Reply route = http.get("/v1/whatever");

            assertThat(base.status()).isEqualTo(403);
            assertThat(base.json().path("error").path("type").asText()).isEqualTo("INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND");
            assertThat(tableName.status()).isEqualTo(404);
            assertThat(tableName.json().path("error").path("type").asText()).isEqualTo("TABLE_NOT_FOUND");
            assertThat(tableName.json().path("error").path("message").asText())
                    .isEqualTo("Could not find table Prospects in application " + leads.baseId());
            assertThat(tableId.status()).isEqualTo(403);
            assertThat(route.status()).isEqualTo(404);
            assertThat(route.body()).isEqualTo("{\"error\":\"NOT_FOUND\"}");
        }
    }

    @Nested
    class Authentication {

        @Test
        void refusesMissingOrWrongTokens() {
            for (String header : new String[]{null, "Bearer patWRONG", "patSANDBOX.leadsync-sandbox-token"}) {
                AirtableHttp.Reply reply = http.withAuthorization(header).get(leadsPath);

                assertThat(reply.status()).isEqualTo(401);
                assertThat(reply.body()).isEqualTo(
                        "{\"error\":{\"type\":\"AUTHENTICATION_REQUIRED\",\"message\":\"Authentication required\"}}");
            }
        }
    }

    @Nested
    class Writing {

        @Test
        void createsOneRecordAtTheTrailingSlashPath() {
            clock.advance(Duration.ofSeconds(1));
            AirtableHttp.Reply reply = http.post(leadsPath + "/", "{\"fields\":{\"Name\":\"Linus\",\"Status\":\"NEW\",\"Email\":\"\"}}");

            assertThat(reply.status()).isEqualTo(200);
            JsonNode record = reply.json();
            assertThat(record.path("id").asText()).matches("rec[A-Za-z0-9]{14}");
            assertThat(record.path("createdTime").asText()).isEqualTo("2026-03-01T09:00:01.000Z");
            assertThat(record.path("fields").path("Name").asText()).isEqualTo("Linus");
            assertThat(record.path("fields").has("Email")).isFalse();
            assertThat(emulator.tableLastModified(leads.baseId(), "Leads")).isEqualTo(START.plusSeconds(1));
        }

        @Test
        void createsUpToTenRecordsAtOnce() {
            AirtableHttp.Reply reply = http.post(leadsPath, batch(10));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("records")).hasSize(10);
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(20);
        }

        @Test
        void refusesElevenRecordsAndCreatesNone() {
            AirtableHttp.Reply reply = http.post(leadsPath, batch(11));

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("INVALID_RECORDS");
            assertThat(reply.json().path("error").path("message").asText())
                    .isEqualTo("A maximum of 10 records can be created per request but you have provided 11.");
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(10);
        }

        @Test
        void failsAWholeBatchWhenOneRecordIsInvalid() {
            String body = "{\"records\":[{\"fields\":{\"Name\":\"ok\",\"Status\":\"BRAND_NEW\"}},{\"fields\":{\"Nope\":1}}],\"typecast\":true}";

            AirtableHttp.Reply reply = http.post(leadsPath, body);

            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.json().path("error").path("message").asText()).isEqualTo("Unknown field name: \"Nope\"");
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(10);
            assertThat(emulator.choices(leads.baseId(), "Leads", "Status")).doesNotContain("BRAND_NEW");
        }

        @Test
        void validatesCellValuesLikeAirtable() {
            AirtableHttp.Reply select = http.post(leadsPath, "{\"fields\":{\"Status\":\"WON\"}}");
            AirtableHttp.Reply type = http.post(leadsPath, "{\"fields\":{\"Name\":42}}");
            AirtableHttp.Reply computed = http.post(leadsPath, "{\"fields\":{\"Last Modified\":\"2026-01-01T00:00:00.000Z\"}}");
            AirtableHttp.Reply missing = http.post(leadsPath, "{\"records\":[{\"id\":\"x\"}]}");

            assertThat(select.status()).isEqualTo(422);
            assertThat(select.json().path("error").path("type").asText()).isEqualTo("INVALID_MULTIPLE_CHOICE_OPTIONS");
            assertThat(select.json().path("error").path("message").asText())
                    .isEqualTo("Insufficient permissions to create new select option \"\"WON\"\"");
            assertThat(type.json().path("error").path("type").asText()).isEqualTo("INVALID_VALUE_FOR_COLUMN");
            assertThat(computed.status()).isEqualTo(422);
            assertThat(computed.json().path("error").path("message").asText())
                    .isEqualTo("Field \"Last Modified\" cannot accept a value because the field is computed");
            assertThat(missing.json().path("error").path("type").asText()).isEqualTo("INVALID_REQUEST_MISSING_FIELDS");
        }

        @Test
        void typecastAddsNewSelectChoicesAndConvertsScalars() {
            AirtableHttp.Reply reply = http.post(leadsPath, "{\"fields\":{\"Status\":\"WON\",\"Name\":42},\"typecast\":true}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("fields").path("Name").asText()).isEqualTo("42");
            assertThat(emulator.choices(leads.baseId(), "Leads", "Status")).endsWith("WON");
        }

        @Test
        void answersMalformedJsonWith400() {
            AirtableHttp.Reply reply = http.post(leadsPath, "{\"fields\":");

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().path("error").path("type").asText()).isEqualTo("INVALID_REQUEST_UNKNOWN");
        }

        @Test
        void patchChangesOnlyTheGivenCellsAndBumpsLastModified() {
            String id = firstLead().path("id").asText();
            clock.advance(Duration.ofMinutes(1));

            JsonNode record = http.patch(leadsPath + "/" + id, "{\"fields\":{\"Trello Card\":\"abc123\"}}").json();

            assertThat(record.path("fields").path("Trello Card").asText()).isEqualTo("abc123");
            assertThat(record.path("fields").path("Email").asText()).isEqualTo("ada@example.com");
            assertThat(record.path("fields").path("Last Modified").asText()).isEqualTo("2026-03-01T09:01:00.000Z");
        }

        @Test
        void writingTheSameValueAgainIsNotAChange() {
            String id = firstLead().path("id").asText();
            clock.advance(Duration.ofMinutes(1));

            JsonNode record = http.patch(leadsPath + "/" + id, "{\"fields\":{\"Status\":\"NEW\"}}").json();

            assertThat(record.path("fields").path("Last Modified").asText()).isEqualTo("2026-03-01T09:00:00.000Z");
        }

        @Test
        void putClearsTheCellsItLeavesOut() {
            String id = firstLead().path("id").asText();

            JsonNode record = http.put(leadsPath + "/" + id, "{\"fields\":{\"Name\":\"Ada\"}}").json();

            assertThat(record.path("fields").fieldNames()).toIterable().containsExactlyInAnyOrder("Name", "Last Modified");
        }

        @Test
        void updatesInBatchesAndRefusesUnknownIds() {
            JsonNode page = http.get(leadsPath + "?pageSize=2").json().path("records");
            String body = "{\"records\":[{\"id\":\"" + page.get(0).path("id").asText() + "\",\"fields\":{\"Status\":\"LOST\"}},"
                    + "{\"id\":\"" + page.get(1).path("id").asText() + "\",\"fields\":{\"Status\":\"LOST\"}}]}";

            JsonNode updated = http.patch(leadsPath + "/", body).json();
            AirtableHttp.Reply unknown = http.patch(leadsPath, "{\"records\":[{\"id\":\"recAAAAAAAAAAAAAA\",\"fields\":{}}]}");

            assertThat(updated.path("records")).hasSize(2).allMatch(r -> r.path("fields").path("Status").asText().equals("LOST"));
            assertThat(updated.has("createdRecords")).isFalse();
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("ROW_DOES_NOT_EXIST");
        }

        @Test
        void upsertsOnFieldsToMergeOn() {
            String body = "{\"performUpsert\":{\"fieldsToMergeOn\":[\"Email\"]},\"records\":["
                    + "{\"fields\":{\"Email\":\"ada@example.com\",\"Status\":\"QUALIFIED\"}},"
                    + "{\"fields\":{\"Email\":\"new@example.com\",\"Name\":\"Newcomer\"}}]}";

            JsonNode reply = http.patch(leadsPath, body).json();

            String ada = firstLead().path("id").asText();
            assertThat(reply.path("updatedRecords")).hasSize(1);
            assertThat(reply.path("updatedRecords").get(0).asText()).isEqualTo(ada);
            assertThat(reply.path("createdRecords")).hasSize(1);
            assertThat(emulator.record(leads.baseId(), "Leads", ada).orElseThrow().field("Status")).isEqualTo("QUALIFIED");
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(11);
        }

        @Test
        void upsertRefusesAmbiguousMatches() {
            String body = "{\"performUpsert\":{\"fieldsToMergeOn\":[\"Status\"]},\"records\":[{\"fields\":{\"Status\":\"NEW\"}}]}";

            assertThat(http.patch(leadsPath, body).status()).isEqualTo(422);
        }

        @Test
        void deletesOneOrSeveralRecords() {
            JsonNode page = http.get(leadsPath + "?pageSize=3").json().path("records");
            String a = page.get(0).path("id").asText();
            String b = page.get(1).path("id").asText();
            String c = page.get(2).path("id").asText();

            JsonNode one = http.delete(leadsPath + "/" + a).json();
            JsonNode many = http.delete(leadsPath + "?records%5B%5D=" + b + "&records%5B%5D=" + c).json();

            assertThat(one.toString()).isEqualTo("{\"id\":\"" + a + "\",\"deleted\":true}");
            assertThat(many.path("records")).hasSize(2);
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(7);
            assertThat(http.delete(leadsPath + "/" + a).status()).isEqualTo(404);
        }
    }

    @Nested
    class MetaApi {

        @Test
        void listsBasesAndTheirTables() {
            JsonNode bases = http.get("/v0/meta/bases").json();
            JsonNode tables = http.get("/v0/meta/bases/" + leads.baseId() + "/tables").json();

            assertThat(bases.toString()).isEqualTo(
                    "{\"bases\":[{\"id\":\"appSANDBOXLEADS01\",\"name\":\"Leadsync Sandbox\",\"permissionLevel\":\"create\"}]}");
            JsonNode table = tables.path("tables").get(0);
            assertThat(table.path("id").asText()).isEqualTo(leads.tableId());
            assertThat(table.path("primaryFieldId").asText()).isEqualTo(table.path("fields").get(0).path("id").asText());
            JsonNode status = table.path("fields").get(4);
            assertThat(status.path("type").asText()).isEqualTo("singleSelect");
            assertThat(status.path("options").path("choices").findValuesAsText("name"))
                    .containsExactly("NEW", "CONTACTED", "IN_PROGRESS", "QUALIFIED", "LOST");
            assertThat(status.path("options").path("choices").get(0).path("id").asText()).startsWith("sel");
            assertThat(table.path("fields").get(7).path("type").asText()).isEqualTo("lastModifiedTime");
            assertThat(table.path("views").get(0).path("name").asText()).isEqualTo("Grid view");
            assertThat(table.path("views").get(0).path("id").asText()).matches("viw[A-Za-z0-9]{14}");
        }
    }

    @Nested
    class RateLimits {

        @Test
        void answers429WithAirtablesBodyAndNoHeadersThenPenalises() {
            startWith(AirtableLimits.defaults().withPerBase(2).withPenalty(Duration.ofSeconds(30)));
            http.get(leadsPath);
            http.get(leadsPath);

            AirtableHttp.Reply limited = http.get(leadsPath);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("{\"errors\":[{\"error\":\"RATE_LIMIT_REACHED\","
                    + "\"message\":\"Rate limit exceeded. Please try again later\"}]}");
            assertThat(limited.raw().headers().map().keySet()).noneMatch(h -> h.toLowerCase().contains("ratelimit")
                    || h.equalsIgnoreCase("retry-after"));
            clock.advance(Duration.ofSeconds(29));
            assertThat(http.get(leadsPath).status()).isEqualTo(429);
            clock.advance(Duration.ofSeconds(2));
            assertThat(http.get(leadsPath).status()).isEqualTo(200);
        }

        @Test
        void limitsEachBaseSeparately() {
            startWith(AirtableLimits.defaults().withPerBase(1));
            String other = emulator.createBase("Other");
            emulator.createTable(other, "T", List.of(FieldSpec.text("Name")));

            assertThat(http.get(leadsPath).status()).isEqualTo(200);
            assertThat(http.get("/v0/" + other + "/T").status()).isEqualTo(200);
            assertThat(http.get(leadsPath).status()).isEqualTo(429);
        }

        @Test
        void limitsTheTokenAcrossBases() {
            startWith(AirtableLimits.defaults().withPerToken(2));
            String other = emulator.createBase("Other");
            emulator.createTable(other, "T", List.of(FieldSpec.text("Name")));

            http.get(leadsPath);
            http.get("/v0/" + other + "/T");

            assertThat(http.get("/v0/meta/bases").status()).isEqualTo(429);
        }

        @Test
        void defaultsAreTheRealLimits() {
            assertThat(AirtableLimits.defaults()).isEqualTo(
                    new AirtableLimits(5, 50, Duration.ofSeconds(30), Duration.ofMinutes(5)));
        }
    }

    @Nested
    class Faults {

        @Test
        void rateLimitFaultUsesTheRealBody() {
            http.injectFault("RATE_LIMIT", null);

            AirtableHttp.Reply reply = http.get(leadsPath);

            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.json().path("errors").get(0).path("error").asText()).isEqualTo("RATE_LIMIT_REACHED");
            assertThat(http.get(leadsPath).status()).isEqualTo(200);
        }

        @Test
        void serverErrorFaultsUseAirtableErrorBodies() {
            http.injectFault("SERVER_ERROR_500", null);
            http.injectFault("BAD_GATEWAY_502", null);
            http.injectFault("UNAVAILABLE_503", null);

            AirtableHttp.Reply e500 = http.get(leadsPath);
            AirtableHttp.Reply e502 = http.get(leadsPath);
            AirtableHttp.Reply e503 = http.get(leadsPath);

            assertThat(e500.status()).isEqualTo(500);
            assertThat(e500.json().path("error").path("type").asText()).isEqualTo("SERVER_ERROR");
            assertThat(e502.status()).isEqualTo(502);
            assertThat(e502.json().path("error").path("type").asText()).isEqualTo("SERVER_ERROR");
            assertThat(e503.status()).isEqualTo(503);
            assertThat(e503.json().path("error").path("type").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        }

        @Test
        void faultsCanTargetOneEndpoint() {
            http.injectFault("UNAVAILABLE_503", "POST /v0/{baseId}/{table}");

            assertThat(http.get(leadsPath).status()).isEqualTo(200);
            assertThat(http.post(leadsPath, "{\"fields\":{\"Name\":\"x\"}}").status()).isEqualTo(503);
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(10);
        }

        @Test
        void droppedConnectionsChangeNothing() {
            http.injectFault("DROP_CONNECTION", null);

            assertThatThrownBy(() -> http.sendOrThrow("POST", leadsPath, "{\"fields\":{\"Name\":\"x\"}}"))
                    .isInstanceOf(IOException.class);
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(10);
        }

        @Test
        void lostResponsesStillChangeState() {
            http.injectFault("LOSE_RESPONSE", null);

            assertThatThrownBy(() -> http.sendOrThrow("POST", leadsPath, "{\"fields\":{\"Name\":\"x\"}}"))
                    .isInstanceOf(IOException.class);
            assertThat(emulator.records(leads.baseId(), "Leads")).hasSize(11);
        }

        @Test
        void delayedAnswersArriveLate() {
            emulator.delayFaultMillis(300);
            http.injectFault("DELAY", null);

            long t0 = System.nanoTime();
            AirtableHttp.Reply reply = http.get(leadsPath);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(emulator.faults().injected()).containsEntry(Fault.DELAY, 1);
        }
    }

    @Nested
    class CallCountsAndDeterminism {

        @Test
        void countsCallsPerEndpoint() {
            http.get(leadsPath);
            http.get(leadsPath);
            http.post(leadsPath, "{\"fields\":{\"Name\":\"x\"}}");

            assertThat(emulator.calls()).containsEntry("GET /v0/{baseId}/{table}", 2)
                    .containsEntry("POST /v0/{baseId}/{table}", 1);
            assertThat(http.get("/_sandbox/calls").json().path("GET /v0/{baseId}/{table}").asInt()).isEqualTo(2);
        }

        @Test
        void equalSeedsGiveEqualIds() {
            try (AirtableEmulator twin = new AirtableEmulator(clock, 42, UNLIMITED)) {
                SeededTable twinLeads = twin.seedLeads();
                twin.addGeneratedLeads(twinLeads.baseId(), "Leads", 5);
                emulator.addGeneratedLeads(leads.baseId(), "Leads", 5);

                assertThat(twinLeads).isEqualTo(leads);
                assertThat(twin.records(twinLeads.baseId(), "Leads")).isEqualTo(emulator.records(leads.baseId(), "Leads"));
            }
            try (AirtableEmulator other = new AirtableEmulator(clock, 43, UNLIMITED)) {
                assertThat(other.seedLeads().tableId()).isNotEqualTo(leads.tableId());
            }
        }
    }

    @Nested
    class JavaApi {

        @Test
        void buildsTablesWithoutSomeLeadFields() {
            List<FieldSpec> schema = LeadsSeed.schema().stream().filter(f -> !f.name().equals("Trello Card")
                    && !f.name().equals("Status")).toList();
            try (AirtableEmulator bare = new AirtableEmulator(clock, 1, UNLIMITED)) {
                SeededTable t = bare.seedLeads(schema);

                assertThat(bare.records(t.baseId(), "Leads")).hasSize(10)
                        .allMatch(r -> !r.fields().containsKey("Status"));
                assertThatThrownBy(() -> bare.setField(t.baseId(), "Leads", bare.records(t.baseId(), "Leads").get(0).id(),
                        "Trello Card", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNKNOWN_FIELD_NAME");
            }
        }

        @Test
        void simulatedUsersChangeRecordsLikeHttpWrites() {
            String id = emulator.createRecord(leads.baseId(), "Leads", Map.of("Name", "Sim", "Status", "NEW"));
            clock.advance(Duration.ofSeconds(90));

            emulator.setField(leads.baseId(), "Leads", id, "Status", "CONTACTED");

            RecordSnapshot record = emulator.record(leads.baseId(), "Leads", id).orElseThrow();
            assertThat(record.field("Status")).isEqualTo("CONTACTED");
            assertThat(record.lastModifiedTime()).isEqualTo(START.plusSeconds(90));
            assertThat(record.field("Last Modified")).isEqualTo(START.plusSeconds(90));
            assertThat(emulator.tableLastModified(leads.baseId(), "Leads")).isEqualTo(START.plusSeconds(90));
            clock.advance(Duration.ofSeconds(10));
            emulator.deleteRecord(leads.baseId(), leads.tableId(), id);
            assertThat(emulator.record(leads.baseId(), "Leads", id)).isEmpty();
            assertThat(emulator.tableLastModified(leads.baseId(), "Leads")).isEqualTo(START.plusSeconds(100));
        }

        /** The result at the benchmark's size; how fast is measured by the benchmark (BENCHMARKS.md), not here. */
        @Test
        void filtersOneHundredThousandLeadsByModificationTime() {
            emulator.addGeneratedLeads(leads.baseId(), "Leads", 100_000);
            String recent = emulator.records(leads.baseId(), "Leads").get(50_000).id();
            clock.advance(Duration.ofMinutes(5));
            emulator.setField(leads.baseId(), "Leads", recent, "Status", "LOST");
            String formula = enc("IS_AFTER(LAST_MODIFIED_TIME(), DATETIME_PARSE('2026-03-01T09:01:00.000Z'))");

            JsonNode body = http.get(leadsPath + "?filterByFormula=" + formula).json();

            assertThat(body.path("records")).singleElement().satisfies(r -> {
                assertThat(r.path("id").asText()).isEqualTo(recent);
                assertThat(r.path("fields").path("Status").asText()).isEqualTo("LOST");
            });
        }
    }

    static String batch(int n) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < n; i++) {
            records.append(i == 0 ? "" : ",").append("{\"fields\":{\"Name\":\"Batch ").append(i).append("\"}}");
        }
        return "{\"records\":[" + records + "]}";
    }
}
