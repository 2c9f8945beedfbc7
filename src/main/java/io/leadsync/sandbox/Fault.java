package io.leadsync.sandbox;

/** What an emulator can do to a request instead of (or besides) answering it normally. */
public enum Fault {
    /** Answer 429 with the service's own rate-limit body. */
    RATE_LIMIT,
    /** Answer 500 without touching state. */
    SERVER_ERROR_500,
    /** Answer 502 without touching state. */
    BAD_GATEWAY_502,
    /** Answer 503 without touching state. */
    UNAVAILABLE_503,
    /** Wait longer than any sane client timeout, then answer normally. */
    DELAY,
    /** Close the connection without answering and without touching state. */
    DROP_CONNECTION,
    /** Apply the request to the state, then answer with the real status and the body cut in half (not JSON). */
    MALFORMED_JSON,
    /** Answer 200 with an HTML error page (a proxy or captive portal), without touching state. */
    HTML_200,
    /** Apply the request to the state, then close the connection without answering. */
    LOSE_RESPONSE;

    public int httpStatus() {
        return switch (this) {
            case RATE_LIMIT -> 429;
            case SERVER_ERROR_500 -> 500;
            case BAD_GATEWAY_502 -> 502;
            case UNAVAILABLE_503 -> 503;
            default -> 0;
        };
    }
}
