package io.leadsync.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The text forms both sides render and parse, so that a value read back compares equal to the one written. */
class FieldFormsTest {

    @Test
    void aDateAtMidnightUtcIsTheDayAloneAndAnyOtherInstantKeepsItsTimeInMillis() {
        assertThat(FieldForms.date(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo("2026-12-01");
        assertThat(FieldForms.date(Instant.parse("2026-12-01T09:30:00Z"))).isEqualTo("2026-12-01T09:30:00.000Z");
        assertThat(FieldForms.date(null)).isEmpty();
    }

    @Test
    void aTextFormDateIsTheInstantItNamesBothWays() {
        for (String value : List.of("2026-12-01", "2026-12-01T09:30:00.000Z")) {
            assertThat(FieldForms.date(FieldForms.instant(value))).isEqualTo(value);
        }
        assertThat(FieldForms.instant("")).isNull();
        assertThat(FieldForms.hasTime("2026-12-01")).isFalse();
        assertThat(FieldForms.hasTime("2026-12-01T09:30:00.000Z")).isTrue();
        assertThatThrownBy(() -> FieldForms.instant("next week")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'next week' is not a date");
    }

    @Test
    void aNumberIsAPlainDecimalWithoutTrailingZeros() {
        assertThat(FieldForms.number("12.50")).isEqualTo("12.5");
        assertThat(FieldForms.number("3.0")).isEqualTo("3");
        assertThat(FieldForms.number("1E+3")).isEqualTo("1000");
        assertThat(FieldForms.number("0.00")).isEqualTo("0");
        assertThat(FieldForms.number("")).isEmpty();
        assertThatThrownBy(() -> FieldForms.number("twelve")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreSortedAndJoinedAndSplitBackTrimmed() {
        assertThat(FieldForms.names(List.of("VIP", "Hot", "Hot"))).isEqualTo("Hot, VIP");
        assertThat(FieldForms.names(List.of())).isEmpty();
        assertThat(FieldForms.splitNames(" Hot ,VIP, ,")).containsExactly("Hot", "VIP");
        assertThat(FieldForms.splitNames("")).isEmpty();
    }

    @Test
    void aCustomFieldKeyNamesItsField() {
        assertThat(FieldForms.customName("custom:Budget")).isEqualTo("Budget");
        assertThat(FieldForms.customName("labels")).isNull();
    }
}
