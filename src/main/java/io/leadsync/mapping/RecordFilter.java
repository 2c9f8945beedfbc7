package io.leadsync.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.leadsync.airtable.Lead;

/**
 * Which leads a pair syncs: conditions on the lead's fields as Airtable returns them, every one of which must hold
 * (the {@code filter} block of the {@code <pair>Mapping} bean, field name -> condition). A condition is one of
 * <ul>
 *   <li>{@code checked} / {@code unchecked}: a checkbox (or a formula field giving 1 or 0: how a view's or any
 *       formula's logic is brought in, computed by Airtable);</li>
 *   <li>{@code empty} / {@code not empty};</li>
 *   <li>{@code Website, Referral}: the value is one of these (exactly, commas separate them);</li>
 *   <li>{@code not Cold call, Spam}: the value is none of these (an empty value passes).</li>
 * </ul>
 * No conditions: every lead syncs. {@link #rejection} is a pure function of the lead.
 */
public final class RecordFilter {

    /** What happens to the item of a linked lead that leaves the filter. */
    public enum Leaving {
        /** The item stays as it is and stops syncing both ways until the lead is back (the default). */
        LEAVE,
        /** The item is archived (through the safety rail), and restored when the lead is back. */
        ARCHIVE;

        /** The {@code leavingFilter} property's value; a wrong one fails naming what to write. */
        public static Leaving of(String value) {
            String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            return switch (text) {
                case "", "leave" -> LEAVE;
                case "archive" -> ARCHIVE;
                default -> throw new IllegalArgumentException("leavingFilter is '" + ItemTemplate.shown(value)
                        + "'; use leave or archive");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Test { CHECKED, UNCHECKED, EMPTY, NOT_EMPTY, ONE_OF, NONE_OF }

    private record Condition(String field, Test test, List<String> values) {

        String failure(String value) {
            boolean holds = switch (test) {
                case CHECKED -> checked(value);
                case UNCHECKED -> !checked(value);
                case EMPTY -> value.isBlank();
                case NOT_EMPTY -> !value.isBlank();
                case ONE_OF -> values.contains(value.strip());
                case NONE_OF -> !values.contains(value.strip());
            };
            if (holds) {
                return null;
            }
            String shown = value.isBlank() ? "empty" : "'" + ItemTemplate.shown(value) + "'";
            return field + " is " + switch (test) {
                case CHECKED -> "not checked";
                case UNCHECKED -> "checked";
                case EMPTY -> "not empty";
                case NOT_EMPTY -> "empty";
                case ONE_OF -> shown + ", not one of " + String.join(", ", values);
                case NONE_OF -> shown + ", which the filter excludes";
            } + " (filter " + this + ")";
        }

        /** A checkbox's true, or a formula's number other than 0 (Airtable gives a formula's TRUE() as 1). */
        private static boolean checked(String value) {
            String v = value.strip();
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            try {
                return Double.parseDouble(v) != 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return field + ": " + switch (test) {
                case CHECKED -> "checked";
                case UNCHECKED -> "unchecked";
                case EMPTY -> "empty";
                case NOT_EMPTY -> "not empty";
                case ONE_OF -> String.join(", ", values);
                case NONE_OF -> "not " + String.join(", ", values);
            };
        }
    }

    private final List<Condition> conditions;

    private RecordFilter(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /**
     * The filter of a {@code filter} block (field -> condition); a condition that cannot be read fails in one line
     * naming the field and what to write.
     */
    public static RecordFilter of(Map<String, String> block) {
        List<Condition> conditions = new ArrayList<>();
        block.forEach((field, text) -> conditions.add(condition(field, text)));
        return new RecordFilter(List.copyOf(conditions));
    }

    private static Condition condition(String field, String text) {
        String condition = text == null ? "" : text.strip();
        Test keyword = switch (condition.toLowerCase(Locale.ROOT)) {
            case "checked" -> Test.CHECKED;
            case "unchecked", "not checked" -> Test.UNCHECKED;
            case "empty" -> Test.EMPTY;
            case "not empty" -> Test.NOT_EMPTY;
            default -> null;
        };
        if (keyword != null) {
            return new Condition(field, keyword, List.of());
        }
        boolean negated = condition.regionMatches(true, 0, "not ", 0, 4);
        List<String> values = values(negated ? condition.substring(4) : condition);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("filter condition for field '" + field + "' is '"
                    + ItemTemplate.shown(String.valueOf(text)) + "'; write checked, unchecked, empty, not empty, "
                    + "a list of values (Website, Referral) or not and a list (not Cold call)");
        }
        return new Condition(field, negated ? Test.NONE_OF : Test.ONE_OF, values);
    }

    private static List<String> values(String list) {
        return List.copyOf(new LinkedHashSet<>(Arrays.stream(list.split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).toList()));
    }

    /** True when every lead syncs. */
    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    /** Why the lead is outside the filter (the first condition it fails, named), or null when it syncs. */
    public String rejection(Lead lead) {
        for (Condition c : conditions) {
            String failure = c.failure(lead.field(c.field()));
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    public boolean admits(Lead lead) {
        return rejection(lead) == null;
    }

    /** The first field the filter names that is not among these (the table's fields), or null. */
    public String unknownField(Collection<String> tableFields) {
        return conditions.stream().map(Condition::field).filter(f -> !tableFields.contains(f)).findFirst()
                .orElse(null);
    }

    /** The conditions as one line, the same for equal filters ("none" without any): logged, audited, compared. */
    @Override
    public String toString() {
        return conditions.isEmpty() ? "none" : String.join("; ", conditions.stream().map(Condition::toString).toList());
    }
}
