package io.leadsync.sandbox;

import java.util.Random;

/**
 * The random part of every id an emulator hands out, drawn from one seeded {@link Random} so that emulators with
 * equal seeds (and equal clock readings) hand out equal ids. Each service's generator adds its own formats.
 */
public final class SeededIds {

    /** Digits, then upper case, then lower case letters. */
    public static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final Lcg random;

    public SeededIds(long seed) {
        this.random = new Lcg(seed);
    }

    /** Where the stream stands, so that a reloaded emulator continues it instead of handing out its ids again. */
    public long state() {
        return random.state;
    }

    public void restore(long state) {
        random.state = state;
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

    /**
     * {@link Random}'s own generator (the linear congruential formula its documentation specifies), with the
     * state readable: equal seeds still give the very values {@code new Random(seed)} gives.
     */
    private static final class Lcg extends Random {
        private static final long MULTIPLIER = 0x5DEECE66DL;
        private static final long MASK = (1L << 48) - 1;
        private long state;

        Lcg(long seed) {
            super(seed); // calls setSeed below
        }

        @Override
        public synchronized void setSeed(long seed) {
            state = (seed ^ MULTIPLIER) & MASK;
        }

        @Override
        protected int next(int bits) {
            state = (state * MULTIPLIER + 0xBL) & MASK;
            return (int) (state >>> (48 - bits));
        }
    }
}
