package io.threatloop.sources.fetch;

import io.threatloop.sources.PrivateAddresses;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the fetch of a URL that a user gave may connect: over https, to the URL's own host
 * (a redirect to another host is refused), and, unless private hosts are allowed, only to public
 * addresses. Checked for every connection JGit opens, redirects included, after DNS resolution:
 * once on the addresses the name resolves to, and again on the address the socket is actually
 * connected to, before any byte of TLS (so before a token) is sent.
 */
public record HostGuard(String host, boolean privateAddressesAllowed, Resolver resolver) {

    /** Looks up a host's addresses; a seam so tests can make a name resolve somewhere else. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public HostGuard {
        host = normalized(host);
    }

    /** Guards the fetches of {@code url}, resolving names through the JVM (whose cache the connection then uses). */
    public static HostGuard of(String url, boolean privateAddressesAllowed) {
        return new HostGuard(URI.create(url.trim()).getHost(), privateAddressesAllowed, InetAddress::getAllByName);
    }

    /**
     * The guard for a URL a user gave, or empty for a local path (allowed by the operator, read
     * from disk). Any other scheme, in any case, is guarded, and the guard lets only https pass.
     */
    public static Optional<HostGuard> forUserUrl(String url, boolean privateAddressesAllowed) {
        String trimmed = url.trim();
        if (trimmed.regionMatches(true, 0, "file:", 0, 5)) {
            return Optional.empty();
        }
        return Optional.of(of(trimmed, privateAddressesAllowed));
    }

    /** Why a connection to {@code url} is refused, or empty: checked before JGit opens it. */
    Optional<String> refusal(URL url) {
        if (!"https".equalsIgnoreCase(url.getProtocol())) {
            return Optional.of("refused to fetch " + url.getProtocol() + "://" + url.getHost()
                    + ": only https is allowed for this source");
        }
        if (!normalized(url.getHost()).equals(host)) {
            return Optional.of("refused a redirect from " + host + " to another host, " + url.getHost()
                    + ": give the source the URL it moved to");
        }
        return privateAddressesAllowed ? Optional.empty() : resolvedRefusal(url.getHost());
    }

    /** Why {@code host} is refused by the addresses it resolves to now; empty when all are public or it does not resolve. */
    public Optional<String> resolvedRefusal(String name) {
        try {
            for (InetAddress address : resolver.resolve(name)) {
                Optional<String> refused = refusal(name, address);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty(); // the connection fails by itself, and its address is checked if it resolves later
        }
    }

    /** Why the socket connected to {@code address} must not be used, or empty. */
    Optional<String> refusal(String name, InetAddress address) {
        if (privateAddressesAllowed) {
            return Optional.empty();
        }
        return PrivateAddresses.kindOf(address).map(kind -> "refused to connect to " + name + ": it resolves to "
                + address.getHostAddress() + ", a " + kind + " address"
                + " (threatloop.scanner.sources-api.allow-private-hosts)");
    }

    void check(URL url) throws IOException {
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            throw new IOException(refused.get());
        }
    }

    private static String normalized(String host) {
        if (host == null) {
            return "";
        }
        String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }
}
