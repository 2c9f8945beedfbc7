package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.tracker.ItemDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemTemplateTest {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");
    static final String ID = "recAbC123xyz0001";

    private final ItemTemplate template = new ItemTemplate("{Name}", SCHEMA);

    private static Lead lead(String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Lead(ID, fields, 1_000);
    }

    // ------------------------------------------------------------------ marker

    @Test
    void theMarkerRoundTrips() {
        assertThat(ItemTemplate.marker(ID)).isEqualTo("[leadsync:" + ID + "]");
        assertThat(ItemTemplate.recordIdIn(ItemTemplate.marker(ID))).isEqualTo(ID);
        assertThat(ItemTemplate.recordIdIn("notes\n\n---\n" + ItemTemplate.marker("rec123") + " and more"))
                .isEqualTo("rec123");
    }

    @Test
    void textWithoutAWellFormedMarkerHasNoRecordId() {
        assertThat(ItemTemplate.recordIdIn(null)).isNull();
        assertThat(ItemTemplate.recordIdIn("")).isNull();
        assertThat(ItemTemplate.recordIdIn("a card someone made by hand")).isNull();
        assertThat(ItemTemplate.recordIdIn("[leadsync:abc123456]")).as("not a record id").isNull();
        assertThat(ItemTemplate.recordIdIn("[leadsync:rec]")).isNull();
        assertThat(ItemTemplate.recordIdIn("[leadsync:rec12")).as("unclosed").isNull();
        assertThat(ItemTemplate.recordIdIn("[leadsync:rec12-x]")).isNull();
    }

    // ------------------------------------------------------------------ name

    @Test
    void theNameTemplateFillsPlaceholdersWithTrimmedFieldValues() {
        ItemTemplate t = new ItemTemplate("{Name} ({Source}) - {Email}", SCHEMA);
        Lead lead = lead("Name", "  Acme Corp ", "Source", "Web", "Email", "a@acme.test");
        assertThat(t.name(lead)).isEqualTo("Acme Corp (Web) - a@acme.test");
        assertThat(new ItemTemplate("Lead: {Name}", SCHEMA).name(lead)).isEqualTo("Lead: Acme Corp");
        assertThat(new ItemTemplate("fixed", SCHEMA).name(lead)).isEqualTo("fixed");
        assertThat(new ItemTemplate("{Name} {No Such Field}", SCHEMA).name(lead)).isEqualTo("Acme Corp");
    }

    @Test
    void anEmptyNameFallsBackToTheRecordId() {
        assertThat(template.name(lead("Email", "x@y.test"))).isEqualTo("(unnamed lead " + ID + ")");
        assertThat(template.name(lead("Name", "   "))).isEqualTo("(unnamed lead " + ID + ")");
        assertThat(new ItemTemplate("{Name} {Source}", SCHEMA).name(lead())).isEqualTo("(unnamed lead " + ID + ")");
    }

    @Test
    void fieldValuesAreInsertedLiterallyNeverExpandedAgain() {
        ItemTemplate t = new ItemTemplate("{Name} / {Source}", SCHEMA);
        Lead lead = lead("Name", "Price $1 \\o/ {Source} \"quoted\" 'single'", "Source", "$2");
        assertThat(t.name(lead)).isEqualTo("Price $1 \\o/ {Source} \"quoted\" 'single' / $2");
    }

    // ------------------------------------------------------------------ description

    @Test
    void theDescriptionListsEmailSourceTheTextAndTheMarker() {
        Lead lead = lead("Name", "Acme", "Email", " a@acme.test ", "Source", "Web", "Description", "  Wants a demo.\nCall Monday.  ");
        assertThat(template.description(lead)).isEqualTo("""
                Email: a@acme.test
                Source: Web

                Wants a demo.
                Call Monday.

                ---
                [leadsync:%s] synced from Airtable by leadsync""".formatted(ID));
    }

    @Test
    void missingValuesReadNoneAndAnEmptyTextIsLeftOut() {
        assertThat(template.description(lead("Name", "Acme", "Email", "  ", "Description", " \n "))).isEqualTo("""
                Email: (none)
                Source: (none)

                ---
                [leadsync:%s] synced from Airtable by leadsync""".formatted(ID));
    }

    @Test
    void renderMakesTheDraftForTheBucket() {
        ItemDraft draft = template.render(lead("Name", "Acme"), "TODO");
        assertThat(draft.recordId()).isEqualTo(ID);
        assertThat(draft.name()).isEqualTo("Acme");
        assertThat(draft.bucket()).isEqualTo("TODO");
        assertThat(ItemTemplate.recordIdIn(draft.description())).isEqualTo(ID);
    }

    // ------------------------------------------------------------------ hostile content

    @ParameterizedTest
    @ValueSource(strings = {
            "O'Brien \"The Deal\" & Sons",
            "{Name} {Email} }{ {{}}",
            "\\ backslash \\\\ and $1 $ {0}",
            "Emoji \uD83D\uDE80\uD83D\uDD25 caf\u00e9 \u2615 \u4E2D\u6587",
            "[leadsync:rec] [leadsync: ] ]]] [[[",
            "line one\nline two\r\n\ttabbed",
            "<b>html</b> <script>alert(1)</script> `code` *md* # heading"})
    void hostileContentRendersVerbatimAndKeepsTheMarker(String value) {
        Lead lead = lead("Name", value, "Email", value, "Source", value, "Description", value);
        ItemDraft draft = template.render(lead, "TODO");

        assertThat(draft.name()).isEqualTo(value.trim());
        assertThat(draft.description()).contains("Email: " + value.trim() + "\n").contains("Source: " + value.trim() + "\n")
                .contains("\n" + value.trim() + "\n")
                .endsWith("\n---\n[leadsync:" + ID + "] synced from Airtable by leadsync");
        assertThat(ItemTemplate.recordIdIn(draft.description())).isEqualTo(ID);
    }

    @Test
    void aVeryLongNameAndTextRenderWholeWithTheMarkerAtTheEnd() {
        String longName = "N".repeat(20_000);
        String longText = "word ".repeat(10_000).trim();
        ItemDraft draft = template.render(lead("Name", longName, "Description", longText), "DONE");
        assertThat(draft.name()).isEqualTo(longName);
        assertThat(draft.description()).contains(longText).endsWith("[leadsync:" + ID + "] synced from Airtable by leadsync");
        assertThat(ItemTemplate.recordIdIn(draft.description())).isEqualTo(ID);
    }

    @Test
    void aMarkerQuotedInTheLeadsOwnTextDoesNotHijackTheItem() {
        // e.g. someone pasted another card's description into this lead's Description in Airtable
        String pasted = "Copied from the old card:\n---\n[leadsync:recOTHERLEAD00001] synced from Airtable by leadsync";
        ItemDraft draft = template.render(lead("Name", "Acme", "Description", pasted), "TODO");
        assertThat(ItemTemplate.recordIdIn(draft.description())).isEqualTo(ID);
    }

    // ------------------------------------------------------------------ tracker limits

    @Test
    void aNameLongerThanTheTrackerTakesIsCutVisiblyToTheLimit() {
        ItemTemplate limited = template.withLimits(16_384, 16_384);
        Lead lead = lead("Name", "N".repeat(20_000), "Description", "short");
        ItemDraft draft = limited.render(lead, "TODO");
        assertThat(draft.name()).hasSize(16_384).startsWith("NNN").endsWith(ItemTemplate.CUT);
        assertThat(limited.cuts(lead)).isEqualTo("name cut from 20000 to 16384 characters");
        assertThat(limited.render(lead, "TODO")).as("the same cut every time: no difference next cycle")
                .isEqualTo(draft);
    }

    @Test
    void aDescriptionLongerThanTheTrackerTakesLosesTheEndOfTheLeadsTextButKeepsTheMarker() {
        ItemTemplate limited = template.withLimits(16_384, 16_384);
        Lead lead = lead("Name", "Ada", "Email", "e".repeat(2_000), "Description", "d".repeat(30_000));
        String description = limited.render(lead, "TODO").description();
        assertThat(description.length()).isLessThanOrEqualTo(16_384);
        assertThat(description).contains("d" + ItemTemplate.CUT + "\n", "e" + ItemTemplate.CUT + "\n")
                .endsWith(ItemTemplate.marker(ID) + " synced from Airtable by leadsync");
        assertThat(ItemTemplate.recordIdIn(description)).isEqualTo(ID);
        assertThat(limited.cuts(lead)).startsWith("description cut to ");
    }

    @Test
    void whatFitsIsNotCutAndNotReported() {
        Lead lead = lead("Name", "Ada", "Description", "d".repeat(10_000));
        ItemTemplate limited = template.withLimits(16_384, 16_384);
        assertThat(limited.render(lead, "TODO")).isEqualTo(template.render(lead, "TODO"));
        assertThat(limited.cuts(lead)).isNull();
    }

    @Test
    void aCutNeverSplitsACharacter() {
        Lead lead = lead("Name", "😀".repeat(30));
        String name = template.withLimits(40, 100).render(lead, "TODO").name();
        assertThat(name).hasSizeLessThanOrEqualTo(40).endsWith(ItemTemplate.CUT);
        assertThat(Character.isHighSurrogate(name.charAt(name.length() - ItemTemplate.CUT.length() - 1))).isFalse();
    }

    @Test
    void aValueShownInALogIsAFewHundredCharactersAtMost() {
        assertThat(ItemTemplate.shown("x".repeat(20_000))).hasSizeLessThan(300).endsWith("(20000 characters)");
        assertThat(ItemTemplate.shown("Ada")).isEqualTo("Ada");
    }
}
