package io.leadsync.sandbox.airtable;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.sandbox.SandboxHttp;

/** Airtable's side of {@link SandboxHttp}: sends the sandbox Bearer token unless told otherwise. */
final class AirtableHttp {

    record Reply(int status, String body, HttpResponse<String> raw) {
        static Reply of(HttpResponse<String> r) {
            return new Reply(r.statusCode(), r.body(), r);
        }

        JsonNode json() {
            return SandboxHttp.json(raw);
        }
    }

    private final SandboxHttp http;
    private final String authorization;

    AirtableHttp(String baseUrl) {
        this(new SandboxHttp(baseUrl, Duration.ofSeconds(10)), "Bearer " + SandboxCredentials.AIRTABLE_TOKEN);
    }

    private AirtableHttp(SandboxHttp http, String authorization) {
        this.http = http;
        this.authorization = authorization;
    }

    /** The same client with another Authorization header; null sends none. */
    AirtableHttp withAuthorization(String header) {
        return new AirtableHttp(http, header);
    }

    static String enc(String s) {
        return SandboxHttp.enc(s);
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
        return Reply.of(http.send(method, pathAndQuery, json, headers(json)));
    }

    Reply sendOrThrow(String method, String pathAndQuery, String json) throws IOException {
        return Reply.of(http.sendOrThrow(method, pathAndQuery, json, headers(json)));
    }

    void injectFault(String fault, String endpoint) {
        http.injectFault(fault, endpoint);
    }

    private String[] headers(String json) {
        List<String> headers = new ArrayList<>();
        if (authorization != null) {
            headers.add("Authorization");
            headers.add(authorization);
        }
        if (json != null) {
            headers.add("Content-Type");
            headers.add("application/json");
        }
        return headers.toArray(String[]::new);
    }
}
