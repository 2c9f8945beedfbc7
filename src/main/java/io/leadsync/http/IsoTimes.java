package io.leadsync.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The services' ISO-8601 timestamps as epoch milliseconds. */
public final class IsoTimes {

    private IsoTimes() {
    }

    /** Epoch ms of an ISO-8601 instant; 0 for a missing or unreadable one (treated as "long ago"). */
    public static long epochMillis(String iso) {
        try {
            return iso == null || iso.isEmpty() ? 0 : Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
