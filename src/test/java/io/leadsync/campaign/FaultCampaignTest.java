package io.leadsync.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fault campaign's fixed seeds, for CI: each scenario runs the sync against emulators failing 10% of the
 * calls, with people editing both sides and three abrupt restarts, then checks every invariant. A failure
 * prints the seed, the command that replays it, the operation log and the sync's log about the records.
 * The seed runs both trackers relying on webhooks, their deliveries faulted too (polling as the safety net). The large campaign is {@link Campaign} (README,
 * "Fault campaign").
 */
class FaultCampaignTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void keepTheSyncLogForFailureReports() {
        RecentLog.install(null);
    }

    @AfterAll
    static void restoreTheConsoleLog() {
        RecentLog.uninstall();
    }

    @ParameterizedTest(name = "{0}:{1} webhooks {2}")
    @CsvSource({"trello+clickup, 1007, true"})
    void seed(String pair, long seed, boolean webhooks) throws Exception {
        Scenario.Spec spec = new Scenario.Spec(seed, pair, 30, 0.1, 3, false, webhooks, 1);
        ScenarioResult result = new Scenario(spec, root.resolve(pair + "-" + seed), null).run();
        assertThat(result.violations()).as(result::failureReport).isEmpty();
        assertThat(result.crashes() + result.stops()).isEqualTo(3);
    }
}
