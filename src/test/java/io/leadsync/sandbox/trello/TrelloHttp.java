package io.leadsync.sandbox.trello;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.SandboxCredentials;

/** A tiny Trello client for the tests: real HTTP, sandbox key and token appended to the query. */
final class TrelloHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "key=" + SandboxCredentials.TRELLO_KEY + "&token=" + SandboxCredentials.TRELLO_TOKEN;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    TrelloHttp(TrelloEmulator emulator) {
        this.base = emulator.baseUrl();
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

    /** Any request exactly as given: no credentials added. */
    HttpResponse<String> send(String method, String pathAndQuery, String body, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
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
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String withAuth(String path) {
        return path + (path.contains("?") ? "&" : "?") + AUTH;
    }
}
