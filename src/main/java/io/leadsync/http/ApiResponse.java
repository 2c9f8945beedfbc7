package io.leadsync.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful (2xx) answer with its body already parsed as JSON. */
public record ApiResponse(int status, JsonNode json) {
}
