package io.threatloop.scanner.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live specs of annotated Services, fetched by in-cluster DNS name only
 * ({@code http://<name>.<namespace>.svc.<cluster-domain>:<port>}) and kept until the Service
 * changes or a resync interval has passed.
 */
@ApplicationScoped
public class LiveSpecs {

    private record Cached(String resourceVersion, Instant fetched, LiveSpecFetcher.Result result) {
    }

    @Inject
    KubernetesConfig config;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private LiveSpecFetcher fetcher;

    LiveSpecFetcher.Result fetch(Service service, String path) {
        String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName() + path;
        String version = service.getMetadata().getResourceVersion();
        Cached cached = cache.get(key);
        if (cached != null && cached.resourceVersion().equals(version)
                && cached.fetched().plus(config.resync()).isAfter(Instant.now())) {
            return cached.result();
        }
        URI base = baseOf(service);
        LiveSpecFetcher.Result result = base == null ? LiveSpecFetcher.Result.problem("the Service has no TCP port")
                : fetcher().fetch(base, path);
        cache.put(key, new Cached(version, Instant.now(), result));
        return result;
    }

    private URI baseOf(Service service) {
        ServicePort port = service.getSpec().getPorts() == null ? null : service.getSpec().getPorts().stream()
                .filter(p -> p.getProtocol() == null || p.getProtocol().equals("TCP"))
                .sorted((a, b) -> Boolean.compare(!"http".equals(a.getName()), !"http".equals(b.getName())))
                .findFirst().orElse(null);
        if (port == null) {
            return null;
        }
        return URI.create("http://" + service.getMetadata().getName() + "." + service.getMetadata().getNamespace()
                + ".svc." + config.liveSpec().clusterDomain() + ":" + port.getPort() + "/");
    }

    private synchronized LiveSpecFetcher fetcher() {
        if (fetcher == null) {
            fetcher = new LiveSpecFetcher(config.liveSpec().timeout(), config.liveSpec().maxBytes());
        }
        return fetcher;
    }

}
