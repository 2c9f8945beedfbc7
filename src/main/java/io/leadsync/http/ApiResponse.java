package io.leadsync.http;

/**
 * A successful (2xx) answer as the record it was read into.
 *
 * @param serverTime the service's clock when it answered (its {@code Date} header, epoch ms, whole seconds), or 0
 */
public record ApiResponse<T>(T body, long serverTime) {

    /**
     * A time no later than the moment the service took this answer's snapshot, for an incremental read that
     * started at {@code localStart} (our clock): the earlier of our start and the service's own clock less the
     * second its {@code Date} header truncates. A cursor set to it never skips what changed during the read.
     */
    public long snapshotNotAfter(long localStart) {
        return serverTime > 0 ? Math.min(localStart, serverTime - 1000) : localStart;
    }
}
