package io.leadsync.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.tracker.ItemDraft;

/**
 * Renders a lead as a card/task: the name from a template ({@code {Name}} placeholders name Airtable fields),
 * the description with Email, Source, Description and a marker holding the record id, which is how links are
 * rebuilt when local state is lost.
 */
public final class ItemTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final Pattern MARKER = Pattern.compile("\\[leadsync:(rec[A-Za-z0-9]{3,32})]");

    private final String nameTemplate;
    private final LeadSchema schema;

    public ItemTemplate(String nameTemplate, LeadSchema schema) {
        this.nameTemplate = nameTemplate;
        this.schema = schema;
    }

    public ItemDraft render(Lead lead, String bucket) {
        return new ItemDraft(lead.id(), name(lead), description(lead), bucket);
    }

    String name(Lead lead) {
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
        StringBuilder sb = new StringBuilder();
        sb.append("Email: ").append(orNone(lead.field(schema.email()))).append('\n');
        sb.append("Source: ").append(orNone(lead.field(schema.source()))).append('\n');
        String text = lead.field(schema.description()).trim();
        if (!text.isEmpty()) {
            sb.append('\n').append(text).append('\n');
        }
        sb.append("\n---\n").append(marker(lead.id())).append(" synced from Airtable by leadsync");
        return sb.toString();
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
