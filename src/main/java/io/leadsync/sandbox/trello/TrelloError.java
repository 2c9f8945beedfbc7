package io.leadsync.sandbox.trello;

import java.util.Map;

import io.leadsync.sandbox.Response;

/** A request Trello refuses; carries the answer exactly as Trello gives it (mostly plain text). */
final class TrelloError extends RuntimeException {

    static final String NOT_FOUND = "The requested resource was not found.";

    private final transient Response response;

    private TrelloError(String message, Response response) {
        super(message);
        this.response = response;
    }

    static TrelloError text(int status, String text) {
        return new TrelloError(text, Response.text(status, text));
    }

    static TrelloError json(int status, String error, String message) {
        return new TrelloError(error, Response.json(status, Map.of("error", error, "message", message)));
    }

    static TrelloError notFound() {
        return text(404, NOT_FOUND);
    }

    static TrelloError invalidId() {
        return text(400, "invalid id");
    }

    static TrelloError invalidValue(String param) {
        return text(400, "invalid value for " + param);
    }

    Response response() {
        return response;
    }
}
