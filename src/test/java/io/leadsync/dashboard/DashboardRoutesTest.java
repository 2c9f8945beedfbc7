package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.leadsync.support.DashboardServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * routes/dashboard.camel.yaml on Camel's management server, over real HTTP: the page and its files, Camel's health
 * beside them, and nothing else: an unknown path or file is a plain 404, a wrong method a 405, never a stack trace.
 */
class DashboardRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CamelContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        DashboardServer server = new DashboardServer(null, Map.of(), "dashboard");
        context = server.context();
        base = server.url();
        context.start();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedAtTheRootAndItsFilesUnderDashboard() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>leadsync");
        assertThat(get("/dashboard/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void camelsHealthIsServedBesideThePage() throws Exception {
        HttpResponse<String> health = get("/observe/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\"");
    }

    @Test
    void anythingElseIsA404WithoutAStackTrace() throws Exception {
        for (String path : new String[] {"/nope", "/dashboard/missing.js", "/dashboard/..%2Fapplication.properties",
                "/dashboard/%2e%2e%2f%2e%2e%2fpom.xml", "/dashboard/Index.HTML", "/api/nothing"}) {
            HttpResponse<String> answer = get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("Exception").doesNotContain("at io.");
        }
    }

    @Test
    void thePageIsReadOnly() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }
}
