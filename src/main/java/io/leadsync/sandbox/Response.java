package io.leadsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What an emulator answers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Response json(int status, Object value) {
        try {
            return new Response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value),
                    new LinkedHashMap<>());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    public static Response html(int status, String html) {
        return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    public Response withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
