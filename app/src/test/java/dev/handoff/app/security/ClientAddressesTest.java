package dev.handoff.app.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which address a request counts under, directly exposed and behind trusted proxies. */
class ClientAddressesTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
        ClientAddresses direct = new ClientAddresses("");
        assertEquals(ip("198.51.100.4"), direct.of(ip("198.51.100.4"), List.of("203.0.113.9")));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() throws Exception {
        ClientAddresses proxied = new ClientAddresses("10.0.0.0/8, 127.0.0.1");
        // the client wrote "1.2.3.4" itself; nginx appended the address it saw, then a second proxy its own
        assertEquals(ip("203.0.113.9"), proxied.of(ip("127.0.0.1"), List.of("1.2.3.4, 203.0.113.9", "10.1.2.3")));
        // a peer that is not a trusted proxy cannot choose its address
        assertEquals(ip("198.51.100.4"), proxied.of(ip("198.51.100.4"), List.of("203.0.113.9")));
        // only proxies in the chain: the peer; a malformed hop stops the walk
        assertEquals(ip("10.0.0.7"), proxied.of(ip("10.0.0.7"), List.of("10.9.9.9")));
        assertEquals(ip("10.0.0.7"), proxied.of(ip("10.0.0.7"), List.of("203.0.113.9, evil.example.com")));
        assertEquals(ip("2001:db8::5"), proxied.of(ip("10.0.0.7"), List.of("[2001:db8::5]:4711")));
        assertEquals(ip("203.0.113.9"), proxied.of(ip("10.0.0.7"), List.of("203.0.113.9:4711")));
    }

    @Test
    void ipv6CountsPerSlash64AndIpv4PerAddress() throws Exception {
        assertEquals(ClientAddresses.key(ip("2001:db8:0:1::1")), ClientAddresses.key(ip("2001:db8:0:1:ffff:1:2:3")));
        assertEquals("2001:db8:0:1:0:0:0:0/64", ClientAddresses.key(ip("2001:db8:0:1::1")));
        assertEquals("203.0.113.9", ClientAddresses.key(ip("203.0.113.9")));
        assertEquals("203.0.113.9", ClientAddresses.key(ip("::ffff:203.0.113.9")), "IPv4-mapped IPv6 is the IPv4 address");
    }

    @Test
    void aBadConfigurationStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> new ClientAddresses("proxy.internal"));
        assertThrows(IllegalStateException.class, () -> new ClientAddresses("10.0.0.0/33"));
    }
}
