package io.leadsync;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Until the sync has started, Camel's own report of a failed start (an ERROR with the whole stack trace, printed
 * before leadsync's one line that says what to fix) is logged at DEBUG instead: the stack is there for who asks
 * for it, the user sees the reason first.
 */
final class StartupErrorFilter extends TurboFilter {

    private static final String FQCN = StartupErrorFilter.class.getName();

    private volatile boolean starting = true;

    /** Installs the filter (a no-op when logback is not the logging backend). */
    static StartupErrorFilter install() {
        StartupErrorFilter filter = new StartupErrorFilter();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
        return filter;
    }

    /** Start-up is over: errors are reported as they come again. */
    void started() {
        starting = false;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!starting || level != Level.ERROR || !logger.getName().startsWith("org.apache.camel")) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t : params != null && params.length > 0
                && params[params.length - 1] instanceof Throwable last ? last : null;
        if (thrown == null) {
            return FilterReply.NEUTRAL;
        }
        if (Level.DEBUG.isGreaterOrEqual(logger.getEffectiveLevel())) {
            logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(Level.DEBUG),
                    org.slf4j.helpers.MessageFormatter.arrayFormat(format, params).getMessage(), null, thrown);
        }
        return FilterReply.DENY;
    }
}
