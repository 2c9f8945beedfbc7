package io.leadsync.config;

import java.util.Set;
import java.util.function.Supplier;

/**
 * The Airtable table's field names, read at start-up (with the checks of the table) and read again only when an
 * edited mapping names a field they lack: the field may have been added since.
 */
final class TableFields {

    private final Supplier<Set<String>> reader;
    private Set<String> known;

    /** @param reader reads the table's schema (and checks the fields leadsync needs) */
    TableFields(Supplier<Set<String>> reader) {
        this.reader = reader;
    }

    /** Reads the table's fields now. */
    synchronized Set<String> read() {
        known = Set.copyOf(reader.get());
        return known;
    }

    /** The fields as last read (read now if never). */
    synchronized Set<String> known() {
        return known == null ? read() : known;
    }
}
