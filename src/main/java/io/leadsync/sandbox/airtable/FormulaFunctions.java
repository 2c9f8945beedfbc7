package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.leadsync.time.IsoTimes;

/**
 * The built-in functions, operators and coercions. Values are null (blank), String, Double, Boolean or
 * Instant; dates are compared and truncated in UTC.
 */
final class FormulaFunctions {

    /** Name to {min, max} argument count. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("AND", new int[]{1, 255}), Map.entry("OR", new int[]{1, 255}), Map.entry("NOT", new int[]{1, 1}),
            Map.entry("IF", new int[]{2, 3}), Map.entry("BLANK", new int[]{0, 0}),
            Map.entry("TRUE", new int[]{0, 0}), Map.entry("FALSE", new int[]{0, 0}),
            Map.entry("FIND", new int[]{2, 3}), Map.entry("SEARCH", new int[]{2, 3}),
            Map.entry("LOWER", new int[]{1, 1}), Map.entry("UPPER", new int[]{1, 1}), Map.entry("LEN", new int[]{1, 1}),
            Map.entry("TRIM", new int[]{1, 1}), Map.entry("RECORD_ID", new int[]{0, 0}),
            Map.entry("LAST_MODIFIED_TIME", new int[]{0, 255}), Map.entry("CREATED_TIME", new int[]{0, 0}),
            Map.entry("IS_AFTER", new int[]{2, 2}), Map.entry("IS_BEFORE", new int[]{2, 2}),
            Map.entry("IS_SAME", new int[]{2, 3}), Map.entry("DATETIME_PARSE", new int[]{1, 3}),
            Map.entry("DATEADD", new int[]{3, 3}), Map.entry("NOW", new int[]{0, 0}));

    /** JavaScript's String.trim: its whitespace and line terminators, not Java's control characters. */
    private static final Pattern JS_TRIM = Pattern.compile(
            "\\A[\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+"
            + "|[\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+\\z");
    /** Decimal number text as JavaScript's Number() reads it (Java's parser also takes "1d", "0x1p3", …). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Infinity");

    private FormulaFunctions() {
    }

    static int[] arity(String name) {
        return ARITY.get(name);
    }

    static Object call(String name, List<CompiledFormula.Node> args, CompiledFormula.Scope scope) {
        switch (name) {
            case "AND":
                return args.stream().allMatch(a -> truthy(a.eval(scope)));
            case "OR":
                return args.stream().anyMatch(a -> truthy(a.eval(scope)));
            case "IF":
                if (truthy(args.get(0).eval(scope))) {
                    return args.get(1).eval(scope);
                }
                return args.size() > 2 ? args.get(2).eval(scope) : null;
            case "LAST_MODIFIED_TIME":
                return lastModifiedTime(args, scope.row());
            default:
                break;
        }
        Object[] v = args.stream().map(a -> a.eval(scope)).toArray();
        return switch (name) {
            case "NOT" -> !truthy(v[0]);
            case "BLANK" -> null;
            case "TRUE" -> true;
            case "FALSE" -> false;
            case "FIND" -> (double) (find(v) + 1);
            case "SEARCH" -> {
                int at = find(v);
                yield at < 0 ? null : (double) (at + 1);
            }
            case "LOWER" -> text(v[0]).toLowerCase(Locale.ROOT);
            case "UPPER" -> text(v[0]).toUpperCase(Locale.ROOT);
            case "LEN" -> (double) text(v[0]).length();
            case "TRIM" -> JS_TRIM.matcher(text(v[0])).replaceAll("");
            case "RECORD_ID" -> scope.row().recordId();
            case "CREATED_TIME" -> scope.row().createdTime();
            case "NOW" -> scope.now();
            case "IS_AFTER" -> compareDates(v[0], v[1]) > 0;
            case "IS_BEFORE" -> compareDates(v[0], v[1]) < 0;
            case "IS_SAME" -> isSame(v);
            case "DATETIME_PARSE" -> datetimeParse(v, scope.now());
            case "DATEADD" -> dateAdd(instant(v[0]), number(v[1]), text(v[2]));
            default -> throw new IllegalStateException(name);
        };
    }

    static Object binary(String op, Object left, Object right) {
        return switch (op) {
            case "=" -> equal(left, right);
            case "!=" -> !equal(left, right);
            case "<" -> compare(left, right) < 0;
            case ">" -> compare(left, right) > 0;
            case "<=" -> compare(left, right) <= 0;
            case ">=" -> compare(left, right) >= 0;
            case "&" -> text(left) + text(right);
            case "+" -> number(left) + number(right);
            case "-" -> number(left) - number(right);
            case "*" -> number(left) * number(right);
            case "/" -> {
                double divisor = number(right);
                if (divisor == 0) {
                    throw new CompiledFormula.EvalError("#DIV/0!");
                }
                yield number(left) / divisor;
            }
            default -> throw new IllegalStateException(op);
        };
    }

    /** Airtable's rule: everything counts except 0, false, "", NaN, blank (and errors). */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        return true;
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return String.valueOf(CellValues.plainNumber(d));
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Instant i) {
            return IsoTimes.format(i);
        }
        return value.toString();
    }

    static double number(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof Instant) {
            throw new FormulaException("arithmetic on dates is not supported by the emulator");
        }
        String s = JS_TRIM.matcher(value.toString()).replaceAll("");
        if (s.isEmpty()) {
            return 0;
        }
        return DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
    }

    /** Dates from Instants or ISO-8601 text (see {@link DateTimeText#parseIso}). */
    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        Instant parsed = value == null ? null : DateTimeText.parseIso(text(value));
        if (parsed == null) {
            throw new CompiledFormula.EvalError("#ERROR!");
        }
        return parsed;
    }

    /**
     * LAST_MODIFIED_TIME(): the record's last change; with fields, the latest change of any of them (blank when none
     * ever held a value). The parser lets only references to non-computed fields through.
     */
    private static Instant lastModifiedTime(List<CompiledFormula.Node> fields, CompiledFormula.Row row) {
        if (fields.isEmpty()) {
            return row.lastModifiedTime();
        }
        Instant latest = null;
        for (CompiledFormula.Node node : fields) {
            Instant at = row.lastModifiedTime(((CompiledFormula.FieldRef) node).field());
            latest = at != null && (latest == null || at.isAfter(latest)) ? at : latest;
        }
        return latest;
    }

    /** DATETIME_PARSE(text[, format[, locale]]); like moment, a date given instead of text is taken as it is. */
    private static Object datetimeParse(Object[] v, Instant now) {
        if (v[0] == null) {
            return null;
        }
        String format = v.length > 1 && v[1] != null ? text(v[1]) : "";
        if (format.isEmpty() || v[0] instanceof Instant) {
            return instant(v[0]);
        }
        Instant parsed = DateTimeText.parse(text(v[0]), format, v.length > 2 && v[2] != null ? text(v[2]) : null, now);
        if (parsed == null) {
            throw new CompiledFormula.EvalError("#ERROR!");
        }
        return parsed;
    }

    private static int find(Object[] v) {
        String needle = text(v[0]);
        String haystack = text(v[1]);
        int from = v.length > 2 ? Math.max(0, (int) number(v[2]) - 1) : 0;
        return haystack.indexOf(needle, from);
    }

    private static boolean equal(Object left, Object right) {
        if (left instanceof Instant || right instanceof Instant) {
            return left != null && right != null && instant(left).equals(instant(right));
        }
        if (isNumeric(left) || isNumeric(right)) {
            return number(left) == number(right);
        }
        return text(left).equals(text(right));
    }

    private static int compare(Object left, Object right) {
        if (left instanceof Instant || right instanceof Instant) {
            return compareDates(left, right);
        }
        if (isNumeric(left) || isNumeric(right)) {
            return Double.compare(number(left), number(right));
        }
        return text(left).compareTo(text(right));
    }

    private static boolean isNumeric(Object value) {
        return value instanceof Double || value instanceof Boolean;
    }

    /** A blank date makes a date comparison #ERROR!, which filters the record out. */
    private static int compareDates(Object left, Object right) {
        if (left == null || right == null || text(left).isEmpty() || text(right).isEmpty()) {
            throw new CompiledFormula.EvalError("#ERROR!");
        }
        return instant(left).compareTo(instant(right));
    }

    private static boolean isSame(Object[] v) {
        if (v[0] == null || v[1] == null) {
            return false;
        }
        Instant a = instant(v[0]);
        Instant b = instant(v[1]);
        if (v.length < 3 || v[2] == null) {
            return a.equals(b);
        }
        ChronoUnit unit = unit(text(v[2]));
        return truncate(a, unit, text(v[2])).equals(truncate(b, unit, text(v[2])));
    }

    private static ZonedDateTime truncate(Instant instant, ChronoUnit unit, String unitName) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        return switch (unit) {
            case MILLIS, SECONDS, MINUTES, HOURS, DAYS -> t.truncatedTo(unit);
            case WEEKS -> t.truncatedTo(ChronoUnit.DAYS).minusDays(t.getDayOfWeek().getValue() % 7);
            case MONTHS -> isQuarter(unitName)
                    ? t.truncatedTo(ChronoUnit.DAYS).with(IsoFields.DAY_OF_QUARTER, 1)
                    : t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case YEARS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            default -> throw new CompiledFormula.EvalError("#ERROR!");
        };
    }

    /**
     * moment's add: milli- to hour counts keep their fraction (then whole milliseconds), day, week, month, quarter
     * and year counts are rounded half away from zero; a count that is not a number is an invalid date.
     */
    private static Instant dateAdd(Instant date, double count, String unitName) {
        ChronoUnit unit = unit(unitName);
        if (Double.isNaN(count) || Double.isInfinite(count)) {
            throw new CompiledFormula.EvalError("#ERROR!");
        }
        ZonedDateTime utc = date.atZone(ZoneOffset.UTC);
        return switch (unit) {
            case MILLIS, SECONDS, MINUTES, HOURS -> Instant.ofEpochMilli(
                    (long) Math.floor(date.toEpochMilli() + count * unit.getDuration().toMillis()));
            case DAYS -> utc.plusDays(absRound(count)).toInstant();
            case WEEKS -> utc.plusDays(absRound(count * 7)).toInstant();
            case MONTHS -> utc.plusMonths(absRound(isQuarter(unitName) ? count * 3 : count)).toInstant();
            case YEARS -> utc.plusMonths(absRound(count * 12)).toInstant();
            default -> throw new IllegalStateException(unit.toString());
        };
    }

    private static long absRound(double x) {
        return x < 0 ? -Math.round(-x) : Math.round(x);
    }

    private static boolean isQuarter(String unitName) {
        return unitName.trim().equals("Q") || unitName.trim().toLowerCase(Locale.ROOT).startsWith("quarter");
    }

    /**
     * Airtable's unit specifiers as moment.js reads them: long names in any case, short ones as moment spells them
     * ("M" is months, "m" minutes). Anything else moment would silently ignore, so it is refused.
     */
    private static ChronoUnit unit(String name) {
        String unit = name.trim();
        switch (unit) {
            case "M", "Q":
                return ChronoUnit.MONTHS;
            case "D", "W": // moment: day of month, ISO week
                throw new FormulaException("unit '" + unit + "' is not supported by the emulator");
            default:
                break;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "milliseconds", "millisecond", "ms" -> ChronoUnit.MILLIS;
            case "seconds", "second", "s" -> ChronoUnit.SECONDS;
            case "minutes", "minute", "m" -> ChronoUnit.MINUTES;
            case "hours", "hour", "h" -> ChronoUnit.HOURS;
            case "days", "day", "d" -> ChronoUnit.DAYS;
            case "weeks", "week", "w" -> ChronoUnit.WEEKS;
            case "months", "month", "quarters", "quarter" -> ChronoUnit.MONTHS;
            case "years", "year", "y" -> ChronoUnit.YEARS;
            default -> throw new FormulaException("unit '" + DateTimeText.abbreviate(unit) + "' is not supported by the emulator");
        };
    }
}
