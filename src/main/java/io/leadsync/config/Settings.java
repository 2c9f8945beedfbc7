package io.leadsync.config;

import org.apache.camel.CamelContext;

/**
 * The settings start-up reads at the moment it needs them rather than injected: the credentials (the sandbox
 * replaces them after injection) and the overrides the sandbox makes. Their defaults live in application.properties.
 */
final class Settings {

    private final CamelContext context;

    Settings(CamelContext context) {
        this.context = context;
    }

    /** The value, or null when the key is missing or blank (a credential left unset). */
    String optional(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(Settings::blankAsNone).orElse(null);
    }

    /** An optional setting left empty in application.properties (null: leadsync does without it). */
    static String blankAsNone(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    String required(String key, String hint) {
        String value = optional(key);
        if (value == null) {
            throw new IllegalStateException("Missing setting " + key + ": " + hint);
        }
        return value;
    }

    /** Overrides a property for the rest of start-up (sandbox URLs and credentials). */
    void set(String key, String value) {
        context.getPropertiesComponent().addOverrideProperty(key, value);
    }
}
