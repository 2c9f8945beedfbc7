package io.leadsync.sandbox;

import java.util.Random;

/**
 * The random part of every id an emulator hands out, drawn from one seeded {@link Random} so that emulators with
 * equal seeds (and equal clock readings) hand out equal ids. Each service's generator adds its own formats.
 */
public final class SeededIds {

    /** Digits, then upper case, then lower case letters. */
    public static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Random random;

    public SeededIds(long seed) {
        this.random = new Random(seed);
    }

    /** {@code length} characters, each drawn uniformly from {@code alphabet}. */
    public String chars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    public byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }
}
