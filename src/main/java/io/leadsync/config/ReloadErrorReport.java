package io.leadsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * A route file edited into something Camel cannot load: Camel's reload logs a WARN with a 50-line stack trace
 * (and again for every file event of the same save). This reports it in one line instead, with the file, line
 * and column, and that the previous mapping stays in force, once per state of the file; the stack goes to DEBUG.
 */
final class ReloadErrorReport extends TurboFilter {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ReloadErrorReport.class);
    private static final Pattern FILE = Pattern.compile("from file: (\\S+)");

    /** The content last reported per file. */
    private final Map<String, Integer> reported = new ConcurrentHashMap<>();

    /** Installs the report once per logging context (a no-op when logback is not the logging backend). */
    static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> f instanceof ReloadErrorReport)) {
            ReloadErrorReport report = new ReloadErrorReport();
            report.setContext(context);
            report.start();
            context.addTurboFilter(report);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !logger.getName().startsWith("org.apache.camel") || !format.startsWith("Error reloading")) {
            return FilterReply.NEUTRAL;
        }
        String message = MessageFormatter.arrayFormat(format, params).getMessage();
        Throwable thrown = t != null ? t : MessageFormatter.getThrowableCandidate(params);
        Matcher file = FILE.matcher(message);
        String path = file.find() ? file.group(1) : "a route file";
        Integer content = contentOf(path);
        // "Resource is empty" while the file has content: the watcher saw it half-written by an editor's save
        boolean stale = content != EMPTY && String.valueOf(rootOf(thrown).getMessage()).startsWith("Resource is empty");
        if (!stale && !content.equals(reported.put(path, content))) {
            LOG.error("{}; the previous mapping stays in force until the file is fixed", describe(path, thrown));
        }
        LOG.debug("{}", message, thrown);
        return FilterReply.DENY;
    }

    private static final int EMPTY = Arrays.hashCode(new byte[0]);

    private static int contentOf(String path) {
        try {
            return Arrays.hashCode(Files.readAllBytes(Path.of(path)));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String describe(String path, Throwable thrown) {
        for (Throwable c = thrown; c != null; c = c.getCause()) {
            if (c instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
                Mark mark = yaml.getProblemMark().get();
                return "Invalid YAML in " + path + ", line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                        + ": " + yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
            }
        }
        String reason = String.valueOf(rootOf(thrown).getMessage()).lines().findFirst().orElse("");
        return "Cannot load " + path + ": " + reason;
    }

    private static Throwable rootOf(Throwable thrown) {
        Throwable root = thrown == null ? new IllegalStateException("unknown error") : thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
