package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.leadsync.airtable.Lead;
import org.junit.jupiter.api.Test;

/** The record filter of a pair's mapping: which leads sync, as a pure function of the lead's fields. */
class RecordFilterTest {

    private static RecordFilter filter(String... fieldsAndConditions) {
        Map<String, String> block = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndConditions.length; i += 2) {
            block.put(fieldsAndConditions[i], fieldsAndConditions[i + 1]);
        }
        return RecordFilter.of(block);
    }

    private static Lead lead(String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Lead("rec1", fields, 0);
    }

    @Test
    void noConditionsLetEveryLeadThrough() {
        RecordFilter none = RecordFilter.of(Map.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.admits(lead())).isTrue();
        assertThat(none).hasToString("none");
    }

    @Test
    void aListOfValuesAdmitsExactlyThoseValues() {
        RecordFilter bySource = filter("Source", " Website ,Referral");
        assertThat(bySource.admits(lead("Source", "Website"))).isTrue();
        assertThat(bySource.admits(lead("Source", "Referral"))).isTrue();
        assertThat(bySource.admits(lead("Source", "website"))).as("values are exact, as Airtable's options").isFalse();
        assertThat(bySource.rejection(lead("Source", "Cold call")))
                .isEqualTo("Source is 'Cold call', not one of Website, Referral (filter Source: Website, Referral)");
        assertThat(bySource.rejection(lead())).startsWith("Source is empty, not one of");
    }

    @Test
    void notAndAListExcludesThoseValuesAndLetsAnEmptyValueThrough() {
        RecordFilter notCold = filter("Source", "not Cold call, Spam");
        assertThat(notCold.admits(lead("Source", "Website"))).isTrue();
        assertThat(notCold.admits(lead())).isTrue();
        assertThat(notCold.rejection(lead("Source", "Spam")))
                .isEqualTo("Source is 'Spam', which the filter excludes (filter Source: not Cold call, Spam)");
    }

    @Test
    void checkedHoldsForACheckboxAndForAFormulaFieldGivingANumberOtherThanZero() {
        RecordFilter sync = filter("Sync", "checked");
        assertThat(sync.admits(lead("Sync", "true"))).isTrue();
        assertThat(sync.admits(lead("Sync", "1"))).as("a formula's TRUE() comes as 1").isTrue();
        assertThat(sync.admits(lead("Sync", "0"))).isFalse();
        assertThat(sync.admits(lead())).as("Airtable omits an unchecked box").isFalse();
        assertThat(sync.rejection(lead())).isEqualTo("Sync is not checked (filter Sync: checked)");
        assertThat(filter("Sync", "Unchecked").admits(lead())).as("keywords in any case").isTrue();
        assertThat(filter("Sync", "not checked").admits(lead("Sync", "true"))).isFalse();
    }

    @Test
    void emptyAndNotEmpty() {
        assertThat(filter("Email", "not empty").admits(lead("Email", "a@b.c"))).isTrue();
        assertThat(filter("Email", "not empty").rejection(lead("Email", " "))).startsWith("Email is empty");
        assertThat(filter("Email", "empty").admits(lead())).isTrue();
        assertThat(filter("Email", "empty").rejection(lead("Email", "a@b.c"))).startsWith("Email is not empty");
    }

    @Test
    void everyConditionMustHoldAndTheFirstOneFailedIsNamed() {
        RecordFilter both = filter("Source", "Website", "Sync", "checked");
        assertThat(both.admits(lead("Source", "Website", "Sync", "true"))).isTrue();
        assertThat(both.rejection(lead("Source", "Website"))).startsWith("Sync is not checked");
        assertThat(both).hasToString("Source: Website; Sync: checked");
    }

    @Test
    void aConditionThatSaysNothingFailsNamingTheFieldAndWhatToWrite() {
        assertThatThrownBy(() -> filter("Source", " , "))
                .hasMessage("filter condition for field 'Source' is ' , '; write checked, unchecked, empty, not "
                        + "empty, a list of values (Website, Referral) or not and a list (not Cold call)");
        assertThatThrownBy(() -> filter("Source", "not ,")).hasMessageContaining("field 'Source'");
    }

    @Test
    void theFieldsTheTableLacksAreFound() {
        RecordFilter filter = filter("Source", "Website", "Sync", "checked");
        assertThat(filter.unknownField(List.of("Name", "Source", "Sync"))).isNull();
        assertThat(filter.unknownField(List.of("Name", "Source"))).isEqualTo("Sync");
    }

    @Test
    void leavingIsLeaveUnlessSaidOtherwise() {
        assertThat(RecordFilter.Leaving.of(null)).isEqualTo(RecordFilter.Leaving.LEAVE);
        assertThat(RecordFilter.Leaving.of(" Archive ")).isEqualTo(RecordFilter.Leaving.ARCHIVE);
        assertThat(new PairMapping().leaving()).isEqualTo(RecordFilter.Leaving.LEAVE);
        assertThatThrownBy(() -> RecordFilter.Leaving.of("delete"))
                .hasMessage("leavingFilter is 'delete'; use leave or archive");
    }
}
