package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row, kept compact for 100k-record benchmarks: cells live in an array indexed by {@link Field#slot}
 * (null = empty) and times are epoch millis.
 */
final class StoredRecord {

    final String id;
    final long createdMillis;
    long modifiedMillis;
    Object[] cells;

    StoredRecord(String id, long createdMillis, int width) {
        this.id = id;
        this.createdMillis = createdMillis;
        this.modifiedMillis = createdMillis;
        this.cells = new Object[width];
    }

    Object get(Field field) {
        return field.slot < cells.length ? cells[field.slot] : null;
    }

    /** Stores a value; returns whether the cell actually changed. */
    boolean set(Field field, Object value) {
        if (field.slot >= cells.length) {
            cells = Arrays.copyOf(cells, field.slot + 1);
        }
        if (Objects.equals(cells[field.slot], value)) {
            return false;
        }
        cells[field.slot] = value;
        return true;
    }

    Instant created() {
        return Instant.ofEpochMilli(createdMillis);
    }

    Instant modified() {
        return Instant.ofEpochMilli(modifiedMillis);
    }
}
