package io.leadsync.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The timestamp format Airtable and Trello share on the wire: ISO-8601 UTC with milliseconds. */
public final class IsoTime {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private IsoTime() {
    }

    /** E.g. 2019-09-16T16:19:17.156Z; null for null. */
    public static String millis(Instant instant) {
        return instant == null ? null : MILLIS.format(instant);
    }
}
