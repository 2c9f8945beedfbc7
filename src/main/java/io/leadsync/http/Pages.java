package io.leadsync.http;

import java.util.ArrayList;
import java.util.List;

/** The pages a read route collects while it loops (routes/*-reads.camel.yaml): Simple cannot add to a list or sum. */
public final class Pages {

    private Pages() {
    }

    /** The pages read so far with {@code page} added: a new list when there were none. */
    public static List<Object> add(List<Object> pages, Object page) {
        List<Object> out = pages == null ? new ArrayList<>() : pages;
        out.add(page);
        return out;
    }

    /** A running count: {@code sofar} (none yet: 0) plus {@code more} (none: 0). */
    public static int count(Integer sofar, Integer more) {
        return (sofar == null ? 0 : sofar) + (more == null ? 0 : more);
    }
}
