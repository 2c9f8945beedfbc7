package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import org.junit.jupiter.api.Test;

/**
 * What a pair's mapping declares beyond statuses: the name and description templates and the mapped fields as
 * they render a lead, and the one-line errors a mapping that cannot work gets at start-up and on reload.
 */
class MappingTemplatesTest {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");
    static final String ID = "recAbC123xyz0001";
    /** The table: field name -> Airtable type. */
    static final Map<String, String> TABLE = table("Name", "singleLineText", "Email", "email", "Source",
            "singleSelect", "Description", "multilineText", "Status", "singleSelect", "Last Modified",
            "lastModifiedTime", "Deadline", "date", "Tags", "multipleSelects", "Priority", "singleSelect",
            "Owner", "email", "Budget", "number", "Company", "singleLineText", "Score", "formula");

    private final ItemTemplate defaults = new ItemTemplate("{Name}", SCHEMA);

    private static Map<String, String> table(String... namesAndTypes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            out.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return out;
    }

    private static Lead lead(String... fieldsAndValues) {
        return new Lead(ID, table(fieldsAndValues), 1_000);
    }

    private static PairMapping mapping() {
        return new PairMapping();
    }

    // ------------------------------------------------------------------ defaults

    /** The description leadsync rendered before templates existed, as it was written then. */
    private static String descriptionBeforeTemplates(Lead lead, int descriptionMax) {
        int fieldMax = descriptionMax == Integer.MAX_VALUE ? Integer.MAX_VALUE : 500;
        String head = "Email: " + cutAsBefore(orNone(lead.field("Email")), fieldMax) + "\n"
                + "Source: " + cutAsBefore(orNone(lead.field("Source")), fieldMax) + "\n";
        String foot = "\n---\n" + ItemTemplate.marker(lead.id()) + " synced from Airtable by leadsync";
        String text = lead.field("Description").trim();
        if (text.isEmpty()) {
            return head + foot;
        }
        long room = (long) descriptionMax - head.length() - foot.length() - 2;
        return head + "\n" + cutAsBefore(text, (int) Math.max(ItemTemplate.CUT.length(),
                Math.min(room, Integer.MAX_VALUE))) + "\n" + foot;
    }

    private static String orNone(String value) {
        return value.isBlank() ? "(none)" : value.trim();
    }

    private static String cutAsBefore(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Math.max(0, max - ItemTemplate.CUT.length());
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + ItemTemplate.CUT;
    }

    @Test
    void aMappingWithoutTemplatesRendersExactlyWhatLeadsyncRenderedBefore() {
        List<Lead> leads = List.of(lead("Name", "Acme", "Email", " a@acme.test ", "Source", "Web", "Description",
                        "  Wants a demo.\n\nCall Monday.  "),
                lead("Name", "Acme", "Email", "  ", "Description", " \n "),
                lead("Name", "Ada", "Email", "e".repeat(2_000), "Source", "s".repeat(600), "Description",
                        "d".repeat(30_000)),
                lead("Name", "Ada", "Description", "😀".repeat(20_000)),
                lead());
        ItemTemplate unlimited = defaults.with(mapping());
        ItemTemplate limited = defaults.withLimits(16_384, 16_384).with(mapping());
        for (Lead lead : leads) {
            assertThat(unlimited.description(lead)).isEqualTo(descriptionBeforeTemplates(lead, Integer.MAX_VALUE));
            assertThat(limited.description(lead)).isEqualTo(descriptionBeforeTemplates(lead, 16_384));
            assertThat(unlimited.name(lead)).isEqualTo(defaults.name(lead));
        }
    }

    @Test
    void theDefaultDescriptionWrittenOutAsATemplateRendersTheSame() {
        PairMapping written = mapping();
        written.setDescriptionTemplate("Email: {Email|(none)}\nSource: {Source|(none)}\n\n{Description}\n\n---\n"
                + "{marker} synced from Airtable by leadsync");
        Lead lead = lead("Name", "Ada", "Email", "e".repeat(2_000), "Description", "d".repeat(30_000));
        ItemTemplate limited = defaults.withLimits(16_384, 16_384);
        assertThat(limited.with(written).render(lead, "TODO")).isEqualTo(limited.render(lead, "TODO"));
        assertThat(defaults.with(written).render(lead(), "TODO")).isEqualTo(defaults.render(lead(), "TODO"));
    }

    // ------------------------------------------------------------------ templates

    @Test
    void aDescriptionTemplateFillsItsFieldsAndEndsWithTheMarker() {
        PairMapping m = mapping();
        m.setNameTemplate("{Company}: {Name}");
        m.setDescriptionTemplate("Owner: {Owner|nobody}\nBudget: {Budget}\n\n{Description}\n\n{marker}");
        ItemTemplate t = defaults.with(m);
        Lead lead = lead("Name", "Ada", "Company", "Acme", "Budget", "1200", "Description", "Call back.");

        assertThat(t.name(lead)).isEqualTo("Acme: Ada");
        assertThat(t.description(lead)).isEqualTo("Owner: nobody\nBudget: 1200\n\nCall back.\n\n["
                + "leadsync:" + ID + "]");
        assertThat(t.description(lead("Name", "Ada"))).as("an empty block line is left out, no blank line doubled")
                .isEqualTo("Owner: nobody\nBudget: \n\n[leadsync:" + ID + "]");
        assertThat(ItemTemplate.recordIdIn(t.description(lead))).isEqualTo(ID);
    }

    @Test
    void aLimitedDescriptionCutsItsBlocksAndKeepsTheMarkerWhole() {
        PairMapping m = mapping();
        m.setDescriptionTemplate("{Company}\n{Description}\n{marker}");
        ItemTemplate t = defaults.withLimits(16_384, 1_000).with(m);
        Lead lead = lead("Company", "c".repeat(700), "Description", "d".repeat(700));

        String description = t.description(lead);

        assertThat(description).hasSize(1_000).startsWith("c".repeat(700) + "\n")
                .contains("d" + ItemTemplate.CUT + "\n").endsWith("[leadsync:" + ID + "]");
        assertThat(t.cuts(lead)).startsWith("description cut to 1000 characters");
    }

    // ------------------------------------------------------------------ fields

    @Test
    void mappedFieldsRenderInTheTextFormOfTheirTrackerField() {
        PairMapping m = mapping();
        m.getFields().put("due", "Deadline");
        m.getFields().put("labels", "Tags");
        m.getFields().put("priority", "Priority");
        m.getFields().put("assignees", "Owner");
        m.getFields().put("custom:Deal", "{Company} ({Budget})");
        Lead lead = lead("Deadline", "2026-12-01", "Tags", "vip, Hot,  vip ,", "Priority", "High", "Owner",
                " ada@acme.test ", "Company", "Acme", "Budget", "1200");

        assertThat(defaults.with(m).render(lead, "TODO").fields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "due", "2026-12-01", "labels", "Hot, vip", "priority", "high", "assignees", "ada@acme.test",
                "custom:Deal", "Acme (1200)"));
        assertThat(defaults.with(m).render(lead(), "TODO").fields()).as("empty fields: none")
                .containsEntry("due", "").containsEntry("labels", "").containsEntry("custom:Deal", "()");
        assertThat(defaults.render(lead, "TODO").fields()).as("no fields mapped").isEmpty();
    }

    // ------------------------------------------------------------------ checks

    private String refusal(PairMapping m) {
        return assertThatThrownBy(() -> defaults.with(m).check("trello", TABLE))
                .isInstanceOf(IllegalStateException.class).actual().getMessage();
    }

    @Test
    void aGoodMappingPasses() {
        PairMapping m = mapping();
        m.setNameTemplate("{Company}: {Name}");
        m.setDescriptionTemplate("{Description}\n{marker} by leadsync");
        m.getFields().put("due", "Deadline");
        m.getFields().put("labels", "Tags");
        m.getFields().put("custom:Budget", "Budget");
        m.getDirections().put("due", "two-way");
        m.getDirections().put("custom:Budget", "two-way");
        m.getDirections().put("labels", "to-tracker");
        defaults.with(m).check("trello", TABLE);
        defaults.with(mapping()).check("trello", TABLE);
    }

    @Test
    void theDefaultsAreNotCheckedAgainstTheTableAsEmailSourceAndDescriptionAreOptional() {
        defaults.with(mapping()).check("trello", table("Name", "singleLineText", "Status", "singleSelect"));
    }

    @Test
    void aDescriptionWithoutTheMarkerIsRefused() {
        PairMapping m = mapping();
        m.setDescriptionTemplate("{Description}\n[leadsync:{Name}]");
        assertThat(refusal(m)).isEqualTo("The trello mapping's descriptionTemplate has no {marker}: it is how a "
                + "card finds its lead again ([leadsync:rec…]); end the template with a line such as '{marker} "
                + "synced from Airtable by leadsync' (routes/trello.camel.yaml)");
        m.setDescriptionTemplate("{marker}\n{Description}");
        assertThat(refusal(m)).contains("has {Description} after {marker}").contains("move {marker} to the end");
        m.setDescriptionTemplate("{marker} {marker}");
        assertThat(refusal(m)).contains("has {marker} twice");
    }

    @Test
    void aFieldTheTableDoesNotHaveIsNamedWithTheFieldsItHas() {
        PairMapping m = mapping();
        m.setNameTemplate("{Name} at {Firm}");
        assertThat(refusal(m)).startsWith("The trello mapping's nameTemplate names Airtable field 'Firm', which "
                + "the table does not have; it has: Name, Email, Source").endsWith("(routes/trello.camel.yaml)");
        m.setNameTemplate(null);
        m.getFields().put("due", "Due Date");
        assertThat(refusal(m)).startsWith("The trello mapping's fields.due names Airtable field 'Due Date'");
        m.getFields().put("due", " ");
        assertThat(refusal(m)).contains("fields.due names no Airtable field");
        m.getFields().put("due", null); // "due:" with nothing after it
        assertThat(refusal(m)).contains("fields.due names no Airtable field");
    }

    @Test
    void anUnknownTrackerFieldIsRefusedNamingTheKnownOnes() {
        PairMapping m = mapping();
        m.getFields().put("dueDate", "Deadline");
        assertThat(refusal(m)).isEqualTo("The trello mapping's fields has 'dueDate', which is not a tracker field; "
                + "use due, labels, priority, assignees or custom:<custom field name> (routes/trello.camel.yaml)");
        m.getFields().clear();
        m.getFields().put("custom:", "Deadline");
        assertThat(refusal(m)).contains("fields has 'custom:'");
        m.getFields().clear();
        m.getFields().put("name", "Company");
        assertThat(refusal(m)).isEqualTo("The trello mapping's fields has 'name'; the name is rendered by "
                + "nameTemplate: write nameTemplate: \"{Name}\" instead (routes/trello.camel.yaml)");
    }

    @Test
    void aDirectionMustBeKnownAndNameAMappedField() {
        PairMapping m = mapping();
        m.getFields().put("due", "Deadline");
        m.getDirections().put("due", "both");
        assertThat(refusal(m)).isEqualTo("The trello mapping's directions.due is 'both'; write to-tracker or "
                + "two-way (routes/trello.camel.yaml)");
        m.getDirections().clear();
        m.getDirections().put("labels", "two-way");
        assertThat(refusal(m)).startsWith("The trello mapping's directions has 'labels', which fields does not "
                + "map; add fields.labels: <Airtable field>");
    }

    @Test
    void twoWayOnlyWhereAnItemEditCanBeWrittenBack() {
        PairMapping m = mapping();
        m.getFields().put("custom:Deal", "{Company} ({Budget})");
        m.getDirections().put("custom:Deal", "two-way");
        assertThat(refusal(m)).startsWith("The trello mapping's directions.custom:Deal cannot be two-way: "
                + "'{Company} ({Budget})' is not a single Airtable field");
        m.getDirections().clear();
        m.getDirections().put("name", "two-way");
        m.setNameTemplate("{Company}: {Name}");
        assertThat(refusal(m)).startsWith("The trello mapping's directions.name cannot be two-way");
        m.setNameTemplate("{Name}");
        defaults.with(m).check("trello", TABLE);
        m.getDirections().put("description", "two-way");
        assertThat(refusal(m)).startsWith("The trello mapping's directions.description cannot be two-way");
        m.getDirections().clear();
        m.getFields().put("custom:Score", "Score");
        m.getDirections().put("custom:Score", "two-way");
        assertThat(refusal(m)).contains("Airtable field 'Score' is computed (formula)");
        m.getDirections().clear();
        m.getFields().put("labels", "Status");
        m.getDirections().put("labels", "two-way");
        assertThat(refusal(m)).contains("'Status' is the status");
    }

    @Test
    void twoWayFieldsNameTheAirtableFieldTheyAreWrittenTo() {
        PairMapping m = mapping();
        m.getFields().put("due", "Deadline");
        m.getFields().put("labels", "{Tags}");
        m.getDirections().put("due", "two-way");
        ItemTemplate t = defaults.with(m);
        assertThat(t.twoWay("due")).isTrue();
        assertThat(t.twoWay("labels")).isFalse();
        assertThat(t.airtableField("due")).isEqualTo("Deadline");
        assertThat(t.airtableField("labels")).isEqualTo("Tags");
        assertThat(t.airtableField("name")).isEqualTo("Name");
    }

    @Test
    void theAirtableFieldsARenderingReadsAreTheTemplatesAndTheMappedFields() {
        PairMapping m = mapping();
        m.setNameTemplate("{Company}: {Name}");
        m.getFields().put("due", "Deadline");
        m.getFields().put("custom:Summary", "{Notes|none} by {Owner}");

        assertThat(defaults.with(m).airtableFields()).containsExactly("Company", "Deadline", "Description", "Email",
                "Name", "Notes", "Owner", "Source");
    }
}
