package io.leadsync.sandbox;

/**
 * The fixed credentials the sandbox emulators accept (documented in the README). Anything else gets the
 * service's real 401 behaviour. They are deliberately not shaped like real tokens.
 */
public final class SandboxCredentials {

    public static final String AIRTABLE_TOKEN = "patSANDBOX.leadsync-sandbox-token";
    public static final String TRELLO_KEY = "sandbox-trello-key";
    public static final String TRELLO_TOKEN = "sandbox-trello-token";
    public static final String CLICKUP_TOKEN = "pk_0_SANDBOX";

    private SandboxCredentials() {
    }
}
