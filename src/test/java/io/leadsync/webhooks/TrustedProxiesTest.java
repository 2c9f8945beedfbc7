package io.leadsync.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The source address a delivery is logged with: the proxy's forwarded address only from a trusted proxy. */
class TrustedProxiesTest {

    private final TrustedProxies proxy = new TrustedProxies(" 10.0.0.5, 127.0.0.1 ");

    @Test
    void withNoTrustedProxyTheAddressTheRequestCameFromWhateverItsHeaderSays() {
        assertThat(new TrustedProxies(null).source("127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
        assertThat(new TrustedProxies("").source("127.0.0.1", "203.0.113.7")).isEqualTo("127.0.0.1");
    }

    @Test
    void fromATrustedProxyTheFirstAddressItForwardedFor() {
        assertThat(proxy.source("127.0.0.1", "203.0.113.7, 10.0.0.9")).isEqualTo("203.0.113.7");
        assertThat(proxy.source("10.0.0.5", List.of("203.0.113.7", "198.51.100.1"))).as("the header sent twice")
                .isEqualTo("203.0.113.7");
    }

    @Test
    void fromATrustedProxyWithoutTheHeaderTheProxy() {
        assertThat(proxy.source("127.0.0.1", null)).isEqualTo("127.0.0.1");
    }

    @Test
    void fromAnyoneElseTheHeaderIsIgnored() {
        assertThat(proxy.source("198.51.100.1", "203.0.113.7")).isEqualTo("198.51.100.1");
    }

    @Test
    void anIpv6ProxyIsKnownHoweverItsAddressIsWritten() {
        assertThat(new TrustedProxies("::1").source("0:0:0:0:0:0:0:1", "2001:db8::7")).isEqualTo("2001:db8::7");
        assertThat(new TrustedProxies("[::1]").source("0:0:0:0:0:0:0:1", "203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void aForwardedValueThatIsNoAddressNeverReachesTheLog() {
        assertThat(proxy.source("127.0.0.1", "203.0.113.7\nwebhook accepted")).isEqualTo("127.0.0.1");
        assertThat(proxy.source("127.0.0.1", "\u001b[31mred")).isEqualTo("127.0.0.1");
    }

    @Test
    void aSettingThatIsNotAnAddressIsOneLineSayingWhatToWrite() {
        assertThatThrownBy(() -> new TrustedProxies("10.0.0.5, proxy.internal"))
                .hasMessage("leadsync.webhooks.trusted-proxies has 'proxy.internal'; use the IP addresses of the "
                        + "reverse proxies in front of leadsync (127.0.0.1, 10.0.0.5, ::1), comma-separated");
        assertThatThrownBy(() -> new TrustedProxies("10.0.0.0/8")).hasMessageStartingWith(
                "leadsync.webhooks.trusted-proxies has '10.0.0.0/8'");
    }
}
