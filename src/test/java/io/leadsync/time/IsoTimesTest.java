package io.leadsync.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class IsoTimesTest {

    @Test
    void writesUtcWithMillisecondsAndReadsItBack() {
        Instant at = Instant.parse("2019-09-16T16:19:17.156Z");

        assertThat(IsoTimes.format(at)).isEqualTo("2019-09-16T16:19:17.156Z");
        assertThat(IsoTimes.format(Instant.parse("2019-09-16T16:19:17Z"))).isEqualTo("2019-09-16T16:19:17.000Z");
        assertThat(IsoTimes.epochMillis(IsoTimes.format(at))).isEqualTo(at.toEpochMilli());
    }

    @Test
    void aMissingOrUnreadableTimeIsLongAgo() {
        assertThat(IsoTimes.format(null)).isNull();
        assertThat(IsoTimes.epochMillis(null)).isZero();
        assertThat(IsoTimes.epochMillis("")).isZero();
        assertThat(IsoTimes.epochMillis("yesterday")).isZero();
    }
}
