package io.leadsync.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which node should lead a pair, given the nodes that are up: rendezvous hashing (each node scores every pair; the
 * highest score leads it). Every node computes the same answer from the same member list without talking to the
 * others; the pairs spread evenly; and when a node joins or leaves, only the pairs it gains or loses move.
 */
public final class FairShare {

    private FairShare() {
    }

    /** The member that should lead {@code namespace}, or empty when there is no member. */
    public static Optional<String> preferredLeader(String namespace, Collection<String> members) {
        return members.stream().max(Comparator.comparingLong((String m) -> score(namespace, m)).thenComparing(m -> m));
    }

    private static long score(String namespace, String member) {
        byte[] digest = sha256().digest((namespace + '\n' + member).getBytes(StandardCharsets.UTF_8));
        long score = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            score = score << 8 | digest[i] & 0xff;
        }
        return score;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java has SHA-256", e);
        }
    }
}
