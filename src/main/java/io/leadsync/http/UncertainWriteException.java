package io.leadsync.http;

/**
 * A non-idempotent write (a create) failed in a way that does not tell whether the service applied it
 * (timeout, dropped connection, 5xx). It must not be blindly repeated: the caller looks for what it
 * may have created first.
 */
public class UncertainWriteException extends TransientApiException {

    public UncertainWriteException(String message, int status, String body, Throwable cause) {
        super(message, status, body, cause);
    }
}
