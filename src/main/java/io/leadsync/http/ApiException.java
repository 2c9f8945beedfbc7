package io.leadsync.http;

/**
 * A call the service refused (4xx other than 429): retrying the same request cannot help.
 * The message names the service, the request (without credentials) and the service's own error text.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String body;

    public ApiException(String message, int status, String body, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The response body as received (bounded), for callers that branch on the service's error type. */
    public String body() {
        return body;
    }
}
