package io.leadsync.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import io.leadsync.http.SecretMask;
import io.leadsync.state.FileStateStorage;
import io.leadsync.state.Journal;
import io.leadsync.state.PairStateFiles;
import io.leadsync.state.PostgresStateStorage;
import io.leadsync.state.StateStorage;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state storage chosen by leadsync.state (files under the data directory, or PostgreSQL), bound as
 * {@code stateStorage} before anything reads the state; with PostgreSQL its pool is {@code stateDataSource} and the
 * schema is migrated by Flyway (src/main/resources/db/migration). A database that cannot be used stops start-up with
 * one line that says what to fix; the password is never shown. {@code --migrate-state} copies the data directory's
 * state into an empty database and ends. A dry run on PostgreSQL plans from a copy of the database's state in its
 * temporary data directory: it writes nothing to the database and takes part in no election.
 */
public final class StateStartup {

    private static final Logger LOG = LoggerFactory.getLogger(StateStartup.class);

    /** Ends a start-up that only migrated the state (exit code 0). */
    public static final class Migrated extends RuntimeException {
        Migrated(String summary) {
            super(summary, null, false, false);
        }
    }

    private StateStartup() {
    }

    static StateStorage open(CamelContext context, Settings settings, String dataDir) throws Exception {
        String kind = settings.optional("leadsync.state");
        boolean migrate = Boolean.parseBoolean(settings.optional("leadsync.migrate-state"));
        StateStorage storage;
        if (kind == null || "files".equals(kind)) {
            if (migrate) {
                throw new IllegalStateException("--migrate-state copies data/ into PostgreSQL: set "
                        + "leadsync.state=postgresql and leadsync.postgresql.url");
            }
            storage = new FileStateStorage(dataDir);
        } else if ("postgresql".equals(kind)) {
            if (Boolean.parseBoolean(settings.optional("leadsync.dry-run"))) {
                // its cycles store what they plan: in a copy, deleted at the end (dataDir is the run's copy)
                storage = dryRunCopy(settings, dataDir);
            } else {
                PostgresStateStorage database = postgres(settings);
                context.getRegistry().bind("stateDataSource", database.dataSource());
                storage = database;
            }
        } else {
            throw new IllegalStateException("leadsync.state is '" + kind + "'; use files or postgresql");
        }
        if (migrate) {
            try (storage) {
                throw new Migrated(migrate(dataDir, (PostgresStateStorage) storage));
            }
        }
        context.getRegistry().bind("stateStorage", storage);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                storage.close();
            }
        });
        return storage;
    }

    /**
     * The database's state copied into files in the dry run's data directory; the run then uses files and no cluster
     * (it must not take a pair's lead from the node syncing it).
     */
    private static StateStorage dryRunCopy(Settings settings, String dataDir) {
        FileStateStorage files = new FileStateStorage(dataDir);
        try (PostgresStateStorage database = postgres(settings)) {
            List<String> names = PairStateFiles.heldIn(database);
            for (String name : names) {
                try (Journal from = database.journal(name); Journal to = files.journal(name)) {
                    to.rewrite(from.load());
                }
            }
            LOG.info("dry run: plans from a copy of the state in {} ({} journal(s)); nothing is written to it",
                    database.describe(), names.size());
        }
        settings.set("leadsync.state", "files");
        settings.set("leadsync.cluster", "none");
        return files;
    }

    private static PostgresStateStorage postgres(Settings settings) {
        String url = settings.required("leadsync.postgresql.url",
                "leadsync.state=postgresql needs the JDBC URL of the database (jdbc:postgresql://host:5432/leadsync)");
        String user = settings.optional("leadsync.postgresql.user");
        String password = settings.optional("leadsync.postgresql.password");
        if (password != null) {
            SecretMask.hide(List.of(password));
        }
        String shown = "PostgreSQL " + url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        check(url, user, password, shown);
        PostgresStateStorage storage = PostgresStateStorage.connect(url, user, password,
                Integer.parseInt(settings.optional("leadsync.postgresql.pool-size")), shown);
        LOG.info("state: {}", shown);
        return storage;
    }

    /** One connection before the pool: why it failed, said as what to fix. */
    private static void check(String url, String user, String password, String shown) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(PostgresStateStorage.CONNECTION_TIMEOUT_MS / 1000));
        try (Connection ignored = DriverManager.getConnection(url, props)) {
            LOG.debug("{} answers", shown);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse("").replace(password == null ? "\0" : password, "***");
            LOG.debug("connecting to {}", shown, e);
            if (state.startsWith("28")) {
                throw new IllegalStateException(shown + " refused user '" + user + "' (" + reason + "): set "
                        + "LEADSYNC_POSTGRESQL_USER and LEADSYNC_POSTGRESQL_PASSWORD to its credentials");
            }
            if (state.startsWith("08")) {
                throw new IllegalStateException(shown + " cannot be reached (" + reason + "): check "
                        + "leadsync.postgresql.url and that the server is running");
            }
            throw new IllegalStateException(shown + " cannot be used (" + reason + "): check leadsync.postgresql.url "
                    + "and the user's rights");
        }
    }

    /** Copies the data directory's state journals into the empty database; returns the summary line. */
    private static String migrate(String dataDir, PostgresStateStorage database) {
        List<String> held = database.journals();
        if (!held.isEmpty()) {
            throw new IllegalStateException("--migrate-state copies into an empty database only, and "
                    + database.describe() + " already holds leadsync state (" + held.size() + " journal(s), e.g. "
                    + held.get(0) + "): nothing was copied");
        }
        FileStateStorage files = new FileStateStorage(dataDir);
        List<String> names = PairStateFiles.heldIn(files);
        long lines = database.copy(files, names);
        return "--migrate-state: copied " + names.size() + " journal(s), " + lines + " line(s) from "
                + files.describe() + " into " + database.describe() + "; start leadsync with "
                + "leadsync.state=postgresql (data/ is left as it was)";
    }
}
