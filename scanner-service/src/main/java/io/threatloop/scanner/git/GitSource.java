package io.threatloop.scanner.git;

import io.threatloop.sources.RepositoryUrls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A git repository the scanner watches, from configuration or from the sources API. The
 * credential ({@code token}, or a {@code tokenFile} mounted from a Secret) is used for fetching
 * only: {@link #toString()} leaves it out, the API never returns it, events never carry it.
 */
public record GitSource(String name, String url, String branch, String application, String from, Path tokenFile,
                        String tokenUser, String token, Duration pollInterval, Origin origin) {

    public enum Origin { CONFIGURATION, API }

    /** The application the specs of this source belong to. */
    public String applicationId() {
        return application != null ? application : name;
    }

    /** The URL as it may be shown and published: without any user info. */
    public String displayUrl() {
        return RepositoryUrls.withoutCredentials(url);
    }

    /** How it authenticates, without the secret: none, token or token-file. */
    public String credentialKind() {
        return token != null ? "token" : tokenFile != null ? "token-file" : "none";
    }

    @Override
    public String toString() {
        return "GitSource[" + name + " " + displayUrl() + " " + branch + ", credentials: " + credentialKind() + "]";
    }
}
