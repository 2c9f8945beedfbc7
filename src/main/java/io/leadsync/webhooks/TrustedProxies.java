package io.leadsync.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The source address a delivery is logged with (the bean {@code trustedProxies}, routes/webhooks.camel.yaml): the
 * address the request came from, unless that is one of leadsync.webhooks.trusted-proxies (the reverse proxy in
 * front of leadsync), whose first {@code X-Forwarded-For} address is then the source. From anyone else the header is
 * ignored: it is whatever the sender wrote.
 */
public final class TrustedProxies {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    /** An IPv4 or IPv6 literal, which InetAddress parses without a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}"
            + "|[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*");
    /** What a forwarded address may be logged as (an IP address, perhaps with a port): nothing else reaches the log. */
    private static final Pattern LOGGABLE = Pattern.compile("[0-9A-Fa-f.:\\[\\]]{2,64}");

    private final Set<InetAddress> proxies;

    /** @param setting leadsync.webhooks.trusted-proxies: comma-separated IP addresses; null or blank: none */
    public TrustedProxies(String setting) {
        this.proxies = setting == null ? Set.of() : Arrays.stream(setting.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(TrustedProxies::literal).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param remote       the address the request came from (its host, no port)
     * @param forwardedFor the X-Forwarded-For header: null, one value ({@code "client, proxy1"}), or a list of the
     *                     header's values when it came more than once
     */
    public String source(String remote, Object forwardedFor) {
        if (remote == null || forwardedFor == null || !trusted(remote)) {
            return remote;
        }
        String header = forwardedFor instanceof List<?> values ? values.isEmpty() ? "" : String.valueOf(values.get(0))
                : String.valueOf(forwardedFor);
        String first = header.split(",", 2)[0].strip();
        return LOGGABLE.matcher(first).matches() ? first : remote;
    }

    private boolean trusted(String remote) {
        if (proxies.isEmpty() || !LITERAL.matcher(remote).matches()) {
            return false;
        }
        try {
            return proxies.contains(InetAddress.getByName(remote));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static InetAddress literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (LITERAL.matcher(bare).matches()) {
            try {
                return InetAddress.getByName(bare);
            } catch (UnknownHostException e) {
                // not an address: said below
            }
        }
        throw new IllegalStateException("leadsync.webhooks.trusted-proxies has '" + address + "'; use the IP "
                + "addresses of the reverse proxies in front of leadsync (127.0.0.1, 10.0.0.5, ::1), comma-separated");
    }
}
