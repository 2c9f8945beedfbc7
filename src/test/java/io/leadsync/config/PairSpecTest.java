package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** What a pair's templatedRoute connects: what it says, and the properties for what the shipped pairs leave out. */
class PairSpecTest {

    static final Map<String, String> PROPERTIES = Map.of("leadsync.airtable.table", "Leads",
            "leadsync.trello.board", "Work Tracker", "leadsync.trello.link-field", "Trello Card",
            "leadsync.clickup.list", "Leads Work", "leadsync.clickup.link-field", "ClickUp Task ID",
            "leadsync.clickup.record-field", "Airtable Record ID", "leadsync.trello.enabled", "false");

    static PairSpec of(Map<String, Object> parameters) {
        UnaryOperator<String> resolve = v -> v.startsWith("{{") ? PROPERTIES.get(v.substring(2, v.length() - 2)) : v;
        return PairSpec.of(parameters, PROPERTIES::get, resolve);
    }

    @Test
    void theShippedPairsNeedOnlyTheirNameAsAUsersOlderFilesSay() {
        assertThat(of(Map.of("pair", "trello", "enabled", "{{leadsync.trello.enabled}}"))).isEqualTo(new PairSpec(
                "trello", "trello", "Leads", "Work Tracker", "Trello Card", "Airtable Record ID", false,
                "leadsync.trello.board"));
        assertThat(of(Map.of("pair", "clickup"))).isEqualTo(new PairSpec("clickup", "clickup", "Leads", "Leads Work",
                "ClickUp Task ID", "Airtable Record ID", true, "leadsync.clickup.list"));
    }

    @Test
    void anotherPairSaysWhatItConnectsAndWritesNoIdsUnlessItNamesALinkField() {
        PairSpec sales = of(Map.of("pair", "sales", "tracker", "trello", "board", "Sales Board"));

        assertThat(sales).isEqualTo(new PairSpec("sales", "trello", "Leads", "Sales Board", null,
                "Airtable Record ID", true, "the board parameter of pair 'sales'"));
        assertThat(of(Map.of("pair", "partners", "tracker", "clickup", "list", "Partners", "table", "Partners",
                "linkField", "Partner Task")).describe())
                .isEqualTo("table 'Partners' and ClickUp list 'Partners' (ids into 'Partner Task')");
    }

    @Test
    void aPairOfAnotherNameMustNameItsTracker() {
        assertThatThrownBy(() -> of(Map.of("pair", "sales", "board", "Sales Board")))
                .hasMessage("Pair 'sales' names no tracker: add {name: tracker, value: trello} (or clickup) to the "
                        + "parameters of its templatedRoute");
        assertThatThrownBy(() -> of(Map.of("pair", "sales", "tracker", "asana")))
                .hasMessage("Pair 'sales' has tracker 'asana'; use trello or clickup");
    }
}
