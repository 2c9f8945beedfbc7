package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The shipped Trello mapping (routes/trello.camel.yaml): three statuses share TODO, LOST has no card. */
class StatusMappingTest {

    static StatusMapping trelloMapping() {
        StatusMapping m = new StatusMapping();
        m.getLeadToTracker().putAll(Map.of("NEW", "TODO", "CONTACTED", "TODO", "IN_PROGRESS", "TODO",
                "QUALIFIED", "DONE", "LOST", StatusMapping.NO_ITEM));
        m.getTrackerToLead().putAll(Map.of("TODO", "CONTACTED", "DONE", "QUALIFIED"));
        return m;
    }

    private final StatusMapping mapping = trelloMapping();

    @Test
    void eachStatusHasItsBucketAndTheDashMeansNoItem() {
        assertThat(mapping.bucketFor("NEW")).isEqualTo("TODO");
        assertThat(mapping.bucketFor("IN_PROGRESS")).isEqualTo("TODO");
        assertThat(mapping.bucketFor("QUALIFIED")).isEqualTo("DONE");
        assertThat(mapping.bucketFor("LOST")).isNull();
        assertThat(mapping.knowsStatus("LOST")).as("declared, even as '-'").isTrue();
    }

    @Test
    void anUnknownStatusIsAnError() {
        assertThat(mapping.knowsStatus("MAYBE")).isFalse();
        assertThat(mapping.knowsStatus(null)).isFalse();
        assertThat(mapping.knowsStatus("new")).as("case matters").isFalse();
        assertThatThrownBy(() -> mapping.bucketFor("MAYBE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'MAYBE'");
        assertThatThrownBy(() -> mapping.bucketFor(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMoveIntoTheBucketTheCurrentStatusAlreadyMapsToChangesNothing() {
        assertThat(mapping.statusAfterMove("TODO", "NEW")).isNull();
        assertThat(mapping.statusAfterMove("TODO", "IN_PROGRESS")).isNull();
        assertThat(mapping.statusAfterMove("TODO", "CONTACTED")).isNull();
        assertThat(mapping.statusAfterMove("DONE", "QUALIFIED")).isNull();
    }

    @Test
    void aMoveIntoAnotherBucketTakesTheReverseStatus() {
        assertThat(mapping.statusAfterMove("DONE", "NEW")).isEqualTo("QUALIFIED");
        assertThat(mapping.statusAfterMove("TODO", "QUALIFIED")).isEqualTo("CONTACTED");
        assertThat(mapping.statusAfterMove("TODO", "LOST")).as("LOST has no card; its card was restored")
                .isEqualTo("CONTACTED");
        assertThat(mapping.statusAfterMove("DONE", "MAYBE")).as("an unknown current status").isEqualTo("QUALIFIED");
        assertThat(mapping.statusAfterMove("DONE", null)).isEqualTo("QUALIFIED");
    }

    @Test
    void aMoveIntoAnUnknownBucketIsAnError() {
        assertThat(mapping.knowsBucket("DOING")).isFalse();
        assertThat(mapping.knowsBucket("TODO")).isTrue();
        assertThatThrownBy(() -> mapping.statusAfterMove("DOING", "NEW")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'DOING'");
    }

    @Test
    void theReadOnlyViewsFollowTheLiveMapsButCannotChangeThem() {
        StatusMapping m = new StatusMapping();
        m.getLeadToTracker().put("NEW", "TODO");
        m.getTrackerToLead().put("TODO", "NEW");
        assertThat(m.leadToTracker()).containsExactly(Map.entry("NEW", "TODO"));
        assertThat(m.trackerToLead()).containsExactly(Map.entry("TODO", "NEW"));
        assertThatThrownBy(() -> m.leadToTracker().put("X", "Y")).isInstanceOf(UnsupportedOperationException.class);
        m.getLeadToTracker().put("QUALIFIED", "DONE"); // an edited mapping, picked up without a restart
        assertThat(m.bucketFor("QUALIFIED")).isEqualTo("DONE");
        assertThat(m.toString()).contains("NEW=TODO").contains("TODO=NEW");
    }
}
