package io.leadsync.sandbox;

import java.io.IOException;
import java.io.InterruptedIOException;
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

/**
 * Real HTTP to an emulator for the tests. It sends exactly what it is given and adds no credentials: each
 * service's helper ({@code AirtableHttp}, {@code ClickUpHttp}, {@code TrelloHttp}) adds them its own way.
 */
public final class SandboxHttp {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Duration requestTimeout;

    public SandboxHttp(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
    }

    /**
     * One request; {@code body} null sends none, {@code headers} are name/value pairs. A dropped connection or a
     * lost answer is thrown as the {@link IOException} it is.
     */
    public HttpResponse<String> sendOrThrow(String method, String pathAndQuery, String body, String... headers)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (IOException) new InterruptedIOException("interrupted: " + method + " " + pathAndQuery).initCause(e);
        }
    }

    /** As {@link #sendOrThrow}, with I/O failures thrown as {@link UncheckedIOException}. */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) {
        try {
            return sendOrThrow(method, pathAndQuery, body, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Queues one fault through the shared control API ({@code POST /_sandbox/faults}, no credentials needed) for the
     * next call whose endpoint key starts with {@code endpoint} (null: any call).
     */
    public void injectFault(String fault, String endpoint) {
        String body = "{\"fault\":\"" + fault + "\",\"count\":1"
                + (endpoint == null ? "" : ",\"endpoint\":\"" + endpoint + "\"") + "}";
        HttpResponse<String> r = send("POST", "/_sandbox/faults", body, "Content-Type", "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("fault " + fault + " not injected: " + r.statusCode() + " " + r.body());
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
