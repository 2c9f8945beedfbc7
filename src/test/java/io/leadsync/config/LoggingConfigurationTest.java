package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's way to turn on debugging: LEADSYNC_LOG_LEVEL=DEBUG (environment or -D) as logback.xml reads it. */
class LoggingConfigurationTest {

    @AfterEach
    void clear() {
        System.clearProperty("LEADSYNC_LOG_LEVEL");
    }

    private static LoggerContext configured() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LoggingConfigurationTest.class.getResource("/logback.xml"));
        return context;
    }

    @Test
    void leadsyncLogLevelDebugTurnsOnDebugEverywhereButTheHttpClientsHeaderDumps() throws Exception {
        System.setProperty("LEADSYNC_LOG_LEVEL", "DEBUG");
        LoggerContext context = configured();
        assertThat(context.getLogger("io.leadsync.http.ApiFailures").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("com.fasterxml.jackson").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.hc.client5.http.headers").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void infoByDefault() throws Exception {
        assertThat(configured().getLogger("io.leadsync.sync.SyncPair").getEffectiveLevel()).isEqualTo(Level.INFO);
    }
}
