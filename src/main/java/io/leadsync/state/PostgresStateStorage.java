package io.leadsync.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
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
    /** How long a request waits for a connection (also start-up's check): seconds, not the pool's 30. */
    public static final long CONNECTION_TIMEOUT_MS = 3_000;

    private final DataSource dataSource;
    private final String describe;
    /** When the database went away (System.nanoTime), or 0 while it is reachable. */
    private final AtomicLong lostSince = new AtomicLong();

    /** @param describe the database as lines name it, without credentials */
    public PostgresStateStorage(DataSource dataSource, String describe) {
        this.dataSource = dataSource;
        this.describe = describe;
    }

    /**
     * A pool of {@code poolSize} connections to the database, its schema migrated by Flyway
     * (src/main/resources/db/migration). A request waits at most {@code CONNECTION_TIMEOUT_MS} for a connection, so
     * that a cycle soon learns that the database is gone.
     */
    public static PostgresStateStorage connect(String url, String user, String password, int poolSize,
                                               String describe) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("leadsync-state");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        // Flyway's migration holds two connections at once
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresStateStorage(pool, describe);
    }

    /** What the state is kept in: bound as {@code stateDataSource}. */
    public DataSource dataSource() {
        return dataSource;
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
            if (!unreachable(e)) {
                throw new IllegalStateException("the state database " + describe + " refused a write: "
                        + reason(e), e);
            }
            throw unavailable(e);
        }
    }

    /** No connection (refused, cut, timed out waiting for one) or the server shutting down: not the request's fault. */
    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLRecoverableException
                || state.startsWith("08") || state.startsWith("57P");
    }

    /** Runs the updates in one transaction: all of them commit, or none (the pool resets auto-commit). */
    void transaction(Update update) {
        call(c -> {
            c.setAutoCommit(false);
            try {
                update.on(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException cut) {
                    // the connection is gone: so is the transaction; the first failure says why
                    e.addSuppressed(cut);
                }
                throw e;
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
                    + "can be stored; retried every cycle", describe, reason(e));
        }
        return new StateUnavailableException("the state database " + describe + " cannot be reached: "
                + reason(e), e);
    }

    /** The server's reason, not the statement (a batch's names its lines). */
    private static String reason(SQLException e) {
        SQLException why = e.getNextException() != null ? e.getNextException() : e;
        return why.getMessage() == null ? why.getClass().getSimpleName()
                : why.getMessage().lines().findFirst().orElse("");
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
