package io.leadsync.config;

import org.apache.camel.CamelContext;

/** Reads {@code leadsync.*} properties with defaults, and names the missing ones when they are required. */
final class Settings {

    private final CamelContext context;

    Settings(CamelContext context) {
        this.context = context;
    }

    String get(String key, String defaultValue) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .filter(v -> !v.isEmpty()).orElse(defaultValue);
    }

    String required(String key, String hint) {
        String value = get(key, null);
        if (value == null) {
            throw new IllegalStateException("Missing setting " + key + ": " + hint);
        }
        return value;
    }

    int integer(String key, int defaultValue) {
        return Integer.parseInt(get(key, String.valueOf(defaultValue)));
    }

    long millis(String key, long defaultValue) {
        return Long.parseLong(get(key, String.valueOf(defaultValue)));
    }

    boolean flag(String key, boolean defaultValue) {
        return Boolean.parseBoolean(get(key, String.valueOf(defaultValue)));
    }

    /** Overrides a property for the rest of start-up (sandbox URLs and credentials). */
    void set(String key, String value) {
        context.getPropertiesComponent().addOverrideProperty(key, value);
    }
}
