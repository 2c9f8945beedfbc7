package io.leadsync.support;

import java.nio.file.Path;
import java.util.List;

import io.leadsync.sandbox.airtable.FieldSpec;
import io.leadsync.sandbox.clickup.ClickUpSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the end-to-end scenarios: fresh seeded emulators and an empty data directory per test, and the
 * application under test stopped afterwards whatever happened.
 */
public abstract class SyncScenario {

    @TempDir
    protected Path dataDir;
    protected Sandboxes sandboxes;
    protected LeadsyncRun app;
    private final long seed;

    protected SyncScenario(long seed) {
        this.seed = seed;
        this.sandboxes = new Sandboxes(seed);
    }

    /** For tests that need another Airtable schema or ClickUp workspace than the usual one. */
    protected void replaceSandboxes(List<FieldSpec> leadSchema, ClickUpSettings clickUp) {
        sandboxes.close();
        sandboxes = new Sandboxes(seed, leadSchema, clickUp);
    }

    /** The application pointed at this test's emulators and data directory, not started yet. */
    protected LeadsyncRun sync() {
        app = new LeadsyncRun(sandboxes, dataDir);
        return app;
    }

    @AfterEach
    void stopEverything() {
        if (app != null) {
            app.crash(); // the test is over: no graceful stop to wait for
        }
        sandboxes.close();
    }
}
