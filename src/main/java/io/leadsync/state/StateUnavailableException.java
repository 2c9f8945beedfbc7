package io.leadsync.state;

/**
 * The state storage cannot be reached (the database went away): nothing that needed it happened. The push stops
 * at the first change whose state cannot be stored, so that no service is written without its state.
 */
public final class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
