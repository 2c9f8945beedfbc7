package io.leadsync.sandbox.airtable;

import java.io.IOException;
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

/** A tiny real-HTTP client for the emulator, sending the sandbox token unless told otherwise. */
final class AirtableHttp {

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private String authorization = "Bearer " + SandboxCredentials.AIRTABLE_TOKEN;

    AirtableHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    AirtableHttp withAuthorization(String header) {
        AirtableHttp other = new AirtableHttp(baseUrl);
        other.authorization = header;
        return other;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    Reply delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, null);
    }

    Reply send(String method, String pathAndQuery, String json) {
        try {
            return sendOrThrow(method, pathAndQuery, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Reply sendOrThrow(String method, String pathAndQuery, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
