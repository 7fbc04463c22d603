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
 * Host names are checked as written, not resolved: a public name that resolves to a private
 * address is not caught here (DNS rebinding); run the scanner with an egress NetworkPolicy.
 */
public record RepositoryUrlPolicy(boolean allowFileUrls, boolean allowPrivateHosts) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern INTERNAL_NAME = Pattern.compile(
            "(localhost|.*\\.localhost|.*\\.local|.*\\.internal|.*\\.svc|.*\\.svc\\.cluster\\.local|[^.]+)");

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
        if (!allowPrivateHosts && isInternal(host.toLowerCase(Locale.ROOT))) {
            return Optional.of("host " + host + " is loopback, private or cluster-internal"
                    + " (threatloop.scanner.sources-api.allow-private-hosts)");
        }
        return Optional.empty();
    }

    private static boolean isInternal(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (IPV4.matcher(bare).matches() || bare.contains(":")) {
            try {
                InetAddress address = InetAddress.getByName(bare); // a literal: no DNS lookup
                byte[] b = address.getAddress();
                boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
                boolean carrierGradeNat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
                return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6
                        || carrierGradeNat;
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return INTERNAL_NAME.matcher(bare).matches();
    }
}
