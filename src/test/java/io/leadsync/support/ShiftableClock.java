package io.leadsync.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset a test can change while everything runs: an emulator on it stamps a change
 * with a time in the past (a transaction that becomes visible late) or jumps ahead (an iterator that expires).
 */
public final class ShiftableClock extends Clock {

    private volatile long offsetMillis;

    public void shift(Duration by) {
        offsetMillis += by.toMillis();
    }

    public void reset() {
        offsetMillis = 0;
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("always UTC");
    }
}
