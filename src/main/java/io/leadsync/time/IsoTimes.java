package io.leadsync.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The services' ISO-8601 UTC timestamps, both ways: written as the emulators serve them, read as the sync needs
 * them. Neutral ground: the sync and the emulators both use it, and neither depends on the other.
 */
public final class IsoTimes {

    /** The format Airtable and Trello share on the wire: UTC with milliseconds. */
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private IsoTimes() {
    }

    /** E.g. 2019-09-16T16:19:17.156Z; null for null. */
    public static String format(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
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
