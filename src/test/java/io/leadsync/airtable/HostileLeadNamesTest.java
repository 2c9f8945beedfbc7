package io.leadsync.airtable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.support.LeadsyncRun;
import io.leadsync.support.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No record content can widen or break a filter built by {@link Formula}: each hostile name, quoted, matches
 * exactly the record that has it, over real HTTP against the Airtable emulator's formula engine.
 */
class HostileLeadNamesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    Sandboxes sandboxes;

    @BeforeEach
    void start() {
        sandboxes = new Sandboxes(53);
    }

    @AfterEach
    void stop() {
        sandboxes.close();
    }

    private JsonNode list(String formula) throws IOException, InterruptedException {
        String url = sandboxes.airtable.baseUrl() + "/v0/" + Sandboxes.BASE + "/" + Sandboxes.TABLE
                + "?filterByFormula=" + URLEncoder.encode(formula, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + SandboxCredentials.AIRTABLE_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("%s -> %s", formula, reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("records").forEach(r -> out.add(r.path("fields").path("Name").asText()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Ada\" OR TRUE() OR \"",
            "x\") OR (1=1",
            "\"",
            "ends with a backslash \\",
            "\\\" , TRUE()) & \"",
            "{Status} & {Name}",
            "line one\nline two\ttab\rreturn",
            "it's 'quoted'",
            "\u00e9\u00e8 \u2603 \ud83d\ude00 unicode",
            "Ada Lovelace\" & \"",
    })
    void aHostileNameMatchesExactlyItsOwnRecord(String hostile) throws Exception {
        String id = sandboxes.addLead(hostile, "NEW");
        JsonNode page = list(Formula.fieldEquals("Name", hostile));
        assertThat(page.path("records")).hasSize(1);
        assertThat(page.path("records").get(0).path("id").asText()).isEqualTo(id);
        assertThat(names(page)).containsExactly(hostile);

        Instant before = Instant.now().minusSeconds(60);
        JsonNode combined = list("AND(" + Formula.fieldEquals("Name", hostile) + ", " + Formula.modifiedAfter(before) + ")");
        assertThat(names(combined)).containsExactly(hostile);
    }

    @Test
    void aHostileValueThatMatchesNothingFiltersEverythingOut() throws Exception {
        assertThat(names(list(Formula.fieldEquals("Name", "nobody\" OR TRUE() OR \"")))).isEmpty();
        assertThat(names(list(Formula.fieldEquals("Name", "\\")))).isEmpty();
        assertThat(names(list(Formula.modifiedAfter(Instant.now().plusSeconds(3600))))).isEmpty();
        assertThat(names(list(Formula.modifiedAfter(Instant.EPOCH)))).hasSize(sandboxes.leads().size());
    }

    @Test
    void aLeadWithAHostileNameSyncsLikeAnyOther() throws Exception {
        String hostile = "Eve\" OR TRUE() OR \"} \\";
        String id = sandboxes.addLead(hostile, "CONTACTED");
        try (LeadsyncRun app = new LeadsyncRun(sandboxes, dataDir).start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(sandboxes.cardOf(id).name()).isEqualTo(hostile));
            sandboxes.setLead(id, "Status", "QUALIFIED");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(sandboxes.cardOf(id).listName()).isEqualTo("DONE"));
            assertThat(sandboxes.openCardsByLead()).hasSize(9);
        }
    }
}
