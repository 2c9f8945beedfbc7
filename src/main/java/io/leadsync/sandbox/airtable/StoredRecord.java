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
    /** When each cell last changed, epoch millis (0: never held a value); LAST_MODIFIED_TIME({field}) reads it. */
    long[] cellModifiedMillis;

    StoredRecord(String id, long createdMillis, int width) {
        this.id = id;
        this.createdMillis = createdMillis;
        this.modifiedMillis = createdMillis;
        this.cells = new Object[width];
        this.cellModifiedMillis = new long[width];
    }

    Object get(Field field) {
        return field.slot < cells.length ? cells[field.slot] : null;
    }

    /** Stores a value written at the given time; returns whether the cell actually changed. */
    boolean set(Field field, Object value, long atMillis) {
        if (field.slot >= cells.length) {
            cells = Arrays.copyOf(cells, field.slot + 1);
            cellModifiedMillis = Arrays.copyOf(cellModifiedMillis, field.slot + 1);
        }
        if (Objects.equals(cells[field.slot], value)) {
            return false;
        }
        cells[field.slot] = value;
        cellModifiedMillis[field.slot] = atMillis;
        return true;
    }

    /** When the field's cell last changed (a value given at creation counts), or null if it never held one. */
    Instant modified(Field field) {
        long at = field.slot < cellModifiedMillis.length ? cellModifiedMillis[field.slot] : 0;
        return at == 0 ? null : Instant.ofEpochMilli(at);
    }

    Instant created() {
        return Instant.ofEpochMilli(createdMillis);
    }

    Instant modified() {
        return Instant.ofEpochMilli(modifiedMillis);
    }
}
