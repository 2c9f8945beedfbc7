package io.leadsync.tracker;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import io.leadsync.time.IsoTimes;

/**
 * The tracker fields a mapping may name beyond name and description, and the text form of their values that both
 * sides render and parse (the contract of {@link io.leadsync.mapping.PairMapping}): a value read back from the
 * tracker compares equal to the one rendered from the lead. Pure; each tracker translates these to its API.
 */
public final class FieldForms {

    public static final String DUE = "due";
    public static final String LABELS = "labels";
    public static final String PRIORITY = "priority";
    public static final String ASSIGNEES = "assignees";
    /** The prefix of a custom field's key: {@code custom:<name>}. */
    public static final String CUSTOM = "custom:";

    private FieldForms() {
    }

    /** The custom field a key names ({@code custom:Budget} -> Budget), or null for another key. */
    public static String customName(String key) {
        return key.startsWith(CUSTOM) ? key.substring(CUSTOM.length()) : null;
    }

    /** Names (labels, tags, members) as one value: sorted, joined by ", "; "" for none. */
    public static String names(Collection<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }

    /** The names a value lists, each trimmed, empty ones left out ("" lists none). */
    public static List<String> splitNames(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    /**
     * A due date or date field as the tracker keeps it (an instant), in the text form: a date at midnight UTC is
     * read as the date alone ("2026-12-01"), which is how a date without a time is written; null is "".
     */
    public static String date(Instant instant) {
        if (instant == null) {
            return "";
        }
        return instant.toEpochMilli() % 86_400_000L == 0 ? LocalDate.ofInstant(instant, ZoneOffset.UTC).toString()
                : IsoTimes.format(instant);
    }

    /** A text-form date as an instant (a date alone is midnight UTC); "" is null. */
    public static Instant instant(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date (2026-12-01 or 2026-12-01T09:30:00.000Z)");
        }
    }

    /** Whether a text-form date names a time, not a day alone. */
    public static boolean hasTime(String value) {
        return value.length() > 10;
    }

    /** A number in the text form: a plain decimal without trailing zeros ("12.5", "3"); "" for none. */
    public static String number(String number) {
        if (number == null || number.isBlank()) {
            return "";
        }
        try {
            BigDecimal plain = new BigDecimal(number.trim()).stripTrailingZeros();
            return plain.signum() == 0 ? "0" : plain.toPlainString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + number + "' is not a number");
        }
    }
}
