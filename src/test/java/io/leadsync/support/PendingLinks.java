package io.leadsync.support;

import io.leadsync.state.Link;

/** Links of creates whose outcome is unknown, as a crash between "create sent" and "link stored" leaves them. */
public final class PendingLinks {

    private PendingLinks() {
    }

    /** A create sent at {@code attemptedAt} for a lead last modified at {@code leadModified}; no item id yet. */
    public static Link pending(String recordId, long leadModified, long attemptedAt) {
        return new Link(recordId, null, null, null, null, null, false, leadModified, attemptedAt);
    }
}
