package io.leadsync.sandbox.trello;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SandboxHttp;

/** Trello's side of {@link SandboxHttp}: the sandbox key and token appended to the query. */
final class TrelloHttp {

    static final ObjectMapper JSON = SandboxHttp.JSON;
    static final String AUTH = "key=" + SandboxCredentials.TRELLO_KEY + "&token=" + SandboxCredentials.TRELLO_TOKEN;

    private final SandboxHttp http;

    TrelloHttp(TrelloEmulator emulator) {
        this.http = new SandboxHttp(emulator.baseUrl(), Duration.ofSeconds(20));
    }

    /** path may carry a query; the sandbox credentials are added. */
    HttpResponse<String> get(String path) {
        return send("GET", withAuth(path), null, null);
    }

    HttpResponse<String> post(String path) {
        return send("POST", withAuth(path), "", null);
    }

    HttpResponse<String> put(String path) {
        return send("PUT", withAuth(path), "", null);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", withAuth(path), null, null);
    }

    HttpResponse<String> postJson(String path, String json) {
        return send("POST", withAuth(path), json, "application/json");
    }

    HttpResponse<String> putJson(String path, String json) {
        return send("PUT", withAuth(path), json, "application/json");
    }

    /** Any request exactly as given: no credentials added; {@code headers} are name/value pairs. */
    HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (contentType != null) {
            all.add("Content-Type");
            all.add(contentType);
        }
        return http.send(method, pathAndQuery, body, all.toArray(String[]::new));
    }

    void injectFault(String fault, String endpoint) {
        http.injectFault(fault, endpoint);
    }

    JsonNode json(HttpResponse<String> response) {
        return SandboxHttp.json(response);
    }

    /** GET expecting 200 JSON. */
    JsonNode getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return json(r);
    }

    static String enc(String s) {
        return SandboxHttp.enc(s);
    }

    private static String withAuth(String path) {
        return path + (path.contains("?") ? "&" : "?") + AUTH;
    }
}
