package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import io.leadsync.airtable.LeadSchema;
import io.leadsync.change.Change;
import io.leadsync.mapping.ItemTemplate;
import io.leadsync.mapping.PairMapping;
import io.leadsync.state.Link;
import io.leadsync.tracker.ItemDraft;
import io.leadsync.tracker.TrackerItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A two-way field a person edited on the card, from the plan to Airtable: the planner decides a lead write, the
 * set-lead-status route checks the lead still has the value the cycle read, sends the value as its field's type
 * takes it, and the shadow follows; a lead edited meanwhile is not overwritten.
 */
class TwoWayFieldRoutesTest extends PushRoutesHarness {

    static final LeadSchema SCHEMA = new LeadSchema("Name", "Email", "Source", "Description", "Status",
            "Last Modified");
    final PairMapping mapping = PairMapping.ofStatuses(SyncPlannerTest.mapping());
    final ItemTemplate defaults = new ItemTemplate("{Name}", SCHEMA);

    @BeforeEach
    void twoWayFields() {
        mapping.getFields().put("due", "Deadline");
        mapping.getFields().put("custom:Budget", "Budget");
        mapping.getDirections().put("due", PairMapping.TWO_WAY);
        mapping.getDirections().put("custom:Budget", PairMapping.TWO_WAY);
        tableSchema = "{\"id\":\"tblLeads\",\"name\":\"Leads\",\"fields\":["
                + "{\"id\":\"fld1\",\"name\":\"Name\",\"type\":\"singleLineText\"},"
                + "{\"id\":\"fld2\",\"name\":\"Status\",\"type\":\"singleSelect\"},"
                + "{\"id\":\"fld3\",\"name\":\"Last Modified\",\"type\":\"lastModifiedTime\"},"
                + "{\"id\":\"fld4\",\"name\":\"Deadline\",\"type\":\"date\"},"
                + "{\"id\":\"fld5\",\"name\":\"Budget\",\"type\":\"number\"}]}";
        table.connect(SCHEMA);
    }

    static Lead acme(String deadline, String budget) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", "Acme");
        fields.put("Status", "CONTACTED");
        fields.put("Deadline", deadline);
        fields.put("Budget", budget);
        return new Lead("recA", fields, 1_000);
    }

    static String listed(String deadline, int budget) {
        return "[{\"id\":\"recA\",\"createdTime\":\"2026-01-01T00:00:00.000Z\",\"fields\":{\"Name\":\"Acme\","
                + "\"Status\":\"CONTACTED\",\"Deadline\":\"" + deadline + "\",\"Budget\":" + budget + "}}]";
    }

    /** The card linked to lead recA as both last agreed, and that card after a person changed its fields. */
    TrackerItem editedCard(Lead lead, Map<String, String> edited) {
        ItemDraft draft = defaults.with(mapping).render(lead, "DOING");
        links.put(new Link("recA", "card1", "CONTACTED", "DOING", draft.name(), draft.description(), false, 1_000,
                1_000, draft.fields()));
        return new TrackerItem("card1", draft.name(), draft.description(), "DOING", false, false, 2_000, "recA", 0,
                edited);
    }

    List<Change> planned(Lead lead, TrackerItem card) {
        SyncPlanner planner = new SyncPlanner(PAIR, () -> mapping, defaults, SCHEMA, SyncPolicy.defaults(), links,
                (pair, record, modified) -> false, SyncPlannerTest.NO_ORIGINS, 60_000, () -> false,
                MatchRule.defaults());
        return planner.plan(SyncPlannerTest.full(List.of(lead), List.of(card))).afterRail(List.of()).changes();
    }

    @Test
    void aTwoWayFieldEditedOnTheCardLandsInAirtableAsItsFieldsType() {
        Lead lead = acme("2026-12-01", "1200");
        TrackerItem card = editedCard(lead, Map.of("due", "2027-01-15", "custom:Budget", "1250.5"));
        listedRecords = listed("2026-12-01", 1200);

        push(planned(lead, card).toArray(Change[]::new));

        assertThat(patches).filteredOn(p -> p.startsWith("PATCH")).singleElement().asString()
                .contains("\"id\":\"recA\"").contains("\"Deadline\":\"2027-01-15\"").contains("\"Budget\":1250.5")
                .doesNotContain("Status");
        assertThat(links.byRecord("recA").fields()).isEqualTo(Map.of("due", "2027-01-15",
                "custom:Budget", "1250.5"));
        assertThat(tracker.sent).as("nothing written to the card").isEmpty();
    }

    @Test
    void aLeadWhoseFieldWasEditedAfterTheCycleReadItIsNotOverwritten() {
        Lead lead = acme("2026-12-01", "1200");
        TrackerItem card = editedCard(lead, Map.of("due", "2027-01-15", "custom:Budget", "1200"));
        listedRecords = listed("2026-12-10", 1200); // a person set another deadline in Airtable meanwhile

        push(planned(lead, card).toArray(Change[]::new));

        assertThat(patches).filteredOn(p -> p.startsWith("PATCH")).isEmpty();
        assertThat(outcomes.seen).singleElement().asString().startsWith("changedMeanwhile");
        assertThat(links.byRecord("recA").fields()).as("the shadow stays: decided again next cycle")
                .containsEntry("due", "2026-12-01");
    }
}
