package io.leadsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * A journal as rows of {@code journal_line}, in {@code seq} order. A multi-line append and a rewrite are each one
 * transaction: the lines the file journal made durable together commit together.
 */
final class PostgresJournal implements Journal {

    private final PostgresStateStorage storage;
    private final String journal;

    PostgresJournal(PostgresStateStorage storage, String journal) {
        this.storage = storage;
        this.journal = journal;
    }

    @Override
    public String name() {
        return "journal '" + journal + "' in " + storage.describe();
    }

    @Override
    public List<String> numberedLines() {
        return storage.call(c -> lines(c, "SELECT line FROM journal_line WHERE journal = ? ORDER BY seq"));
    }

    @Override
    public void append(Collection<String> lines) {
        if (!lines.isEmpty()) {
            storage.transaction(c -> insert(c, journal, lines));
        }
    }

    @Override
    public void rewrite(Collection<String> lines) {
        storage.transaction(c -> {
            delete(c, journal);
            insert(c, journal, lines);
        });
    }

    /** The newest lines whose bytes (with a newline each, as in the file) add up to at most maxBytes. */
    @Override
    public List<String> tail(long maxBytes) {
        return storage.call(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT line FROM (SELECT line, seq, "
                    + "sum(octet_length(line) + 1) OVER (ORDER BY seq DESC) AS bytes FROM journal_line "
                    + "WHERE journal = ?) newest WHERE bytes <= ? ORDER BY seq")) {
                select.setString(1, journal);
                select.setLong(2, maxBytes);
                return read(select);
            }
        });
    }

    /**
     * One transaction: the rows up to the last expired one of the oldest run are deleted by their seq, so a line
     * another node appends meanwhile stays, and two nodes dropping at once drop the same lines.
     */
    @Override
    public int dropOldest(Predicate<String> expired) {
        int[] dropped = {0};
        storage.transaction(c -> {
            long last = -1;
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT seq, line FROM journal_line WHERE journal = ? ORDER BY seq")) {
                select.setString(1, journal);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next() && expired.test(rows.getString(2))) {
                        last = rows.getLong(1);
                    }
                }
            }
            if (last >= 0) {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM journal_line WHERE journal = ? AND seq <= ?")) {
                    delete.setString(1, journal);
                    delete.setLong(2, last);
                    dropped[0] = delete.executeUpdate();
                }
            }
        });
        return dropped[0];
    }

    @Override
    public String moveAside() {
        String aside = journal + ".damaged-" + System.currentTimeMillis();
        storage.transaction(c -> {
            try (PreparedStatement move = c.prepareStatement(
                    "UPDATE journal_line SET journal = ? WHERE journal = ?")) {
                move.setString(1, aside);
                move.setString(2, journal);
                move.executeUpdate();
            }
        });
        return "journal '" + aside + "'";
    }

    @Override
    public void close() {
        // no connection is held between calls: the pool has them
    }

    private List<String> lines(Connection c, String sql) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, journal);
            return read(select);
        }
    }

    private static List<String> read(PreparedStatement select) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }

    static void insert(Connection c, String journal, Collection<String> lines) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO journal_line (journal, line) VALUES (?, ?)")) {
            for (String line : lines) {
                insert.setString(1, journal);
                insert.setString(2, line);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Deletes the journal's lines; returns how many there were. */
    static int delete(Connection c, String journal) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM journal_line WHERE journal = ?")) {
            delete.setString(1, journal);
            return delete.executeUpdate();
        }
    }
}
