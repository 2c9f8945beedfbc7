package io.leadsync.sandbox.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.MutableClock;
import io.leadsync.sandbox.RecordingCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Airtable emulator kept in a file: what a restart loads is what the last run left, and no id comes twice. */
class AirtablePersistenceTest {

    private static final String BASE = LeadsSeed.BASE_ID;
    private static final String TABLE = LeadsSeed.TABLE_NAME;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private AirtableEmulator saved() {
        AirtableEmulator airtable = new AirtableEmulator(clock, 42);
        if (!airtable.persistIn(dir.resolve("airtable.json"))) {
            airtable.seedLeads();
        }
        return airtable;
    }

    @Test
    void aReloadKeepsTheWebhooksWithTheirPayloadsAndSecret() throws Exception {
        String hooks = "/v0/bases/" + BASE + "/webhooks";
        try (RecordingCallback receiver = new RecordingCallback()) {
            JsonNode created;
            JsonNode listed;
            JsonNode payloads;
            try (AirtableEmulator first = saved()) {
                AirtableHttp http = new AirtableHttp(first.start(0).baseUrl());
                created = http.post(hooks, "{\"notificationUrl\":\"" + receiver.url("/ping")
                        + "\",\"specification\":{\"options\":{\"filters\":{\"dataTypes\":[\"tableData\"]}}}}").json();
                first.createRecord(BASE, TABLE, Map.of("Name", "Radia Perlman"));
                await().atMost(Duration.ofSeconds(10)).until(() -> first.deliveries().pending() == 0);
                listed = http.get(hooks).json();
                payloads = http.get(hooks + "/" + created.get("id").asText() + "/payloads").json();
            }
            try (AirtableEmulator second = saved()) {
                AirtableHttp http = new AirtableHttp(second.start(0).baseUrl());
                assertThat(http.get(hooks).json()).isEqualTo(listed);
                assertThat(http.get(hooks + "/" + created.get("id").asText() + "/payloads").json()).isEqualTo(payloads);

                second.createRecord(BASE, TABLE, Map.of("Name", "Barbara Liskov"));
                await().atMost(Duration.ofSeconds(10)).until(() -> second.deliveries().pending() == 0);
                RecordingCallback.Received ping = receiver.received().get(1);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(created.get("macSecretBase64").asText()), "HmacSHA256"));
                assertThat(ping.header("X-Airtable-Content-MAC")).isEqualTo("hmac-sha256="
                        + HexFormat.of().formatHex(mac.doFinal(ping.body().getBytes(StandardCharsets.UTF_8))));
                JsonNode next = http.get(hooks + "/" + created.get("id").asText() + "/payloads?cursor=2").json();
                assertThat(next.get("payloads").get(0).get("baseTransactionNumber").asInt())
                        .isEqualTo(payloads.get("payloads").get(0).get("baseTransactionNumber").asInt() + 1);
            }
        }
    }

    @Test
    void aReloadHasTheRecordsWithTheirTimesAndChoices() {
        List<RecordSnapshot> before;
        List<RecordSnapshot> scores;
        List<String> handedOut = new ArrayList<>();
        try (AirtableEmulator first = saved()) {
            first.records(BASE, TABLE).forEach(r -> handedOut.add(r.id()));
            clock.advance(Duration.ofMinutes(5));
            handedOut.add(first.createRecord(BASE, TABLE, Map.of("Name", "Radia Perlman", "Status", "WON")));
            first.createTable(BASE, "Scores", List.of(FieldSpec.text("Name"), FieldSpec.of("Score", FieldType.NUMBER),
                    FieldSpec.of("Done", FieldType.CHECKBOX)));
            first.createRecord(BASE, "Scores", Map.of("Name", "a", "Score", 4.5, "Done", true));
            clock.advance(Duration.ofMinutes(5));
            first.setField(BASE, TABLE, handedOut.get(0), "Email", "ada@new.example");
            first.deleteRecord(BASE, TABLE, handedOut.get(1));
            before = first.records(BASE, TABLE);
            scores = first.records(BASE, "Scores");
        }

        try (AirtableEmulator second = saved()) {
            assertThat(second.records(BASE, TABLE)).isEqualTo(before);
            assertThat(second.records(BASE, "Scores")).isEqualTo(scores);
            assertThat(second.choices(BASE, TABLE, "Status")).endsWith("WON");
            assertThat(second.tableLastModified(BASE, TABLE)).isEqualTo(clock.instant());
            assertThat(second.addGeneratedLeads(BASE, TABLE, 40)).doesNotContainAnyElementsOf(handedOut);
        }
    }

    @Test
    void aReloadKeepsWhenEachFieldLastChanged() throws Exception {
        String edited;
        try (AirtableEmulator first = saved()) {
            edited = first.records(BASE, TABLE).get(0).id();
            clock.advance(Duration.ofMinutes(5));
            first.setField(BASE, TABLE, edited, "Email", "ada@new.example");
        }
        try (AirtableEmulator second = saved()) {
            second.start(0);
            String formula = java.net.URLEncoder.encode("IS_AFTER(LAST_MODIFIED_TIME({Email}), '2026-03-02T09:01:00Z')",
                    java.nio.charset.StandardCharsets.UTF_8);
            AirtableHttp.Reply reply = new AirtableHttp(second.baseUrl()).get("/v0/" + BASE + "/" + TABLE
                    + "?filterByFormula=" + formula);
            List<String> ids = new ArrayList<>();
            new ObjectMapper().readTree(reply.body()).path("records").forEach(r -> ids.add(r.get("id").asText()));
            assertThat(ids).containsExactly(edited);
        }
    }

    @Test
    void aWriteIsSavedBeforeItIsAnswered() throws Exception {
        try (AirtableEmulator airtable = saved()) {
            airtable.start(0);
            AirtableHttp.Reply reply = new AirtableHttp(airtable.baseUrl()).post("/v0/" + BASE + "/" + TABLE,
                    "{\"fields\":{\"Name\":\"Radia Perlman\"}}");
            String id = new ObjectMapper().readTree(reply.body()).get("id").asText();
            assertThat(Files.readString(dir.resolve("airtable.json"))).contains(id, "Radia Perlman");
        }
    }
}
