package io.leadsync.dashboard;

import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** The pairs the routes declare, by name, for the dashboard's API: an unknown name (or id) answers 404. */
public final class PairDirectory {

    /** A pair, a dead letter or a hold the request names does not exist: answered 404 with this message. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message, null, false, false);
        }
    }

    private final Supplier<List<PairControls>> pairs;

    /** @param pairs the pairs built so far, in any order */
    public PairDirectory(Supplier<List<PairControls>> pairs) {
        this.pairs = pairs;
    }

    /** Every pair, by name. */
    public List<PairControls> all() {
        return pairs.get().stream().sorted(Comparator.comparing(PairControls::name)).toList();
    }

    /** The named pair; {@link NotFound} when there is none. */
    public PairControls pair(String name) {
        return pairs.get().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFound("no pair '" + name + "'"));
    }

    /** The answer to a request naming what does not exist: its message as JSON. */
    public String notFound(Exception missing) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("error", missing.getMessage()).toString();
    }
}
