package io.leadsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.leadsync.sandbox.SandboxCredentials;
import io.leadsync.support.LogCapture;
import io.leadsync.support.SyncScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** "Credentials never appear in logs", at any level: every logger (Camel, the HTTP client, leadsync) at TRACE. */
class SecretsInLogsTest extends SyncScenario {

    private static final List<String> SANDBOX_SECRETS = List.of(SandboxCredentials.AIRTABLE_TOKEN,
            SandboxCredentials.TRELLO_KEY, SandboxCredentials.TRELLO_TOKEN, SandboxCredentials.CLICKUP_TOKEN,
            io.leadsync.sandbox.trello.TrelloConfig.SANDBOX_APP_SECRET);
    private static final Map<String, String> FAKE_SECRETS = Map.of("leadsync.airtable.token", "patFAKE.user-set-token",
            "leadsync.trello.key", "fake-user-trello-key", "leadsync.trello.token", "fake-user-trello-token",
            "leadsync.clickup.token", "pk_42_FAKEUSER");

    private final Map<Logger, Level> levelsBefore = new java.util.HashMap<>();

    SecretsInLogsTest() {
        super(23);
    }

    /** Every logger at TRACE, whatever logback.xml pins (what a root-level configuration of one's own does). */
    private void everyLoggerAtTrace() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Logger logger : new ArrayList<>(context.getLoggerList())) {
            levelsBefore.put(logger, logger.getLevel());
            logger.setLevel(logger == context.getLogger(Logger.ROOT_LOGGER_NAME) ? Level.TRACE : null);
        }
    }

    @AfterEach
    void restoreLevels() {
        levelsBefore.forEach(Logger::setLevel);
    }

    private static void assertNoneOf(Iterable<String> secrets, String text) {
        for (String secret : secrets) {
            assertThat(text.split(java.util.regex.Pattern.quote(secret), -1).length - 1).as(secret).isZero();
        }
    }

    @Test
    void noCredentialIsLoggedWithEveryLoggerAtTrace() throws Exception {
        everyLoggerAtTrace();
        try (LogCapture log = LogCapture.start()) {
            app = sync().with("leadsync.trackers", "trello,clickup").start();
            app.awaitCycles("trello", 3);
            app.awaitCycles("clickup", 3);
            app.stop();
            String text = log.text();
            assertThat(text).as("the HTTP client's header dump and leadsync's request lines were logged")
                    .contains(">> Authorization: ****", "Trello GET /1/members/me/boards -> 200 in");
            assertNoneOf(SANDBOX_SECRETS, text);
        }
    }

    @Test
    void aForcedSandboxNamesTheCredentialsItDoesNotUseAndLogsNoneOfThem() throws Exception {
        everyLoggerAtTrace();
        try (LogCapture log = LogCapture.start()) {
            app = new io.leadsync.support.LeadsyncRun(sandboxes, dataDir);
            FAKE_SECRETS.forEach(app::with);
            app.with("leadsync.sandbox", "true").with("leadsync.sandbox.airtable-port", "0")
                    .with("leadsync.sandbox.trello-port", "0").with("leadsync.sandbox.clickup-port", "0").start();
            app.awaitCycles("trello", 2);
            app.stop();
            String text = log.text();
            assertThat(text).contains("SANDBOX MODE: forced by leadsync.sandbox=true, the configured credentials "
                    + "(leadsync.airtable.token, leadsync.trello.key, leadsync.trello.token, leadsync.clickup.token) "
                    + "are not used").doesNotContain("no Airtable token configured");
            assertNoneOf(SANDBOX_SECRETS, text);
            assertNoneOf(FAKE_SECRETS.values(), text);
        }
    }
}
