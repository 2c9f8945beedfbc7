package io.leadsync.state;

import java.util.Collection;
import java.util.List;

/**
 * Where the sync state's journals are kept: files under the data directory ({@link FileStateStorage}, the default)
 * or PostgreSQL ({@link PostgresStateStorage}, leadsync.state=postgresql), shared by the nodes that run the pairs.
 */
public interface StateStorage extends AutoCloseable {

    /** The journal of this name (a file name under the data directory, such as {@code trello-links.jsonl}). */
    Journal journal(String name);

    /** The names of the journals kept (for files, every file in the data directory), sorted. */
    List<String> journals();

    /** Deletes these journals; returns those that existed. */
    List<String> delete(Collection<String> names);

    /** What start-up and migration lines name: the data directory, or the database. */
    String describe();

    @Override
    void close();
}
