package io.leadsync.sync;

/**
 * A write was not sent because what it would overwrite changed after the cycle read it (a person edited the
 * lead meanwhile). Not an error: the next cycle reads the edit and decides again, as a conflict if need be.
 */
public final class ChangedMeanwhileException extends RuntimeException {

    public ChangedMeanwhileException(String message) {
        super(message, null, false, false);
    }
}
