package io.leadsync.campaign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two nodes of one cluster ({@link JarSync}s sharing a PostgreSQL database and a ZooKeeper election), as the
 * campaign's two-node mode runs them: a crash is kill -9 of the node leading a pair, started again at once as the
 * follower, while the other takes over; a stop stops both (a redeploy). Cycles count on whichever node ran them.
 */
final class TwoNodes implements SyncUnderTest {

    private static final long CYCLES_DEADLINE_MILLIS = 30_000;

    private final List<String> pairs;
    private final List<JarSync> nodes;

    TwoNodes(List<String> pairs, JarSync first, JarSync second) {
        this.pairs = List.copyOf(pairs);
        this.nodes = List.of(first, second);
    }

    /** Starts the nodes that are not running, the first before the second (so the first leads at the outset). */
    @Override
    public void start() throws Exception {
        for (JarSync node : nodes) {
            if (!node.running()) {
                node.start();
            }
        }
    }

    @Override
    public void stop() {
        nodes.forEach(JarSync::stop);
    }

    /** kill -9 of the node that leads a pair (the first when neither says so yet). */
    @Override
    public void crash() {
        nodes.stream().filter(JarSync::leadsAPair).findFirst().orElse(nodes.get(0)).crash();
    }

    @Override
    public String crashKind() {
        return "kill -9 of the leading node of two";
    }

    /** Each node's lines, the first's then the second's, each line prefixed with its node. */
    @Override
    public String logAbout(Pattern records) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            String node = i == 0 ? "first " : "second ";
            nodes.get(i).logAbout(records).lines().forEach(l -> out.append(node).append(l).append(System.lineSeparator()));
        }
        return out.toString();
    }

    @Override
    public int cyclesCompleted(String pair) {
        return nodes.stream().mapToInt(n -> n.cyclesCompleted(pair)).sum();
    }

    private int cyclesRun(String pair) {
        return nodes.stream().mapToInt(n -> n.cyclesRun(pair)).sum();
    }

    /** Waits until every pair has run {@code count} more cycles on either node; a takeover's wait included. */
    @Override
    public void awaitCycles(int count) {
        Map<String, Integer> target = new HashMap<>();
        pairs.forEach(p -> target.put(p, cyclesRun(p) + count));
        long deadline = System.currentTimeMillis() + CYCLES_DEADLINE_MILLIS;
        while (pairs.stream().anyMatch(p -> cyclesRun(p) < target.get(p))) {
            if (nodes.stream().noneMatch(JarSync::running) || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the two nodes did not complete " + count + " cycles in "
                        + CYCLES_DEADLINE_MILLIS / 1000 + " s; their last lines:\n" + nodes.get(0).tail()
                        + "\n---\n" + nodes.get(1).tail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
