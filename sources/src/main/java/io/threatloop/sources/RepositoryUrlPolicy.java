package io.threatloop.sources;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which repository URLs a user may hand the scanner through its API. The scanner fetches what it
 * is given, so a URL from a request is a server-side request: only https (credentials go in the
 * token, never in the URL), no loopback, private, link-local or cluster-internal hosts unless the
 * operator allows them, and local paths only when the operator allows them.
 * <p>
 * This checks the URL's text; the addresses a name resolves to, at every connection and redirect,
 * are checked by {@link io.threatloop.sources.fetch.HostGuard} when the repository is fetched.
 */
public record RepositoryUrlPolicy(boolean allowFileUrls, boolean allowPrivateHosts) {

    private static final Pattern DOTTED_DECIMAL = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** What resolvers may read as a number: {@code 0177.0.0.1}, {@code 2130706433}, {@code 0x7f.1}, {@code 127.1}. */
    private static final Pattern NUMERIC = Pattern.compile("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*");
    /**
     * Names that reach the host or the cluster: single labels (resolved through the cluster's
     * search domains), Kubernetes service names ({@code kubernetes.default}, {@code *.svc},
     * {@code *.cluster.local}) and the special-use and customary private domains.
     */
    private static final Pattern INTERNAL_NAME = Pattern.compile("[^.]+|.*\\.(localhost|local|localdomain|internal"
            + "|intranet|lan|home\\.arpa|corp|svc|cluster\\.local|default|kube-system)");

    /** Why the URL is refused, or empty when it is acceptable. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("url is required");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https":
                break;
            case "file":
                return allowFileUrls ? Optional.empty()
                        : Optional.of("file URLs read the scanner's own disk and are disabled"
                        + " (threatloop.scanner.sources-api.allow-file-urls)");
            case "http":
                return Optional.of("plain http exposes the repository and its token: use https");
            case "ssh":
                return Optional.of("ssh sources are not supported yet: use https with a token");
            default:
                return Optional.of("url must be an https URL of a git repository");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry credentials: give the token in 'token'");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("url has no host");
        }
        Optional<String> internal = allowPrivateHosts ? Optional.empty() : internal(host);
        if (internal.isPresent()) {
            return Optional.of("host " + host + " is " + internal.get() + ": loopback, private and cluster-internal"
                    + " hosts are refused (threatloop.scanner.sources-api.allow-private-hosts)");
        }
        return Optional.empty();
    }

    /** Why the host is loopback, private or cluster-internal by its text alone, or empty. */
    static Optional<String> internal(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            return literal(name.substring(1, name.length() - 1));
        }
        name = name.replaceAll("\\.+$", ""); // "localhost." is localhost: the trailing dot only makes it absolute
        if (name.isEmpty()) {
            return Optional.of("empty");
        }
        if (DOTTED_DECIMAL.matcher(name).matches()) {
            return literal(name);
        }
        if (NUMERIC.matcher(name).matches() || name.matches(".*\\.\\d+")) {
            return Optional.of("a numeric address in a non-standard form (octal, hexadecimal or shortened), which"
                    + " resolvers read differently; write the dotted-decimal address");
        }
        return INTERNAL_NAME.matcher(name).matches() ? Optional.of("a local or cluster-internal name") : Optional.empty();
    }

    private static Optional<String> literal(String address) {
        try {
            return PrivateAddresses.kindOf(InetAddress.getByName(address)); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            return Optional.of("not a valid address");
        }
    }
}
