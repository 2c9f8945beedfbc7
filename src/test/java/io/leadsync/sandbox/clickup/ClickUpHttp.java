package io.leadsync.sandbox.clickup;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SandboxHttp;

/** ClickUp's side of {@link SandboxHttp}: the sandbox token in the Authorization header unless told otherwise. */
final class ClickUpHttp {

    private final SandboxHttp http;

    ClickUpHttp(String baseUrl) {
        this.http = new SandboxHttp(baseUrl, Duration.ofSeconds(10));
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
        List<String> headers = new ArrayList<>();
        if (body != null) {
            headers.add("Content-Type");
            headers.add("application/json");
        }
        if (authorization != null) {
            headers.add("Authorization");
            headers.add(authorization);
        }
        return http.send(method, path, body, headers.toArray(String[]::new));
    }

    void injectFault(String fault, String endpoint) {
        http.injectFault(fault, endpoint);
    }

    static JsonNode json(HttpResponse<String> response) {
        return SandboxHttp.json(response);
    }
}
