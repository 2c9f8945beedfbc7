package io.leadsync.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.tracker.ItemDraft;

/**
 * Renders a lead as a card/task: the name from a template ({@code {Name}} placeholders name Airtable fields),
 * the description with Email, Source, Description and a marker holding the record id, which is how links are
 * rebuilt when local state is lost. A value longer than the tracker takes is cut to fit, visibly, the marker kept
 * whole: the rendering is what is written and what the shadow holds, so a cut value is no difference next cycle.
 */
public final class ItemTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern MARKER = Pattern.compile("\\[leadsync:(rec[A-Za-z0-9]{3,32})]");

    /** Ends a value that was cut to fit the tracker. */
    public static final String CUT = "… [cut by leadsync]";
    /** Email and Source in a limited description: a value longer than this is not an email or a source. */
    private static final int FIELD_MAX = 500;
    /** A value shown in a log line or message is cut to this many characters. */
    private static final int SHOWN_MAX = 200;

    private final String nameTemplate;
    private final LeadSchema schema;
    private final int nameMax;
    private final int descriptionMax;

    public ItemTemplate(String nameTemplate, LeadSchema schema) {
        this(nameTemplate, schema, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private ItemTemplate(String nameTemplate, LeadSchema schema, int nameMax, int descriptionMax) {
        this.nameTemplate = nameTemplate;
        this.schema = schema;
        this.nameMax = nameMax;
        this.descriptionMax = descriptionMax;
    }

    /** The same template for a tracker that refuses longer names or descriptions (in UTF-16 characters). */
    public ItemTemplate withLimits(int maxName, int maxDescription) {
        return new ItemTemplate(nameTemplate, schema, maxName, maxDescription);
    }

    public ItemDraft render(Lead lead, String bucket) {
        return new ItemDraft(lead.id(), name(lead), description(lead), bucket);
    }

    String name(Lead lead) {
        return cut(fullName(lead), nameMax);
    }

    private String fullName(Lead lead) {
        Matcher m = PLACEHOLDER.matcher(nameTemplate);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(lead.field(m.group(1)).trim()));
        }
        m.appendTail(sb);
        String name = sb.toString().trim();
        return name.isEmpty() ? "(unnamed lead " + lead.id() + ")" : name;
    }

    String description(Lead lead) {
        int fieldMax = descriptionMax == Integer.MAX_VALUE ? Integer.MAX_VALUE : FIELD_MAX;
        String head = "Email: " + cut(orNone(lead.field(schema.email())), fieldMax) + "\n"
                + "Source: " + cut(orNone(lead.field(schema.source())), fieldMax) + "\n";
        String foot = "\n---\n" + marker(lead.id()) + " synced from Airtable by leadsync";
        String text = lead.field(schema.description()).trim();
        if (text.isEmpty()) {
            return head + foot;
        }
        // the lead's text gives way, never the marker below it
        long room = (long) descriptionMax - head.length() - foot.length() - 2;
        return head + "\n" + cut(text, (int) Math.max(CUT.length(), Math.min(room, Integer.MAX_VALUE))) + "\n" + foot;
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
        if (!description.equals(new ItemTemplate(nameTemplate, schema).description(lead))) {
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

    private static String orNone(String value) {
        return value.isBlank() ? "(none)" : value.trim();
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
