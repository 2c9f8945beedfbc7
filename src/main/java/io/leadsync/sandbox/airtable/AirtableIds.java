package io.leadsync.sandbox.airtable;

import io.leadsync.sandbox.SeededIds;

/** Airtable-style ids (prefix + 14 alphanumerics) from one seeded Random, so equal seeds give equal ids. */
final class AirtableIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final SeededIds random;

    AirtableIds(long seed) {
        this.random = new SeededIds(seed);
    }

    /** Where the random stream stands (saved with the emulator's data, so a reload hands out no id twice). */
    long state() {
        return random.state();
    }

    void restore(long state) {
        random.restore(state);
    }

    /** Random bytes from the same seeded stream (webhook MAC secrets). */
    byte[] bytes(int n) {
        return random.bytes(n);
    }

    String next(String prefix) {
        return prefix + random.chars(ALPHABET, 14);
    }
}
