package io.leadsync.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadsync.support.DashboardServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The dashboard's page and files (routes/dashboard.camel.yaml) on a management server, with the JSON API of the
 * dashboard's contract (the common brief: /api/pairs and the pair's activity, conflicts, dead letters, hold and
 * preview, and the POST actions) played by this stub: a test sets what each GET answers and reads which actions
 * were posted. The page is tested against the contract alone, whatever builds the real API.
 */
final class DashboardApiStub implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final CamelContext context;
    private final String url;

    DashboardApiStub() throws Exception {
        DashboardServer server = new DashboardServer(null, Map.of(), "dashboard");
        context = server.context();
        url = server.url();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(ManagementServer.COMPONENT + ":/api/pairs?matchOnUriPrefix=true&httpMethodRestrict=GET,POST")
                        .routeId("dashboard-api-stub").process(DashboardApiStub.this::answer);
            }
        });
        context.start();
    }

    String url() {
        return url;
    }

    /** What GET {@code path} (query left out) answers from now on. */
    DashboardApiStub answer(String path, JsonNode body) {
        answers.put(path, body.toString());
        return this;
    }

    /** POST {@code path} answers 404 with {@code error} from now on. */
    DashboardApiStub refuse(String path, String error) {
        refusals.put(path, error);
        return this;
    }

    /** Forgets the answers, refusals and posted actions of the test before. */
    void reset() {
        answers.clear();
        refusals.clear();
        posted.clear();
    }

    /** The paths of the actions posted so far, in order. */
    List<String> posted() {
        return List.copyOf(posted);
    }

    private void answer(Exchange exchange) throws Exception {
        String full = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class).replaceFirst("\\?.*", "");
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String query = exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        ObjectNode answer = JSON.createObjectNode();
        if ("POST".equals(method)) {
            posted.add(full);
            if (refusals.containsKey(full)) {
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
                answer.put("error", refusals.get(full));
            } else {
                answer.put("ok", true).put("message", "done: " + full);
            }
        } else if (answers.containsKey(full)) {
            JsonNode body = JSON.readTree(answers.get(full));
            exchange.getMessage().setBody(full.endsWith("/activity") ? searched(body, query).toString() : body.toString());
            return;
        } else {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            answer.put("error", "no such pair");
        }
        exchange.getMessage().setBody(answer.toString());
    }

    /** The activity's entries whose text contains the query's q (the contract: lead id, item id, field, values). */
    private static JsonNode searched(JsonNode activity, String query) {
        String q = "";
        for (String part : query == null ? new String[0] : query.split("&")) {
            if (part.startsWith("q=")) {
                q = URLDecoder.decode(part.substring(2), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            }
        }
        ObjectNode result = JSON.createObjectNode();
        ArrayNode entries = result.putArray("entries");
        for (JsonNode entry : activity.get("entries")) {
            if (entry.toString().toLowerCase(Locale.ROOT).contains(q)) {
                entries.add(entry);
            }
        }
        return result;
    }

    @Override
    public void close() {
        context.stop();
    }
}
