package io.leadsync.sandbox.airtable;

import java.util.Random;

/** Airtable-style ids (prefix + 14 alphanumerics) from one seeded Random, so equal seeds give equal ids. */
final class IdGenerator {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random;

    IdGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Random bytes from the same seeded stream (webhook MAC secrets). */
    byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 14; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
