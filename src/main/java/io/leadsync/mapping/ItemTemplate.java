package io.leadsync.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.tracker.ItemDraft;

/**
 * Renders a lead as a card/task: the name and description from templates ({@code {Field}} placeholders name
 * Airtable fields), the mapped fields ({@link PairMapping#fields()}), and the marker holding the record id at the
 * end of the description, which is how links are rebuilt when local state is lost. A value longer than the tracker
 * takes is cut to fit, visibly, the marker kept whole: the rendering is what is written and what the shadow holds,
 * so a cut value is no difference next cycle.
 *
 * <p>The description template's lines: a line that is a single {@code {Field}} is a block (the lead's long text);
 * when its value is empty the line is left out, and so is the blank line that would then double. Other
 * placeholders are inline; {@code {Field|text}} shows {@code text} when the field is empty. With a tracker's limit,
 * inline values are cut to {@value #FIELD_MAX} characters and the blocks give way, in order, to fit the rest.
 */
public final class ItemTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}|]+)(?:\\|([^}]*))?}");
    private static final Pattern MARKER = Pattern.compile("\\[leadsync:(rec[A-Za-z0-9]{3,32})]");
    /** Where the description template puts the marker. */
    public static final String MARKER_PLACEHOLDER = "{marker}";
    private static final String MARKER_FIELD = "marker";
    /** The tracker fields a mapping may feed (beside {@code custom:<name>}), and name/description for directions. */
    private static final Set<String> TRACKER_FIELDS = Set.of("due", "labels", "priority", "assignees");
    private static final Set<String> LIST_FIELDS = Set.of("labels", "assignees");
    private static final String CUSTOM = "custom:";

    /** Ends a value that was cut to fit the tracker. */
    public static final String CUT = "… [cut by leadsync]";
    /** Inline values in a limited description (Email, Source): a value longer than this is not an email or a source. */
    private static final int FIELD_MAX = 500;
    /** A value shown in a log line or message is cut to this many characters. */
    private static final int SHOWN_MAX = 200;

    private final String nameTemplate;
    private final String descriptionTemplate;
    private final LeadSchema schema;
    private final int nameMax;
    private final int descriptionMax;
    private final Map<String, String> fields;
    private final Map<String, String> directions;
    /** The mapping the templates and fields came from (null: the defaults): what {@link #check} checks. */
    private final PairMapping declared;

    /** The default templates: this name template and the description with Email, Source and Description. */
    public ItemTemplate(String nameTemplate, LeadSchema schema) {
        this(nameTemplate, defaultDescription(schema), schema, Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(),
                Map.of(), null);
    }

    private ItemTemplate(String nameTemplate, String descriptionTemplate, LeadSchema schema, int nameMax,
                         int descriptionMax, Map<String, String> fields, Map<String, String> directions,
                         PairMapping declared) {
        this.nameTemplate = nameTemplate;
        this.descriptionTemplate = descriptionTemplate;
        this.schema = schema;
        this.nameMax = nameMax;
        this.descriptionMax = descriptionMax;
        this.fields = fields;
        this.directions = directions;
        this.declared = declared;
    }

    /**
     * The description leadsync has always written: Email, Source, the lead's Description, and the marker (the
     * fields named by {@code leadsync.airtable.fields.*}).
     */
    public static String defaultDescription(LeadSchema schema) {
        return "Email: {" + schema.email() + "|(none)}\nSource: {" + schema.source() + "|(none)}\n\n{"
                + schema.description() + "}\n\n---\n" + MARKER_PLACEHOLDER + " synced from Airtable by leadsync";
    }

    /** The same template for a tracker that refuses longer names or descriptions (in UTF-16 characters). */
    public ItemTemplate withLimits(int maxName, int maxDescription) {
        return new ItemTemplate(nameTemplate, descriptionTemplate, schema, maxName, maxDescription, fields,
                directions, declared);
    }

    /**
     * These defaults with what the pair's mapping declares: its templates where it has them, its fields and
     * directions. Not checked here: see {@link #check}.
     */
    public ItemTemplate with(PairMapping mapping) {
        return new ItemTemplate(mapping.getNameTemplate() != null ? mapping.getNameTemplate() : nameTemplate,
                mapping.getDescriptionTemplate() != null ? mapping.getDescriptionTemplate() : descriptionTemplate,
                schema, nameMax, descriptionMax, copy(mapping.fields()), copy(mapping.directions()), mapping);
    }

    /** As declared: a key written with no value (null) is kept, for {@link #check} to name. */
    private static Map<String, String> copy(Map<String, String> declared) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(declared));
    }

    /**
     * Checks what the mapping declares against the table (field name -> Airtable type): every field the templates
     * and fields name exists, the tracker fields and directions are known ones, a two-way field can be written
     * back, the description holds the marker last. Throws {@link IllegalStateException} with one line naming the
     * pair, the key and what to write instead.
     */
    public void check(String pair, Map<String, String> table) {
        if (declared == null) {
            return;
        }
        String where = "The " + pair + " mapping's ";
        String fix = " (routes/" + pair + ".camel.yaml)";
        if (declared.getNameTemplate() != null) {
            if (declared.getNameTemplate().isBlank()) {
                throw new IllegalStateException(where + "nameTemplate is empty; write one such as '{"
                        + schema.name() + "}'" + fix);
            }
            fieldsExist(where + "nameTemplate", declared.getNameTemplate(), table, fix);
        }
        if (declared.getDescriptionTemplate() != null) {
            checkDescription(where + "descriptionTemplate", declared.getDescriptionTemplate(), table, fix);
        }
        fields.forEach((key, source) -> {
            if ("name".equals(key) || "description".equals(key)) {
                throw new IllegalStateException(where + "fields has '" + key + "'; the " + key + " is rendered by "
                        + key + "Template: write " + key + "Template: \"{" + schema.name() + "}\" instead" + fix);
            }
            if (!TRACKER_FIELDS.contains(key) && !(key.startsWith(CUSTOM) && key.length() > CUSTOM.length())) {
                throw new IllegalStateException(where + "fields has '" + key + "', which is not a tracker field; "
                        + "use due, labels, priority, assignees or custom:<custom field name>" + fix);
            }
            if (source == null || source.isBlank()) {
                throw new IllegalStateException(where + "fields." + key + " names no Airtable field; write the "
                        + "field's name, e.g. " + key + ": Deadline" + fix);
            }
            fieldsExist(where + "fields." + key, source.contains("{") ? source : "{" + source + "}", table, fix);
        });
        directions.forEach((key, direction) -> checkDirection(where, key, direction, table, fix));
    }

    private void checkDescription(String what, String template, Map<String, String> table, String fix) {
        int marker = template.indexOf(MARKER_PLACEHOLDER);
        if (marker < 0) {
            throw new IllegalStateException(what + " has no " + MARKER_PLACEHOLDER + ": it is how a card finds "
                    + "its lead again ([leadsync:rec…]); end the template with a line such as '"
                    + MARKER_PLACEHOLDER + " synced from Airtable by leadsync'" + fix);
        }
        if (template.indexOf(MARKER_PLACEHOLDER, marker + 1) >= 0) {
            throw new IllegalStateException(what + " has " + MARKER_PLACEHOLDER + " twice; keep one, at the end" + fix);
        }
        Matcher after = PLACEHOLDER.matcher(template.substring(marker + MARKER_PLACEHOLDER.length()));
        if (after.find()) {
            throw new IllegalStateException(what + " has " + after.group() + " after " + MARKER_PLACEHOLDER
                    + ": the marker must come after every field (a lead's text could hold another marker); move "
                    + MARKER_PLACEHOLDER + " to the end" + fix);
        }
        fieldsExist(what, template.replace(MARKER_PLACEHOLDER, ""), table, fix);
    }

    private void checkDirection(String where, String key, String direction, Map<String, String> table, String fix) {
        if (!PairMapping.TO_TRACKER.equals(direction) && !PairMapping.TWO_WAY.equals(direction)) {
            throw new IllegalStateException(where + "directions." + key + " is '" + direction + "'; write "
                    + PairMapping.TO_TRACKER + " or " + PairMapping.TWO_WAY + fix);
        }
        boolean twoWay = PairMapping.TWO_WAY.equals(direction);
        if ("description".equals(key)) {
            if (twoWay) {
                throw new IllegalStateException(where + "directions.description cannot be " + PairMapping.TWO_WAY
                        + ": the description holds several fields and the marker; map the field to edit on the item "
                        + "under fields (e.g. custom:<name>) and make that two-way" + fix);
            }
            return;
        }
        String source;
        if ("name".equals(key)) {
            source = nameTemplate;
        } else if (fields.containsKey(key)) {
            source = fields.get(key);
        } else {
            throw new IllegalStateException(where + "directions has '" + key + "', which fields does not map; add "
                    + "fields." + key + ": <Airtable field>, or remove it" + fix);
        }
        if (!twoWay) {
            return;
        }
        String field = singleField(source);
        if (field == null) {
            throw new IllegalStateException(where + "directions." + key + " cannot be " + PairMapping.TWO_WAY
                    + ": '" + source + "' is not a single Airtable field, so an edit on the item cannot be written "
                    + "back; feed " + key + " from one field ('{Field}') or make it " + PairMapping.TO_TRACKER + fix);
        }
        String type = table.get(field);
        if (field.equals(schema.status()) || field.equals(schema.lastModified())
                || !io.leadsync.airtable.LeadValues.writable(type)) {
            throw new IllegalStateException(where + "directions." + key + " cannot be " + PairMapping.TWO_WAY
                    + ": Airtable field '" + field + "' is " + (field.equals(schema.status())
                    ? "the status, which the status mapping writes" : "computed (" + type + ") and cannot be written")
                    + "; make it " + PairMapping.TO_TRACKER + fix);
        }
    }

    /** The one Airtable field a source is ("Field" or "{Field}"), or null for a template of more. */
    private static String singleField(String source) {
        if (!source.contains("{")) {
            return source.trim();
        }
        Matcher m = PLACEHOLDER.matcher(source.trim());
        return m.matches() && m.group(2) == null ? m.group(1) : null;
    }

    private static void fieldsExist(String what, String template, Map<String, String> table, String fix) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!table.isEmpty() && !table.containsKey(m.group(1))) {
                throw new IllegalStateException(what + " names Airtable field '" + m.group(1) + "', which the table "
                        + "does not have; it has: " + String.join(", ", table.keySet()) + fix);
            }
        }
    }

    /**
     * The Airtable fields a rendering reads: those the name and description templates and the mapped fields name
     * (the lead's changes that can change an item; a webhook watches these).
     */
    public Set<String> airtableFields() {
        Set<String> named = new TreeSet<>();
        for (String template : List.of(nameTemplate, descriptionTemplate.replace(MARKER_PLACEHOLDER, ""))) {
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        fields.values().stream().filter(java.util.Objects::nonNull).forEach(source -> {
            Matcher m = PLACEHOLDER.matcher(source.contains("{") ? source : "{" + source + "}");
            while (m.find()) {
                named.add(m.group(1));
            }
        });
        return named;
    }

    /**
     * How this template renders items, as text that differs whenever a rendering may: the templates, the mapped
     * fields and their directions (the limits are the tracker's, fixed).
     */
    public String signature() {
        return "name=" + nameTemplate + "\ndescription=" + descriptionTemplate + "\nfields=" + new TreeMap<>(fields)
                + "\ndirections=" + new TreeMap<>(directions);
    }

    /** The tracker fields mapped two-way ({@code name} among them when so declared). */
    public boolean twoWay(String trackerField) {
        return PairMapping.TWO_WAY.equals(directions.get(trackerField));
    }

    /** The Airtable field a two-way tracker field is written back to. */
    public String airtableField(String trackerField) {
        return singleField("name".equals(trackerField) ? nameTemplate : fields.get(trackerField));
    }

    public ItemDraft render(Lead lead, String bucket) {
        return new ItemDraft(lead.id(), name(lead), description(lead), bucket, fields(lead));
    }

    /**
     * The mapped fields' values for this lead, in the text form of each tracker field: labels and assignees as a
     * sorted list without repeats, a priority in lower case, anything else as the lead has it.
     */
    public Map<String, String> fields(Lead lead) {
        Map<String, String> out = new TreeMap<>();
        fields.forEach((key, source) -> {
            String value = (source.contains("{") ? fill(source, lead) : lead.field(source.trim())).trim();
            if (LIST_FIELDS.contains(key)) {
                value = String.join(", ", new TreeSet<>(Arrays.stream(value.split(",")).map(String::trim)
                        .filter(v -> !v.isEmpty()).toList()));
            } else if ("priority".equals(key)) {
                value = value.toLowerCase(Locale.ROOT);
            }
            out.put(key, value);
        });
        return out;
    }

    String name(Lead lead) {
        return cut(fullName(lead), nameMax);
    }

    private String fullName(Lead lead) {
        String name = fill(nameTemplate, lead).trim();
        return name.isEmpty() ? "(unnamed lead " + lead.id() + ")" : name;
    }

    private static String fill(String template, Lead lead) {
        return fill(template, lead, Integer.MAX_VALUE);
    }

    /**
     * The template with each placeholder replaced by its field's trimmed value (or the text given for empty), cut
     * to {@code max}, and {@code {marker}} by the lead's marker.
     */
    private static String fill(String template, Lead lead, int max) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = MARKER_FIELD.equals(m.group(1)) ? marker(lead.id()) : value(m, lead, max);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String value(Matcher placeholder, Lead lead, int max) {
        String value = lead.field(placeholder.group(1)).trim();
        if (value.isEmpty() && placeholder.group(2) != null) {
            value = placeholder.group(2);
        }
        return cut(value, max);
    }

    String description(Lead lead) {
        boolean limited = descriptionMax != Integer.MAX_VALUE;
        String[] lines = descriptionTemplate.split("\n", -1);
        List<String> out = new ArrayList<>();
        List<Integer> blockAt = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher whole = PLACEHOLDER.matcher(lines[i]);
            if (whole.matches() && !MARKER_FIELD.equals(whole.group(1))) {
                String value = value(whole, lead, Integer.MAX_VALUE);
                if (value.isEmpty()) {
                    // left out, and the blank line that would double with it
                    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty() && i + 1 < lines.length
                            && lines[i + 1].isEmpty()) {
                        i++;
                    }
                    continue;
                }
                blockAt.add(out.size());
                blocks.add(value);
                out.add("");
                continue;
            }
            out.add(fill(lines[i], lead, limited ? FIELD_MAX : Integer.MAX_VALUE));
        }
        // the blocks give way, never the marker or the lines around them
        long room = (long) descriptionMax - String.join("\n", out).length();
        for (int b = 0; b < blocks.size(); b++) {
            String value = cut(blocks.get(b), (int) Math.max(CUT.length(), Math.min(room, Integer.MAX_VALUE)));
            room -= value.length();
            out.set(blockAt.get(b), value);
        }
        return String.join("\n", out);
    }

    /**
     * What rendering the lead cuts, for the audit trail ("name cut from 20000 to 16384 characters"), or null when
     * everything fits.
     */
    public String cuts(Lead lead) {
        StringBuilder said = new StringBuilder();
        String full = fullName(lead);
        String name = name(lead);
        if (!name.equals(full)) {
            said.append("name cut from ").append(full.length()).append(" to ").append(name.length()).append(" characters");
        }
        String description = description(lead);
        if (!description.equals(withLimits(Integer.MAX_VALUE, Integer.MAX_VALUE).description(lead))) {
            said.append(said.isEmpty() ? "" : "; ").append("description cut to ").append(description.length())
                    .append(" characters (the tracker takes ").append(descriptionMax).append(")");
        }
        return said.isEmpty() ? null : said.toString();
    }

    private static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Math.max(0, max - CUT.length());
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--; // never half a character
        }
        return value.substring(0, end) + CUT;
    }

    /** A value as a log line or a message may show it: at most a few hundred characters, and its length. */
    public static String shown(String value) {
        if (value == null || value.length() <= SHOWN_MAX) {
            return value;
        }
        return value.substring(0, SHOWN_MAX) + "… (" + value.length() + " characters)";
    }

    public static String marker(String recordId) {
        return "[leadsync:" + recordId + "]";
    }

    /** True when the description carries markers of this record only (a person pasting one adds another). */
    public static boolean onlyMarkersOf(String description, String recordId) {
        if (description == null) {
            return false;
        }
        Matcher m = MARKER.matcher(description);
        boolean any = false;
        while (m.find()) {
            if (!m.group(1).equals(recordId)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /**
     * The record id in a description's marker, or null. The last marker counts: leadsync writes its own at the
     * end, below the lead's text, where someone may have pasted another one.
     */
    public static String recordIdIn(String description) {
        if (description == null) {
            return null;
        }
        Matcher m = MARKER.matcher(description);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
