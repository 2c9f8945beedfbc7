package io.leadsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * logback.xml: the README's way to turn on debugging (LEADSYNC_LOG_LEVEL=DEBUG, environment or -D), and the pair a
 * line is about (the MDC key camel-mdc fills for every step of a cycle) printed in its own column.
 */
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

    @Test
    void aLineAboutAPairNamesThePairFromTheMdc() throws Exception {
        LoggerContext context = configured();
        OutputStreamAppender<ILoggingEvent> stdout =
                (OutputStreamAppender<ILoggingEvent>) context.getLogger("ROOT").getAppender("STDOUT");
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("io.leadsync.sync.SyncPair"),
                Level.INFO, "cycle completed in {} ms", null, new Object[] {12});
        event.setMDCPropertyMap(Map.of("pair", "trello"));
        assertThat(((PatternLayoutEncoder) stdout.getEncoder()).getLayout().doLayout(event))
                .containsPattern(" trello +SyncPair +cycle completed in 12 ms");
    }
}
