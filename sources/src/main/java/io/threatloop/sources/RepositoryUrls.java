package io.threatloop.sources;

import java.net.URI;
import java.net.URISyntaxException;

/** Repository URLs as they may appear in events and logs: never with credentials. */
public final class RepositoryUrls {
    private RepositoryUrls() {
    }

    public static String withoutCredentials(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                    uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.replaceAll("//[^@/]*@", "//");
        }
    }

    /** {@code https://git.example.com/team/accounts.git} -> {@code accounts}. */
    public static String nameOf(String url) {
        String path = url.replaceAll("/+$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }
}
