package io.leadsync.http;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps credentials out of every log line, whoever writes it and at whatever level: the HTTP client prints
 * request headers (Authorization) at DEBUG, and a user's own logback configuration may turn that on. Installed
 * on the logging context itself (before any appender), an event that would show a credential is dropped and
 * logged again, by the same logger at the same level, with the credential replaced by ****. A credential
 * setting shown with its value ({@code leadsync.trello.key=...}; Camel's "Found property ... with value: ..."
 * at DEBUG and "lookup(name: ...) -> ..." at TRACE) is masked even before its value is known.
 */
public final class SecretMask extends TurboFilter {

    private static final String MASK = "****";
    private static final String FQCN = SecretMask.class.getName();
    private static final Pattern CREDENTIAL_SETTING = Pattern.compile(
            "(leadsync\\.[\\w.-]*(?:token|key|secret|password)(?![\\w.-]).*?(?:->|=|with value:?)\\s*)"
                    + "[^\\s,;)]+",
            Pattern.CASE_INSENSITIVE);

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    /** Masks these values from now on in all logging (a no-op when logback is not the logging backend). */
    public static void hide(Collection<String> values) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            installed(context).add(values);
        }
    }

    /** Masks credential settings shown with their values, before any value is known. */
    public static void install() {
        hide(Set.of());
    }

    private static synchronized SecretMask installed(LoggerContext context) {
        for (TurboFilter filter : context.getTurboFilterList()) {
            if (filter instanceof SecretMask mask) {
                return mask;
            }
        }
        SecretMask mask = new SecretMask();
        mask.setContext(context);
        mask.start();
        context.addTurboFilter(mask);
        return mask;
    }

    private void add(Collection<String> values) {
        // very short values would mask ordinary words; no credential is that short
        values.stream().filter(v -> v != null && v.trim().length() >= 4).forEach(secrets::add);
    }

    /** The text with every credential known to logging replaced (unchanged when logback is not the backend). */
    public static String masked(String text) {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? installed(context).mask(text) : text;
    }

    /** The text with every known credential replaced. */
    public String mask(String text) {
        String out = text.contains("leadsync.") ? CREDENTIAL_SETTING.matcher(text).replaceAll("$1" + MASK) : text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        String message = params == null || params.length == 0 ? format
                : MessageFormatter.arrayFormat(format, params).getMessage();
        String failure = t == null ? null : describe(t);
        String masked = mask(message);
        String maskedFailure = failure == null ? null : mask(failure);
        if (masked.equals(message) && (failure == null || maskedFailure.equals(failure))) {
            return FilterReply.NEUTRAL;
        }
        // a throwable that shows a credential is reduced to its (masked) messages: its stack would show it too
        boolean keepThrowable = failure == null || maskedFailure.equals(failure);
        String line = keepThrowable ? masked : masked + " [" + maskedFailure + "]";
        logger.log(marker, FQCN, Level.toLocationAwareLoggerInteger(level), line, null,
                keepThrowable ? t : null);
        return FilterReply.DENY;
    }

    private static String describe(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(all.isEmpty() ? "" : "; caused by ").append(c.getClass().getName()).append(": ")
                    .append(c.getMessage());
        }
        return all.toString();
    }
}
