package io.leadsync.campaign;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.leadsync.state.StateStorage;
import org.slf4j.LoggerFactory;

/**
 * The sync's recent log lines kept in memory instead of printed (a campaign logs millions), so that a
 * failure report can show what the sync did with the records a violation names.
 */
final class RecentLog extends AppenderBase<ILoggingEvent> {

    private static final int KEEP = 400_000;
    private static final Pattern IDS = Pattern.compile("rec[A-Za-z0-9]{14}");
    private static RecentLog installed;
    private static final java.util.List<ch.qos.logback.core.Appender<ILoggingEvent>> CONSOLE = new java.util.ArrayList<>();

    private final Deque<String> lines = new ArrayDeque<>();

    /** Replaces the console with this buffer (leadsync at INFO), or, with a level, filters the console at it. */
    static synchronized void install(String consoleLevel) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (consoleLevel != null) {
            // the loggers stay at INFO (the campaign counts the sync's cycles from its log); the console filters
            ch.qos.logback.classic.filter.ThresholdFilter threshold = new ch.qos.logback.classic.filter.ThresholdFilter();
            threshold.setLevel(consoleLevel);
            threshold.start();
            root.iteratorForAppenders().forEachRemaining(a -> a.addFilter(threshold));
            return;
        }
        root.iteratorForAppenders().forEachRemaining(CONSOLE::add);
        CONSOLE.forEach(root::detachAppender);
        root.setLevel(Level.WARN);
        context.getLogger("io.leadsync").setLevel(Level.INFO);
        installed = new RecentLog();
        installed.setContext(context);
        installed.start();
        root.addAppender(installed);
    }

    /** Puts the console back as it was (for tests that share the JVM). */
    static synchronized void uninstall() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (installed != null) {
            root.detachAppender(installed);
            installed.stop();
            installed = null;
        }
        CONSOLE.forEach(root::addAppender);
        CONSOLE.clear();
        root.setLevel(Level.INFO);
        context.getLogger("io.leadsync").setLevel(null);
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.addLast(event.getTimeStamp() % 100_000_000 + " " + event.getThreadName().replaceAll(".*- ", "")
                + " " + event.getLevel() + " " + event.getFormattedMessage());
        if (lines.size() > KEEP) {
            lines.removeFirst();
        }
    }

    /**
     * The lines of the sync's state journals (links, status origins, audit) that name a record of the violations,
     * each prefixed with its journal.
     */
    static String stateAbout(StateStorage state, List<String> violations) {
        Pattern wanted = records(violations);
        if (wanted == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String journal : state.journals().stream().filter(j -> j.endsWith(".jsonl")).toList()) {
            for (String line : state.journal(journal).load()) {
                if (wanted.matcher(line).find()) {
                    out.append(journal).append(": ").append(line).append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }

    /** A pattern of the record ids the violations name, or null when they name none. */
    static Pattern records(List<String> violations) {
        StringBuilder ids = new StringBuilder();
        for (String v : violations) {
            Matcher m = IDS.matcher(v);
            while (m.find()) {
                ids.append(ids.length() == 0 ? "" : "|").append(m.group());
            }
        }
        return ids.length() == 0 ? null : Pattern.compile(ids.toString());
    }

    /** The lines kept that name one of those records. */
    static String about(Pattern records) {
        RecentLog log = installed;
        if (log == null) {
            return "";
        }
        Pattern wanted = records;
        synchronized (log) {
            return String.join(System.lineSeparator(), log.lines.stream().filter(l -> wanted.matcher(l).find()).toList());
        }
    }
}
