package io.leadsync.state;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.LoggerFactory;

/**
 * A store's lines, kept by its {@link StateStorage}: each append and each rewrite is whole or not at all (a file
 * fsynced and renamed, or one database transaction), so a crash leaves the old lines or the new, never half of them.
 */
public interface Journal extends AutoCloseable {

    /** Where the lines are, as messages name it (a file, or a journal in the database). */
    String name();

    /** Every complete line, blank ones included (so that indexes are line numbers - 1). */
    List<String> numberedLines();

    /** The complete lines, oldest first; a torn last line is dropped. */
    default List<String> load() {
        return numberedLines().stream().filter(l -> !l.isBlank()).toList();
    }

    /** Appends the lines, all of them or none. */
    void append(Collection<String> lines);

    default void append(String line) {
        append(List.of(line));
    }

    /** Replaces every line with these, all at once. */
    void rewrite(Collection<String> lines);

    /**
     * Drops the oldest lines as long as {@code expired} accepts them: the first line it does not accept and every
     * line after it stay, and so do lines appended meanwhile. Returns how many went.
     */
    int dropOldest(Predicate<String> expired);

    /**
     * The complete lines in the last {@code maxBytes} of the journal, oldest first: what an operator's page shows of
     * a journal that only grows, without loading it whole on every request.
     */
    List<String> tail(long maxBytes);

    /** Moves the lines aside, kept for inspection, and leaves the journal empty; returns where they went. */
    String moveAside();

    @Override
    void close();

    /**
     * Hands every line to the reader, in order. A line it cannot read (it throws) stops start-up with a message
     * that names the journal and the line, shows the line escaped, and names the way out; or, with
     * {@code moveAside}, the lines are moved aside and false says to start from nothing.
     */
    default boolean replay(Consumer<String> reader, boolean moveAside) {
        List<String> lines = numberedLines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                reader.accept(lines.get(i));
            } catch (RuntimeException e) {
                String damage = name() + " line " + (i + 1) + " is damaged (" + printable(reason(e), 120) + "): "
                        + printable(lines.get(i), 120);
                if (!moveAside) {
                    throw new IllegalStateException(damage + ". Fix or delete that line, or start once with "
                            + "leadsync.state.on-corrupt=move-aside to move the file aside and rebuild from the "
                            + "cross-references (ids in Airtable's link field, markers on the items)", e);
                }
                String aside = moveAside();
                LoggerFactory.getLogger(Journal.class).warn("{}; moved to {} (leadsync.state.on-corrupt=move-aside): "
                        + "rebuilding from the cross-references", damage, aside);
                return false;
            }
        }
        return true;
    }

    private static String reason(RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /** Text as a log line may show it: control characters (terminal escapes) escaped, at most max characters. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() < max ? out.toString() : out + "… (" + text.length() + " characters)";
    }
}
