package io.leadsync.sandbox;

/** An emulator's port is taken: the caller names the setting that chooses it. */
public final class PortInUseException extends IllegalStateException {

    private final String service;
    private final int port;

    PortInUseException(String service, int port, Throwable cause) {
        super("Cannot start the " + service + " emulator: port " + port + " is already in use", cause);
        this.service = service;
        this.port = port;
    }

    /** airtable, trello or clickup. */
    public String service() {
        return service;
    }

    public int port() {
        return port;
    }
}
