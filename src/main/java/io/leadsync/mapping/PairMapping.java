package io.leadsync.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pair's mapping, declared as the bean {@code <pair>Mapping} in its {@code routes/*.camel.yaml} and looked up on
 * every cycle (an edit is reloaded while the sync runs): the status tables ({@link StatusMapping}), and which
 * Airtable fields feed the item's other fields.
 *
 * <p>{@code fields} maps a tracker field to the Airtable field that feeds it. The tracker fields, and the text form
 * every value takes on both sides (so that a value read back from the tracker compares equal to the one rendered
 * from the lead):
 * <ul>
 *   <li>{@code due}: the due date, ISO-8601 ({@code 2026-12-01}, or {@code 2026-12-01T09:30:00.000Z} with a time);</li>
 *   <li>{@code labels}: Trello labels / ClickUp tags, by name, sorted, joined by {@code ", "};</li>
 *   <li>{@code priority}: ClickUp's priority by name ({@code urgent}, {@code high}, {@code normal}, {@code low});</li>
 *   <li>{@code assignees}: Trello members by username / ClickUp members by email, sorted, joined by {@code ", "};</li>
 *   <li>{@code custom:<name>}: the board's/list's custom field of that name, in the text form of its type.</li>
 * </ul>
 * An empty value means "none" (a cleared field). {@code directions} says, per tracker field, {@code to-tracker}
 * (the default: Airtable feeds the tracker) or {@code two-way} (a tracker edit is written to Airtable, the conflict
 * policy deciding edits on both sides); {@code name} may be two-way too when {@code nameTemplate} is a single
 * {@code {Field}}.
 *
 * <p>{@code nameTemplate} and {@code descriptionTemplate} render the item's name and description from the lead
 * ({@code {Field}} names an Airtable field, {@code {Field|text}} gives the text shown when it is empty,
 * {@code {marker}} is the {@code [leadsync:rec…]} marker the description must end with); when absent, the
 * defaults of {@code leadsync.<tracker>.*-name-template} and the Email/Source/Description description apply
 * (see {@link ItemTemplate}).
 *
 * <p>{@code filter} says which leads the pair syncs ({@link RecordFilter}: Airtable field -> condition, all must
 * hold); {@code leavingFilter} what happens to the item of a linked lead that leaves it: {@code leave} (the
 * default) or {@code archive}.
 */
public final class PairMapping {

    /** Airtable feeds the tracker field (the default). */
    public static final String TO_TRACKER = "to-tracker";
    /** Edits flow both ways. */
    public static final String TWO_WAY = "two-way";

    private final StatusMapping statuses;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, String> directions = new LinkedHashMap<>();
    private String nameTemplate;
    private String descriptionTemplate;
    private final Map<String, String> filter = new LinkedHashMap<>();
    private String leavingFilter = RecordFilter.Leaving.LEAVE.toString();

    public PairMapping() {
        this(new StatusMapping());
    }

    private PairMapping(StatusMapping statuses) {
        this.statuses = statuses;
    }

    /** A mapping of statuses only: what a {@code <pair>Mapping} bean of the older type StatusMapping declares. */
    public static PairMapping ofStatuses(StatusMapping statuses) {
        return new PairMapping(statuses);
    }

    public StatusMapping statuses() {
        return statuses;
    }

    /** Live map: Camel's bean binding fills it key by key from the YAML block. */
    public Map<String, String> getLeadToTracker() {
        return statuses.getLeadToTracker();
    }

    /** Live map: Camel's bean binding fills it key by key from the YAML block. */
    public Map<String, String> getTrackerToLead() {
        return statuses.getTrackerToLead();
    }

    /** Live map: tracker field -> Airtable field, filled by Camel's bean binding. */
    public Map<String, String> getFields() {
        return fields;
    }

    /** Live map: tracker field -> {@value #TO_TRACKER} or {@value #TWO_WAY}, filled by Camel's bean binding. */
    public Map<String, String> getDirections() {
        return directions;
    }

    /** The item name's template, or null for the default. */
    public String getNameTemplate() {
        return nameTemplate;
    }

    public void setNameTemplate(String nameTemplate) {
        this.nameTemplate = nameTemplate;
    }

    /** The item description's template, or null for the default. */
    public String getDescriptionTemplate() {
        return descriptionTemplate;
    }

    public void setDescriptionTemplate(String descriptionTemplate) {
        this.descriptionTemplate = descriptionTemplate;
    }

    /** Live map: Airtable field -> condition ({@link RecordFilter}), filled by Camel's bean binding. */
    public Map<String, String> getFilter() {
        return filter;
    }

    public String getLeavingFilter() {
        return leavingFilter;
    }

    public void setLeavingFilter(String leavingFilter) {
        this.leavingFilter = leavingFilter;
    }

    /** The record filter; a condition that cannot be read fails in one line naming its field. */
    public RecordFilter recordFilter() {
        return RecordFilter.of(filter);
    }

    /** What happens to the item of a linked lead that leaves the filter; a wrong value fails in one line. */
    public RecordFilter.Leaving leaving() {
        return RecordFilter.Leaving.of(leavingFilter);
    }

    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public Map<String, String> directions() {
        return Collections.unmodifiableMap(directions);
    }

    @Override
    public String toString() {
        return statuses + (nameTemplate == null ? "" : ", name '" + nameTemplate + "'")
                + (descriptionTemplate == null ? "" : ", description '" + descriptionTemplate.replace("\n", "\\n") + "'")
                + (fields.isEmpty() ? "" : ", fields " + fields)
                + (directions.isEmpty() ? "" : ", directions " + directions)
                + (filter.isEmpty() ? "" : ", filter " + filter + ", leavingFilter " + leavingFilter);
    }
}
