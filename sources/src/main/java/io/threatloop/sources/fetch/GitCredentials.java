package io.threatloop.sources.fetch;

import java.nio.file.Path;

/**
 * How the scanner authenticates to a repository. Secrets stay inside: {@link #toString()} never
 * shows them, so a credential can be logged by accident without leaking.
 */
public sealed interface GitCredentials {

    GitCredentials NONE = new None();

    /** Anonymous access (public repositories, file:// URLs). */
    record None() implements GitCredentials {
    }

    /** An access token sent as the password of HTTP basic authentication over https. */
    record Token(String user, String token) implements GitCredentials {
        @Override
        public String toString() {
            return "Token[user=" + user + ", token=***]";
        }
    }

    /**
     * A private key (unencrypted, OpenSSH or PEM format, e.g. the {@code ssh-privatekey} of a
     * Kubernetes {@code kubernetes.io/ssh-auth} Secret) and the known_hosts file that pins the
     * server's host key. Both are read at every fetch, so a rotated Secret is picked up.
     */
    record SshKey(Path privateKey, Path knownHosts) implements GitCredentials {
    }
}
