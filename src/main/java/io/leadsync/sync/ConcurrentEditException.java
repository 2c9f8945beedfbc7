package io.leadsync.sync;

/**
 * A person changed the item between the cycle's read and its write: the write is dropped, not forced, and the
 * next cycle sees both edits (and resolves them by the conflict policy).
 */
public final class ConcurrentEditException extends RuntimeException {

    public ConcurrentEditException(String message) {
        super(message);
    }
}
