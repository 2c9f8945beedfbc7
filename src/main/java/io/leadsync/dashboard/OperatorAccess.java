package io.leadsync.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Header;

/**
 * Who may act through the dashboard (retry, approve, discard, resync, pause, sync now), bound as
 * {@code operatorAccess}: the first step of every action route. Actions are POSTs (the routes restrict the method);
 * a request a browser sent from another site is refused, whatever it carries (an Origin or Referer that is not
 * this server, or Sec-Fetch-Site: cross-site); and when the management server listens beyond loopback, an action
 * needs the admin token ({@code Authorization: Bearer <token>}), compared in constant time. Pages and the JSON they
 * read need no token: they show no secret.
 */
public final class OperatorAccess {

    /** An action refused: answered 403 with the reason, which names no secret. */
    public static final class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final boolean loopback;
    private final byte[] token;

    /**
     * @param host  the address the management server listens on
     * @param token leadsync.admin-token (LEADSYNC_ADMIN_TOKEN), or null
     */
    public OperatorAccess(String host, String token) {
        this.loopback = isLoopback(host);
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether actions need the token: the server listens beyond loopback. */
    public boolean tokenRequired() {
        return !loopback;
    }

    /** Throws {@link Refused} unless the action may run. */
    public void check(@Header("Host") String host, @Header("Origin") String origin, @Header("Referer") String referer,
                      @Header("Sec-Fetch-Site") String fetchSite, @Header("Authorization") String authorization) {
        if ("cross-site".equalsIgnoreCase(fetchSite) || !sameHost(origin, host) || !sameHost(referer, host)) {
            throw new Refused("cross-site request refused");
        }
        if (loopback) {
            return;
        }
        if (token == null) {
            throw new Refused("actions are off: the management server listens beyond loopback and no admin token is"
                    + " set (LEADSYNC_ADMIN_TOKEN)");
        }
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new Refused("admin token missing or wrong");
        }
    }

    /** The answer to a refused action: its reason as JSON. */
    public String refusal(Exception refused) {
        return JsonNodeFactory.instance.objectNode()
                .put("error", refused.getMessage()).toString();
    }

    /** No Origin/Referer (a script, curl) passes; one that names another host:port does not. */
    private static boolean sameHost(String url, String host) {
        if (url == null || url.isBlank()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(url.trim());
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
