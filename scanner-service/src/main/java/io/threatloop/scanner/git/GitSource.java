package io.threatloop.scanner.git;

import io.threatloop.sources.RepositoryUrls;
import io.threatloop.sources.fetch.GitCredentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A git repository the scanner watches, from configuration or from the sources API. The
 * credential ({@code token}, or files mounted from a Secret) is used for fetching only:
 * {@link #toString()} leaves it out, the API never returns it, events never carry it. {@code team}
 * scopes who sees the source in the API (like a model's owner); without one only administrators do.
 */
public record GitSource(String name, String url, String branch, String application, String team, String from,
                        MountedSecrets mounted, String tokenUser, String token, Duration pollInterval, Origin origin) {

    public enum Origin { CONFIGURATION, API }

    /**
     * Credential files mounted into the scanner (configured sources only: the API cannot name
     * files on the scanner's disk). A token file for https, or an ssh key with the known_hosts
     * that pins the server's host key.
     */
    public record MountedSecrets(Path tokenFile, Path sshKeyFile, Path knownHostsFile) {
        public static final MountedSecrets NONE = new MountedSecrets(null, null, null);
    }

    /** The credentials for the next fetch; mounted files are read now, so rotated Secrets apply. */
    public GitCredentials credentials() throws IOException {
        if (mounted.sshKeyFile() != null) {
            if (mounted.knownHostsFile() == null) {
                throw new IllegalArgumentException("source '" + name + "' has an ssh-key-file but no known-hosts-file;"
                        + " set known-hosts-file to a file with the server's host key (ssh-keyscan output, checked)");
            }
            return new GitCredentials.SshKey(mounted.sshKeyFile(), mounted.knownHostsFile());
        }
        String secret = token != null ? token
                : mounted.tokenFile() != null ? Files.readString(mounted.tokenFile()).trim() : null;
        return secret == null ? GitCredentials.NONE : new GitCredentials.Token(tokenUser, secret);
    }

    /** The application the specs of this source belong to. */
    public String applicationId() {
        return application != null ? application : name;
    }

    /** The URL as it may be shown and published: without any user info. */
    public String displayUrl() {
        return RepositoryUrls.withoutCredentials(url);
    }

    /** How it authenticates, without the secret: none, token, token-file or ssh-key. */
    public String credentialKind() {
        return token != null ? "token" : mounted.tokenFile() != null ? "token-file"
                : mounted.sshKeyFile() != null ? "ssh-key" : "none";
    }

    @Override
    public String toString() {
        return "GitSource[" + name + " " + displayUrl() + " " + branch + ", credentials: " + credentialKind() + "]";
    }
}
