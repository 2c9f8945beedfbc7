package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mapping cursor: where the mappings since the items were last all placed may have put them. */
class EarlierPlacementsTest {

    static String placements(String contacted, String lost) {
        StatusMapping mapping = new StatusMapping();
        mapping.getLeadToTracker().put("CONTACTED", contacted);
        mapping.getLeadToTracker().put("LOST", lost);
        return mapping.placements();
    }

    @Test
    void aCursorOfOneMappingIsItsPlacementsAsBefore() {
        String first = placements("TODO", StatusMapping.NO_ITEM);
        EarlierPlacements one = EarlierPlacements.of(null).and(first);

        assertThat(one.cursor()).isEqualTo(first);
        assertThat(EarlierPlacements.of(first).placed("CONTACTED", "TODO")).isTrue();
        assertThat(EarlierPlacements.of(first).placed("LOST", null)).as("'-': no item").isTrue();
        assertThat(EarlierPlacements.of(first).and(first).cursor()).as("added once").isEqualTo(first);
    }

    @Test
    void aMappingAddedBeforeTheItemsWereAllPlacedKeepsTheEarlierOnesPlacementsToo() {
        String first = placements("TODO", StatusMapping.NO_ITEM);
        String second = placements("DONE", "TODO");
        String cursor = EarlierPlacements.of(first).and(second).cursor();

        EarlierPlacements read = EarlierPlacements.of(cursor);
        assertThat(read.placed("CONTACTED", "TODO")).isTrue();
        assertThat(read.placed("CONTACTED", "DONE")).isTrue();
        assertThat(read.placed("LOST", "TODO")).isTrue();
        assertThat(read.placed("CONTACTED", "DOING")).isFalse();
        assertThat(read.placed("NEW", "TODO")).as("a status neither mapping knows").isFalse();
        assertThat(read.and(first).cursor()).as("read back the same, each mapping once").isEqualTo(cursor);
    }
}
