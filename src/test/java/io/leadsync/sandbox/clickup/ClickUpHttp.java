package io.leadsync.sandbox.clickup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.leadsync.sandbox.SandboxCredentials;

/** A minimal HTTP client for the tests: real requests, sandbox token unless told otherwise. */
final class ClickUpHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    ClickUpHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, SandboxCredentials.CLICKUP_TOKEN);
    }

    HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, SandboxCredentials.CLICKUP_TOKEN);
    }

    HttpResponse<String> put(String path, String body) {
        return send("PUT", path, body, SandboxCredentials.CLICKUP_TOKEN);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, SandboxCredentials.CLICKUP_TOKEN);
    }

    /** {@code authorization} null sends no Authorization header. */
    HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
