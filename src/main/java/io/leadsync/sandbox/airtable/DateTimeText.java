package io.leadsync.sandbox.airtable;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to date the way Airtable's formulas do it (moment.js in its forgiving mode, in UTC). What the emulator
 * cannot reproduce exactly is a {@link FormulaException} (the API's 422 INVALID_FILTER_BY_FORMULA), never a
 * different date: format tokens other than those below, a non-English locale, and date text that is not ISO 8601
 * but might still be read by moment's fallback to the JavaScript Date parser.
 */
final class DateTimeText {

    /** moment's format tokens (its formattingTokens without the catch-all), supported or not. */
    private static final String TOKENS = "[Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?|N{1,5}"
            + "|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?|GG(?:GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?|S{1,9}|x|X|zz?|ZZ?"
            + "|LTS|LT|LL?L?L?|l{1,4}";
    /** A [literal], an escaped token or character, a token, or any other character (literal). */
    private static final Pattern FORMAT = Pattern.compile("\\[([^\\[]*)]|(\\\\)?(" + TOKENS + "|.)", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile(TOKENS);
    private static final Pattern ONE_OR_TWO_DIGITS = Pattern.compile("\\d\\d?");
    /** moment's matchWord: the next word is taken, then read as a month name (or the month is invalid). */
    private static final Pattern WORD = Pattern.compile("(?i)[0-9]{0,256}['a-z\u00A0-\u05FF\u0700-\uD7FF\uF900-\uFDCF"
            + "\uFDF0-\uFF07\uFF10-\uFFEF]{1,256}|[\u0600-\u06FF/]{1,256}(\\s*?[\u0600-\u06FF]{1,256}){1,2}");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December");
    private static final Pattern MERIDIEM = Pattern.compile("(?i)[ap]\\.?m?\\.?");
    private static final Pattern OFFSET = Pattern.compile("(?i)Z|[+-]\\d\\d(?::?\\d\\d)?");

    private static final int YEAR = 0;
    private static final int MONTH = 1;
    private static final int DAY = 2;
    private static final int HOUR = 3;
    private static final int MINUTE = 4;
    private static final int SECOND = 5;
    private static final int MILLI = 6;

    private DateTimeText() {
    }

    /**
     * Date text without a format: ISO 8601 (date, or date and time with {@code T} or a space, with or without an
     * offset; no offset = UTC). Null when the text cannot be a date (#ERROR!).
     */
    static Instant parseIso(String text) {
        String s = text.trim();
        String t = s.matches("\\d{4}-\\d\\d-\\d\\d \\d.*") ? s.replaceFirst(" ", "T") : s;
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    try {
                        return YearMonth.parse(t).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    } catch (DateTimeParseException notMonth) {
                        if (s.chars().anyMatch(Character::isDigit)) {
                            throw new FormulaException("date text '" + abbreviate(s) + "' is not supported by the emulator"
                                    + " (it reads ISO 8601 only; give DATETIME_PARSE a format)");
                        }
                        return null;
                    }
                }
            }
        }
    }

    /**
     * DATETIME_PARSE(text, format[, locale]). Like moment, each token is searched for in what is left of the text,
     * skipping anything before it; a date with nothing parsed or a value out of range is invalid (null, #ERROR!).
     * Missing leading parts (year, month, day) come from today, later ones are the start of their range.
     */
    static Instant parse(String text, String format, String locale, Instant now) {
        if (locale != null && !locale.isEmpty() && !locale.toLowerCase(Locale.ROOT).startsWith("en")) {
            throw new FormulaException("DATETIME_PARSE with locale '" + abbreviate(locale) + "' is not supported by the emulator");
        }
        Integer[] parts = new Integer[7];
        Boolean pm = null;
        Integer offsetMinutes = null;
        boolean parsedAny = false;
        String rest = text;
        Matcher tokens = FORMAT.matcher(format);
        while (tokens.find()) {
            boolean literalText = tokens.group(1) != null || tokens.group(2) != null || !TOKEN.matcher(tokens.group(3)).matches();
            String token = tokens.group(1) != null ? tokens.group(1) : tokens.group(3);
            if (literalText) { // skipped past when present
                int at = rest.indexOf(token);
                if (at >= 0) {
                    rest = rest.substring(at + token.length());
                }
                continue;
            }
            Matcher value = valuePattern(token).matcher(rest);
            if (!value.find()) {
                continue;
            }
            String v = value.group();
            rest = rest.substring(value.end());
            parsedAny = true;
            switch (token) {
                case "X" -> {
                    return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
                }
                case "x" -> {
                    return Instant.ofEpochMilli(Long.parseLong(v));
                }
                case "YYYY" -> parts[YEAR] = v.length() == 2 ? twoDigitYear(v) : Integer.parseInt(v);
                case "YY" -> parts[YEAR] = twoDigitYear(v);
                case "M", "MM" -> parts[MONTH] = Integer.parseInt(v) - 1;
                case "MMM", "MMMM" -> parts[MONTH] = month(v);
                case "D", "DD" -> parts[DAY] = Integer.parseInt(v);
                case "H", "HH", "h", "hh" -> parts[HOUR] = Integer.parseInt(v);
                case "m", "mm" -> parts[MINUTE] = Integer.parseInt(v);
                case "s", "ss" -> parts[SECOND] = Integer.parseInt(v);
                case "S", "SS", "SSS" -> parts[MILLI] = (int) (Double.parseDouble("0." + v) * 1000);
                case "A", "a" -> pm = Character.toLowerCase(v.charAt(0)) == 'p';
                case "Z", "ZZ" -> offsetMinutes = offsetMinutes(v);
                default -> throw new IllegalStateException(token);
            }
        }
        if (!parsedAny) {
            return null;
        }
        if (pm != null && parts[HOUR] != null) {
            parts[HOUR] = pm && parts[HOUR] < 12 ? parts[HOUR] + 12 : !pm && parts[HOUR] == 12 ? 0 : parts[HOUR];
        }
        return assemble(parts, offsetMinutes, now);
    }

    /** The pattern of a value token; tokens the emulator does not implement are a FormulaException. */
    private static Pattern valuePattern(String token) {
        return switch (token) {
            case "YYYY" -> Pattern.compile("\\d{1,4}");
            case "YY", "M", "MM", "D", "DD", "H", "HH", "h", "hh", "m", "mm", "s", "ss" -> ONE_OR_TWO_DIGITS;
            case "MMM", "MMMM" -> WORD;
            case "S", "SS", "SSS" -> Pattern.compile("\\d{1,3}");
            case "A", "a" -> MERIDIEM;
            case "Z", "ZZ" -> OFFSET;
            case "X" -> Pattern.compile("[+-]?\\d+(?:\\.\\d{1,3})?");
            case "x" -> Pattern.compile("[+-]?\\d+");
            default -> throw new FormulaException("DATETIME_PARSE format token '" + token + "' is not supported by the emulator");
        };
    }

    /** The month whose English name or abbreviation starts the word, -1 (an invalid month) for none. */
    private static int month(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (int i = 0; i < 12; i++) {
            String name = MONTHS.get(i).toLowerCase(Locale.ROOT);
            if (w.startsWith(name) || w.startsWith(name.substring(0, 3))) {
                return i;
            }
        }
        return -1;
    }

    private static Instant assemble(Integer[] parts, Integer offsetMinutes, Instant now) {
        ZonedDateTime today = now.atZone(ZoneOffset.UTC);
        int[] current = {today.getYear(), today.getMonthValue() - 1, today.getDayOfMonth()};
        int[] a = new int[7];
        int i = 0;
        for (; i < 3 && parts[i] == null; i++) {
            a[i] = current[i];
        }
        for (; i < 7; i++) {
            a[i] = parts[i] != null ? parts[i] : i == DAY ? 1 : 0;
        }
        boolean nextDay = a[HOUR] == 24 && a[MINUTE] == 0 && a[SECOND] == 0 && a[MILLI] == 0;
        if (a[MONTH] < 0 || a[MONTH] > 11 || a[HOUR] < 0 || (a[HOUR] > 23 && !nextDay) || a[MINUTE] > 59
                || a[SECOND] > 59 || a[MILLI] > 999) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(a[YEAR], a[MONTH] + 1, a[DAY], nextDay ? 0 : a[HOUR], a[MINUTE], a[SECOND],
                    a[MILLI] * 1_000_000);
            Instant instant = local.plusDays(nextDay ? 1 : 0).toInstant(ZoneOffset.UTC);
            return offsetMinutes == null ? instant : instant.minusSeconds(offsetMinutes * 60L);
        } catch (DateTimeException outOfRange) { // e.g. 31 April
            return null;
        }
    }

    /** moment's rule: 69-99 are 1900s, 00-68 are 2000s. */
    private static int twoDigitYear(String v) {
        int y = Integer.parseInt(v);
        return y + (y > 68 ? 1900 : 2000);
    }

    private static int offsetMinutes(String v) {
        if (v.equalsIgnoreCase("Z")) {
            return 0;
        }
        String digits = v.substring(1).replace(":", "");
        int minutes = Integer.parseInt(digits.substring(0, 2)) * 60 + (digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0);
        return v.charAt(0) == '-' ? -minutes : minutes;
    }

    /** For messages that quote formula text. */
    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
