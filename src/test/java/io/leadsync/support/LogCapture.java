package io.leadsync.support;

import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Everything logged (all loggers, all levels that are enabled) while it is open, formatted with throwables; a line
 * logged about a pair (the MDC key "pair", as logback.xml prints it) starts with "[pair] ".
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // the MDC is the logging thread's: read it now, not at text()
            super.append(event);
        }
    };
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public String text() {
        java.util.List<ILoggingEvent> events;
        synchronized (appender) { // AppenderBase.doAppend holds this lock while it adds: a copy taken under it is whole
            events = new java.util.ArrayList<>(appender.list);
        }
        return events.stream().map(e -> pair(e) + e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                : " " + ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    private static String pair(ILoggingEvent event) {
        String pair = event.getMDCPropertyMap().get("pair");
        return pair == null ? "" : "[" + pair + "] ";
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
