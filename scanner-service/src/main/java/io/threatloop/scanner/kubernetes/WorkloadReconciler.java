package io.threatloop.scanner.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.contracts.observation.WorkloadRemoved;
import io.threatloop.scanner.publishing.ObservationPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Level-triggered: compares what the cluster holds now with what was last published and
 * publishes the difference. Run after the informers' initial list (so a restart publishes only
 * what changed while the scanner was down) and after every change they report.
 */
@ApplicationScoped
public class WorkloadReconciler {

    private static final Logger LOG = Logger.getLogger(WorkloadReconciler.class);

    /** Everything the informers hold, at one moment. */
    public record ClusterSnapshot(List<Service> services, List<Ingress> ingresses,
                                  List<GenericKubernetesResource> httpRoutes, List<NetworkPolicy> networkPolicies,
                                  List<Namespace> namespaces) {
    }

    @Inject
    WorkloadStateStore store;

    @Inject
    ObservationPublisher publisher;

    @Inject
    KubernetesConfig config;

    @Inject
    LiveSpecs liveSpecs;

    /** What was last published, loaded from the store once per watch and kept up to date after. */
    private Map<String, WorkloadStateStore.Known> known;

    /** Forgets the in-memory copy: the next reconcile reads the store again (on every (re)start). */
    public synchronized void reload() {
        known = null;
    }

    /** Publishes what changed; returns how many observations. */
    public synchronized int reconcile(ClusterSnapshot cluster) {
        if (known == null) {
            known = new HashMap<>(store.loadAll());
        }
        Map<String, List<Ingress>> ingresses = byNamespace(cluster.ingresses(), i -> i.getMetadata().getNamespace());
        Map<String, List<GenericKubernetesResource>> routes = byNamespace(cluster.httpRoutes(),
                r -> r.getMetadata().getNamespace());
        Map<String, List<NetworkPolicy>> policies = byNamespace(cluster.networkPolicies(),
                p -> p.getMetadata().getNamespace());
        Map<String, Namespace> namespaces = cluster.namespaces().stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a));
        int published = 0;
        Map<String, Boolean> seen = new HashMap<>();
        for (Service service : cluster.services()) {
            String namespace = service.getMetadata().getNamespace();
            String key = namespace + "/" + service.getMetadata().getName();
            seen.put(key, true);
            WorkloadObserved workload = WorkloadDescriber.describe(service, new WorkloadDescriber.Neighbourhood(
                    namespaces.get(namespace), ingresses.getOrDefault(namespace, List.of()),
                    routes.getOrDefault(namespace, List.of()), policies.getOrDefault(namespace, List.of())),
                    config.clusterName());
            if (workload.liveSpecPath() != null) {
                LiveSpecFetcher.Result live = liveSpecs.fetch(service, workload.liveSpecPath());
                workload = workload.withLiveSpec(live.surface(), live.problem());
            }
            String fingerprint = fingerprint(workload);
            WorkloadStateStore.Known previous = known.get(key);
            if (previous != null && previous.fingerprint().equals(fingerprint)) {
                continue;
            }
            publisher.publish(workload, Envelope.deterministicId("workload", key, fingerprint),
                    workload.source().revision());
            WorkloadStateStore.Known saved = new WorkloadStateStore.Known(namespace,
                    service.getMetadata().getName(), workload.applicationId(), fingerprint);
            store.save(saved);
            known.put(key, saved);
            LOG.infof("workload %s: WorkloadObserved (%s exposure, %d route(s))", key, workload.exposure().level(),
                    workload.exposure().routes().size());
            published++;
        }
        for (WorkloadStateStore.Known gone : List.copyOf(known.values())) {
            String key = gone.namespace() + "/" + gone.name();
            if (seen.containsKey(key)) {
                continue;
            }
            SourceRef source = new SourceRef("kubernetes", "kubernetes://" + config.clusterName(), null, key, null, null);
            publisher.publish(new WorkloadRemoved(gone.applicationId(), source, gone.namespace(), gone.name()),
                    Envelope.deterministicId("workload-removed", key, gone.fingerprint()), null);
            store.delete(gone);
            known.remove(key);
            LOG.infof("workload %s: WorkloadRemoved", key);
            published++;
        }
        return published;
    }

    /** The content of an observation, without the resourceVersion that changes on every write. */
    static String fingerprint(WorkloadObserved workload) {
        WorkloadObserved content = workload.withSource(null);
        try {
            byte[] json = EventCodec.mapper().writeValueAsBytes(content);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> Map<String, List<T>> byNamespace(List<T> items, Function<T, String> namespace) {
        return items.stream().collect(Collectors.groupingBy(namespace));
    }

}
