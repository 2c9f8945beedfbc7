package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import io.leadsync.webhooks.WebhookServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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
        context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("leadsync.management.enabled", "true");
        context.getPropertiesComponent().setInitialProperties(p);
        context.getRegistry().bind("operatorAccess", new OperatorAccess("127.0.0.1", null));
        context.getRegistry().bind("dashboardFiles", new DashboardFiles());
        context.getRegistry().bind("sandboxView", new SandboxView(context));
        int port = ManagementServer.install(context, "127.0.0.1", WebhookServer.resolvePort(0));
        base = "http://127.0.0.1:" + port;
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "file:routes/dashboard.camel.yaml"));
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
