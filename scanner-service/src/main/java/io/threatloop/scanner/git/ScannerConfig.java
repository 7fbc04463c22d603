package io.threatloop.scanner.git;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code threatloop.scanner.*}: the git sources to watch and how often. */
@ConfigMapping(prefix = "threatloop.scanner")
public interface ScannerConfig {

    /**
     * How often every source is fetched. At most once a second: Quarkus's scheduler checks its
     * triggers once a second, so a shorter interval polls once a second (a push webhook scans at once).
     */
    @WithDefault("30s")
    Duration pollInterval();

    /** How many sources are polled at once; each source is polled by one thread at a time. */
    @WithDefault("2")
    int pollParallelism();

    /**
     * A source that has not completed a poll for this long (default: five of its intervals, at
     * least a minute) turns the {@code git-sources} readiness check DOWN.
     */
    Optional<Duration> staleAfter();

    /**
     * How long a scanner replica that stopped recording itself alive keeps its share of the
     * sources before the others take it over (default: three poll intervals, at least 30 s). A
     * replica that stops cleanly hands its share over at once.
     */
    Optional<Duration> replicaTimeout();

    /** A poll running longer than this is reported as stuck by the {@code git-poller} liveness check. */
    @WithDefault("15m")
    Duration pollTimeout();

    /**
     * The most characters of JSON one observation may have (16 Mi); a larger one is published
     * as a {@code ScanFailed} naming this limit.
     */
    @WithDefault("16777216")
    int maxObservationBytes();

    /** Where clones are kept between polls. */
    @WithDefault("${java.io.tmpdir}/threatloop-scanner")
    Path workDir();

    /** Sources by name: {@code threatloop.scanner.sources.<name>.url=...}. */
    Map<String, Source> sources();

    /**
     * A PEM file of extra certificate authorities for git over https (an in-house GitLab with a
     * private CA), trusted in addition to the JDK's; for git only.
     */
    Optional<Path> caFile();

    /** What sources added through the API may point at. */
    SourcesApi sourcesApi();

    interface SourcesApi {
        /** Allow file:// URLs (they read the scanner's own disk). */
        @WithDefault("false")
        boolean allowFileUrls();

        /** Allow loopback, private, link-local and cluster-internal hosts (e.g. an in-cluster Gitea). */
        @WithDefault("false")
        boolean allowPrivateHosts();

        /**
         * The keys that encrypt stored access tokens (a file mounted from a Secret, one
         * {@code <key-id>=<base64 of 32 random bytes>} per line, the first one current). Without
         * it the API refuses sources with a token: tokens are never stored in plaintext.
         */
        Optional<Path> tokenKeysFile();
    }

    interface Source {
        /** file://, https:// or ssh:// URL of the repository (scp-like {@code git@host:org/repo.git} too). */
        String url();

        @WithDefault("main")
        String branch();

        /** The application the specs of this source belong to; defaults to the source's name. */
        Optional<String> application();

        /** The team that sees this source in the API; without one only administrators do. */
        Optional<String> team();

        /** Replay the history from this revision on (inclusive); by default the whole history. */
        Optional<String> from();

        /**
         * A file holding an access token for an https repository (mount it from a Kubernetes
         * Secret). Read at every fetch, never logged, never put in an event.
         */
        Optional<Path> tokenFile();

        /**
         * For ssh URLs: the private key (unencrypted; the {@code ssh-privatekey} of a
         * {@code kubernetes.io/ssh-auth} Secret), read at every fetch.
         */
        Optional<Path> sshKeyFile();

        /**
         * For ssh URLs: a known_hosts file with the server's host key. Required with an ssh key:
         * host keys are never accepted on first use.
         */
        Optional<Path> knownHostsFile();

        /** The user name sent with the token (GitHub and GitLab accept any; Bitbucket wants x-token-auth). */
        @WithDefault("x-access-token")
        String tokenUser();
    }
}
