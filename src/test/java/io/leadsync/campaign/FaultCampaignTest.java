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
 * The large campaign is {@link Campaign} (README, "Fault campaign").
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

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"trello, 1001", "clickup, 1002", "trello, 1003", "clickup, 1004", "trello, 1005", "clickup, 1006"})
    void seed(String pair, long seed) throws Exception {
        Scenario.Spec spec = new Scenario.Spec(seed, pair, 30, 0.1, 3, false);
        ScenarioResult result = new Scenario(spec, root.resolve(pair + "-" + seed), null).run();
        assertThat(result.violations()).as(result::failureReport).isEmpty();
        assertThat(result.crashes() + result.stops()).isEqualTo(3);
    }
}
