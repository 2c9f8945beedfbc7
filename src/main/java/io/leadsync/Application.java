package io.leadsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.leadsync.config.StateStartup;
import io.leadsync.dryrun.DryRun;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts leadsync. Routes and settings are read from ./routes and ./application.properties when the working
 * directory has them (so a user edits them in place), else from the copies built into the jar. A start-up that
 * fails ends with one line (what to fix, and its cause) and exit code 2; the stack trace is logged at DEBUG.
 * {@code --dry-run} (as leadsync.dry-run=true) plans every enabled pair's first sync, reports it and exits: 0, or 2
 * when a pair could not be read. {@code --migrate-state} (as leadsync.migrate-state=true) copies the data directory's
 * state into an empty PostgreSQL database, says what it copied in one line and exits: 0, or 2 when the database is
 * not empty or cannot be used.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    /** The command-line form of leadsync.dry-run=true (Camel Main's own options are passed on). */
    static final String DRY_RUN = "--dry-run";
    static final String MIGRATE_STATE = "--migrate-state";

    public static void main(String[] args) {
        Main main = new Main();
        for (String[] option : new String[][] {
                {DRY_RUN, "leadsync.dry-run"}, {MIGRATE_STATE, "leadsync.migrate-state"}}) {
            if (Arrays.asList(args).contains(option[0])) {
                main.addOverrideProperty(option[1], "true");
                args = Arrays.stream(args).filter(a -> !option[0].equals(a)).toArray(String[]::new);
            }
        }
        if (Files.isRegularFile(Path.of("application.properties"))) {
            main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        }
        if (!Files.isDirectory(Path.of("routes"))) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
            main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        }
        StartupErrorFilter startupErrors = StartupErrorFilter.install();
        DryRun[] dryRun = new DryRun[1];
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                // taken now: the registry is emptied when the context stops
                dryRun[0] = configured.getCamelContext().getRegistry().lookupByNameAndType("dryRun", DryRun.class);
            }

            @Override
            public void afterStart(BaseMainSupport started) {
                startupErrors.started();
            }
        });
        try {
            main.run(args);
        } catch (Exception e) {
            // nothing ran, nothing to stop: no "shutdown hook triggered" after the reason
            main.getShutdownStrategy().shutdown();
            StateStartup.Migrated migrated = migrated(e);
            if (migrated != null) {
                LOG.info(migrated.getMessage());
                System.exit(0);
            }
            LOG.error("leadsync cannot start: {}", reason(e));
            LOG.debug("start-up failed", e);
            System.exit(2);
        }
        if (dryRun[0] != null && dryRun[0].failed()) {
            System.exit(2);
        }
    }

    private static StateStartup.Migrated migrated(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StateStartup.Migrated done) {
                return done;
            }
        }
        return null;
    }

    /** The configuration error leadsync explains (else the innermost message), plus its cause if it adds anything. */
    static String reason(Throwable e) {
        Throwable explained = e;
        while (explained.getCause() != null && !(explained instanceof IllegalStateException)) {
            explained = explained.getCause();
        }
        String text = String.valueOf(explained.getMessage());
        Throwable root = explained;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root != explained && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return explained instanceof IllegalStateException ? text
                : text + " (" + explained.getClass().getSimpleName() + "; LEADSYNC_LOG_LEVEL=DEBUG shows the stack trace)";
    }
}
