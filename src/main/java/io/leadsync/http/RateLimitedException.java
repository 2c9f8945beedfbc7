package io.leadsync.http;

/** A 429: the same request may be sent again once the wait the service asked for is over. */
public class RateLimitedException extends TransientApiException {

    private final long waitMillis;

    public RateLimitedException(String message, long waitMillis, String body) {
        super(message, 429, body, null);
        this.waitMillis = waitMillis;
    }

    /** How long the service asked every request on this credential to wait. */
    public long waitMillis() {
        return waitMillis;
    }
}
