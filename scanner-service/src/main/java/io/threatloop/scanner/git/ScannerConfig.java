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

    /** How often every source is fetched. */
    @WithDefault("30s")
    Duration pollInterval();

    /** Where clones are kept between polls. */
    @WithDefault("${java.io.tmpdir}/threatloop-scanner")
    Path workDir();

    /** Sources by name: {@code threatloop.scanner.sources.<name>.url=...}. */
    Map<String, Source> sources();

    /** What sources added through the API may point at. */
    SourcesApi sourcesApi();

    interface SourcesApi {
        /** Allow file:// URLs (they read the scanner's own disk). */
        @WithDefault("false")
        boolean allowFileUrls();

        /** Allow loopback, private, link-local and cluster-internal hosts (e.g. an in-cluster Gitea). */
        @WithDefault("false")
        boolean allowPrivateHosts();
    }

    interface Source {
        /** file:// or https:// URL of the repository. */
        String url();

        @WithDefault("main")
        String branch();

        /** The application the specs of this source belong to; defaults to the source's name. */
        Optional<String> application();

        /** Replay the history from this revision on (inclusive); by default the whole history. */
        Optional<String> from();

        /**
         * A file holding an access token for an https repository (mount it from a Kubernetes
         * Secret). Read at every fetch, never logged, never put in an event.
         */
        Optional<Path> tokenFile();

        /** The user name sent with the token (GitHub and GitLab accept any; Bitbucket wants x-token-auth). */
        @WithDefault("x-access-token")
        String tokenUser();
    }
}
