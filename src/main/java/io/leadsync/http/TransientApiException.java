package io.leadsync.http;

/** A 5xx, timeout or broken connection: the same request may succeed later. */
public class TransientApiException extends ApiException {

    public TransientApiException(String message, int status, String body, Throwable cause) {
        super(message, status, body, cause);
    }
}
