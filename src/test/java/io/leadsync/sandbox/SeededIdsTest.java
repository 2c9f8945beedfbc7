package io.leadsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Equal seeds give the values java.util.Random gives; a restored stream continues instead of starting over. */
class SeededIdsTest {

    @Test
    void drawsWhatRandomDrawsForTheSameSeed() {
        SeededIds ids = new SeededIds(42);
        Random random = new Random(42);
        assertThat(ids.nextLong()).isEqualTo(random.nextLong());
        assertThat(ids.nextInt(62)).isEqualTo(random.nextInt(62));
        byte[] expected = new byte[7];
        random.nextBytes(expected);
        assertThat(ids.bytes(7)).isEqualTo(expected);
    }

    @Test
    void aRestoredStreamContinuesWhereItStood() {
        SeededIds first = new SeededIds(42);
        first.chars(SeededIds.ALPHANUMERIC, 14);
        long state = first.state();
        String next = first.chars(SeededIds.ALPHANUMERIC, 14);

        SeededIds reloaded = new SeededIds(42);
        reloaded.restore(state);
        assertThat(reloaded.chars(SeededIds.ALPHANUMERIC, 14)).isEqualTo(next);
    }
}
