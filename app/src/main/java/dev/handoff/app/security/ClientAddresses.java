package dev.handoff.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request came from, for per-address limits and budgets. Exposed directly, it is the socket's
 * peer. Behind reverse proxies listed in {@code handoff.trusted-proxies} ({@code HANDOFF_TRUSTED_PROXIES}:
 * addresses or CIDR blocks, comma-separated, e.g. {@code 10.0.0.0/8,127.0.0.1}) it is the right-most entry of
 * {@code X-Forwarded-For} that is not itself a trusted proxy (the entries to its left were written by the client
 * and prove nothing; see MDN's X-Forwarded-For "Selecting an IP address"). A header from an untrusted peer is
 * ignored, so a client cannot choose its own address.
 */
@Singleton
public class ClientAddresses {

    private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private final List<Block> trusted;

    ClientAddresses(@Value("${handoff.trusted-proxies:}") String trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies.split(",")) {
            if (!entry.isBlank()) {
                blocks.add(Block.parse(entry.strip()));
            }
        }
        this.trusted = List.copyOf(blocks);
    }

    /** @return the client's address as described above (the socket peer when nothing better is known) */
    public InetAddress of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote.getAddress();
        return of(peer == null ? InetAddress.getLoopbackAddress() : peer, request.getHeaders().getAll("X-Forwarded-For"));
    }

    /** @return the client's address given the socket's peer and the request's {@code X-Forwarded-For} headers */
    InetAddress of(InetAddress peer, List<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return peer; // a malformed hop: nothing left of it can be trusted either
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /**
     * @return the key per-address limits count under: an IPv4 address as it is, an IPv6 address by its /64
     *         network (one subscriber's allocation, which a client can rotate through freely), e.g. {@code 2001:db8:0:1:0:0:0:0/64}
     */
    public static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        byte[] net = new byte[16];
        System.arraycopy(bytes, 0, net, 0, 8);
        try {
            return InetAddress.getByAddress(net).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(b -> b.contains(address));
    }

    /** @return the address an IP literal names (brackets and a port tolerated), never a DNS lookup; null otherwise */
    private static @Nullable InetAddress literal(String text) {
        String t = text;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            t = close < 0 ? "" : t.substring(1, close);
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            t = t.substring(0, t.indexOf(':')); // IPv4 with a port
        }
        if (t.isEmpty() || !LITERAL.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block: {@code bits} leading bits of {@code network}. */
    private record Block(byte[] network, int bits) {

        static Block parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalStateException("HANDOFF_TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR block");
            }
            byte[] bytes = address.getAddress();
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalStateException("HANDOFF_TRUSTED_PROXIES: '" + text + "' has a bad prefix length");
                }
            }
            return new Block(bytes, bits);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
