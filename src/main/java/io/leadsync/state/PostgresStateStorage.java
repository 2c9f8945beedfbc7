package io.leadsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state in PostgreSQL (leadsync.state=postgresql), one table of journal lines shared by every node: a node that
 * becomes a pair's leader reads what the one before it wrote. When the database cannot be reached every call throws
 * {@link StateUnavailableException}; one WARN line says it went away and one INFO line that it is back (the first
 * call that works again).
 */
public final class PostgresStateStorage implements StateStorage {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStateStorage.class);

    private final DataSource dataSource;
    private final String describe;
    /** When the database went away (System.nanoTime), or 0 while it is reachable. */
    private final AtomicLong lostSince = new AtomicLong();

    /** @param describe the database as lines name it, without credentials */
    public PostgresStateStorage(DataSource dataSource, String describe) {
        this.dataSource = dataSource;
        this.describe = describe;
    }

    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    interface Update {
        void on(Connection c) throws SQLException;
    }

    /** Runs one statement (or several reads) on a connection of the pool, with auto-commit. */
    <T> T call(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            T result = work.on(c);
            reachable();
            return result;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Runs the updates in one transaction: all of them commit, or none. */
    void transaction(Update update) {
        call(c -> {
            c.setAutoCommit(false);
            try {
                update.on(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }

    private void reachable() {
        long since = lostSince.getAndSet(0);
        if (since != 0) {
            LOG.info("the state database {} is back after {} s: the pairs store their state and write again",
                    describe, (System.nanoTime() - since) / 1_000_000_000L);
        }
    }

    private StateUnavailableException unavailable(SQLException e) {
        if (lostSince.compareAndSet(0, System.nanoTime())) {
            LOG.warn("the state database {} cannot be reached ({}): no pair writes to a service until its state "
                    + "can be stored; retried every cycle", describe, firstLine(e.getMessage()));
        }
        return new StateUnavailableException("the state database " + describe + " cannot be reached: "
                + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("");
    }

    @Override
    public Journal journal(String name) {
        return new PostgresJournal(this, name);
    }

    @Override
    public List<String> journals() {
        return call(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT DISTINCT journal FROM journal_line ORDER BY journal");
                 var rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public List<String> delete(Collection<String> names) {
        List<String> deleted = new ArrayList<>();
        transaction(c -> {
            for (String name : names) {
                if (PostgresJournal.delete(c, name) > 0) {
                    deleted.add(name);
                }
            }
        });
        return deleted;
    }

    /** Copies the journals into this (empty) database in one transaction; returns the lines copied. */
    public long copy(StateStorage from, Collection<String> names) {
        long[] copied = new long[1];
        transaction(c -> {
            for (String name : names) {
                try (Journal journal = from.journal(name)) {
                    List<String> lines = journal.load();
                    PostgresJournal.insert(c, name, lines);
                    copied[0] += lines.size();
                }
            }
        });
        return copied[0];
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        if (dataSource instanceof AutoCloseable pool) {
            try {
                pool.close();
            } catch (Exception e) {
                LOG.debug("closing the state database's pool", e);
            }
        }
    }
}
