package dev.handoff.app.security;

import dev.handoff.app.platform.Problems;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where the server may connect on a merchant's behalf (server-side request forgery defence, OWASP
 * SSRF Prevention Cheat Sheet): webhook URLs must be {@code https} (plain {@code http} only to hosts
 * listed in {@code handoff.outbound.allowed-http-hosts}) and every address their host resolves to must
 * be public: no loopback, private (RFC 1918), shared (RFC 6598), link-local (incl. the cloud metadata
 * address 169.254.169.254), unspecified, multicast, reserved, benchmark, unique-local IPv6 (RFC 4193) or
 * an IPv6 form of any of these (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Decimal ({@code 2130706433})
 * and other numeric host forms are judged by the address they denote, since the check runs on the
 * resolved addresses.
 *
 * <p>The webhook client ({@link #httpClient()}) resolves through {@link #dns()}, so the check runs at
 * connect time on the very addresses it connects to (a DNS-rebinding answer that changes after the
 * settings were saved is refused), and it follows no redirects. Mail hosts (IMAP, SMTP) get the same
 * address check before each connection unless {@code handoff.outbound.allow-private-mail-hosts} is
 * true (self-hosters with an internal mail server). Hosts in {@code allowed-http-hosts} are trusted by
 * the operator and not checked.
 */
@Singleton
public class OutboundAddresses {

    private final Set<String> allowedHttpHosts;
    private final boolean allowPrivateMailHosts;
    private final OkHttpClient http;

    OutboundAddresses(@Value("${handoff.outbound.allowed-http-hosts:}") List<String> allowedHttpHosts,
                      @Value("${handoff.outbound.allow-private-mail-hosts:false}") boolean allowPrivateMailHosts) {
        this.allowedHttpHosts = allowedHttpHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.allowPrivateMailHosts = allowPrivateMailHosts;
        this.http = new OkHttpClient.Builder().dns(dns()).followRedirects(false).followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Checks a webhook URL when it is saved.
     *
     * @return the URL, stripped
     * @throws io.micronaut.http.exceptions.HttpStatusException 400 naming the rule it breaks
     */
    public String checkWebhookUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw Problems.badRequest("The webhook URL is not a valid URL");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || uri.getRawUserInfo() != null) {
            throw Problems.badRequest("The webhook URL needs a host and no user name or password");
        }
        boolean trusted = allowedHttpHosts.contains(host);
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !("http".equalsIgnoreCase(uri.getScheme()) && trusted)) {
            throw Problems.badRequest("The webhook URL must use https");
        }
        if (!trusted) {
            try {
                resolvePublic(host);
            } catch (UnknownHostException e) {
                throw Problems.badRequest("The webhook URL's host must resolve to public internet addresses");
            }
        }
        return uri.toString();
    }

    /**
     * Checks a mail server host before a connection.
     *
     * @throws UnknownHostException when it does not resolve, or resolves to a non-public address while
     *         private mail hosts are not allowed
     */
    public void checkMailHost(String host) throws UnknownHostException {
        if (allowPrivateMailHosts) {
            InetAddress.getAllByName(host);
        } else {
            resolvePublic(host.toLowerCase(Locale.ROOT));
        }
    }

    /** @return a client for webhooks: resolves through {@link #dns()}, follows no redirects, 5 s to connect, 10 s a call */
    public OkHttpClient httpClient() {
        return http;
    }

    /** @return a resolver that refuses hosts with any non-public address (hosts in {@code allowed-http-hosts} excepted) */
    public Dns dns() {
        return host -> {
            String h = host.toLowerCase(Locale.ROOT);
            return allowedHttpHosts.contains(h) ? List.of(InetAddress.getAllByName(host)) : resolvePublic(h);
        };
    }

    private static List<InetAddress> resolvePublic(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(bare));
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                throw new UnknownHostException(host + " is not a public address");
            }
        }
        return addresses;
    }

    /** @return whether the address is a public unicast address (see the class comment for what is not) */
    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local (incl. fd00:ec2::254, the EC2 IPv6 metadata address)
            }
            if (allZero(b, 0, 10) && ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || allZero(b, 10, 12))) {
                return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d and ::a.b.c.d
            }
            if (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPublicV4(java.util.Arrays.copyOfRange(b, 12, 16)); // 64:ff9b::/96 NAT64
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublicV4(java.util.Arrays.copyOfRange(b, 2, 6)); // 2002::/16 6to4
            }
            if (first == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && (b[3] & 0xff) == 0x0d) {
                return false; // 2001:db8::/32 documentation
            }
            return (first & 0xe0) == 0x20; // global unicast 2000::/3
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224                // this network, private, loopback, multicast, reserved
                || a0 == 100 && (a1 & 0xc0) == 64                            // 100.64.0.0/10 shared (carrier-grade NAT)
                || a0 == 169 && a1 == 254                                     // link-local, cloud metadata
                || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168   // private
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)               // IETF protocol assignments, TEST-NET-1
                || a0 == 198 && (a1 & 0xfe) == 18                             // benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113); // TEST-NET-2, -3
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
