package io.threatloop.scanner.kubernetes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code threatloop.scanner.kubernetes.*}: which part of the cluster to watch. */
@ConfigMapping(prefix = "threatloop.scanner.kubernetes")
public interface KubernetesConfig {

    /** Watch the cluster at all (on in-cluster deployments). */
    @WithDefault("false")
    boolean enabled();

    /** Namespaces to watch; all when absent (needs the ClusterRole rather than the namespaced Role). */
    Optional<List<String>> namespaces();

    /** Only Services with these labels, e.g. {@code threatloop.io/watch=true}. */
    Optional<String> labelSelector();

    /** Full resync of the informers, which also repairs missed watch events. */
    @WithDefault("10m")
    Duration resync();

    /** The cluster's name in provenance ({@code kubernetes://<cluster>}). */
    @WithDefault("cluster")
    String clusterName();

    /** Reading the spec a workload serves (annotation {@code threatloop.io/spec-path}). */
    LiveSpec liveSpec();

    interface LiveSpec {
        @WithDefault("cluster.local")
        String clusterDomain();

        @WithDefault("3s")
        Duration timeout();

        @WithDefault("5242880")
        int maxBytes();
    }
}
