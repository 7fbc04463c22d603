package io.threatloop.scanner.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.scheduler.Scheduled;
import io.threatloop.scanner.sharing.ScannerReplicas;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Shared index informers (with resync) on Services, Ingresses, NetworkPolicies, Namespaces and,
 * when the Gateway API CRD is installed, HTTPRoutes; in all namespaces or a configured list.
 * Every change asks for a reconcile; reconciles are coalesced on one thread.
 */
@ApplicationScoped
public class ClusterWatcher {

    static final String HTTPROUTE_CRD = "httproutes.gateway.networking.k8s.io";
    static final ResourceDefinitionContext HTTPROUTES = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
            .withNamespaced(true).build();
    private static final Logger LOG = Logger.getLogger(ClusterWatcher.class);

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesConfig config;

    @Inject
    WorkloadReconciler reconciler;

    @Inject
    ScannerReplicas replicas;

    /** The key the watch is shared under, as a source is under its name. */
    static final String WATCH = "\u0000kubernetes-watch";

    private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
    private final List<SharedIndexInformer<Ingress>> ingresses = new ArrayList<>();
    private final List<SharedIndexInformer<NetworkPolicy>> policies = new ArrayList<>();
    private final List<SharedIndexInformer<GenericKubernetesResource>> routes = new ArrayList<>();
    private SharedIndexInformer<Namespace> namespaces;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService reconciles;
    private boolean running;

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            replicas.heartbeat();
            followTheLead();
        }
    }

    /**
     * One scanner replica watches the cluster: the one {@link ScannerReplicas} gives the watch
     * to among those alive, checked at every tick. A replica that takes it over reloads what was
     * published from the database ({@link #start}); two replicas that both watch for a tick
     * publish the same deterministic ids, which model-service drops.
     */
    @Scheduled(every = "${threatloop.scanner.poll-interval:30s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void followTheLead() {
        if (!config.enabled()) {
            return;
        }
        boolean lead = replicas.owns(WATCH);
        if (lead && !running) {
            LOG.infof("scanner replica %s takes the Kubernetes watch", replicas.id());
            start();
        } else if (!lead && running) {
            LOG.infof("scanner replica %s hands the Kubernetes watch to %s", replicas.id(), replicas.ownerOf(WATCH));
            stop();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        reconciler.reload();
        reconciles = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "workload-reconcile"));
        long resync = config.resync().toMillis();
        ResourceEventHandler<HasMetadata> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                requestReconcile();
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                requestReconcile();
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                requestReconcile();
            }
        };
        boolean httpRoutes = gatewayApiInstalled();
        for (String namespace : config.namespaces().orElse(List.of("*"))) {
            boolean all = namespace.equals("*");
            var serviceOps = all ? client.services().inAnyNamespace() : client.services().inNamespace(namespace);
            services.add(config.labelSelector().isPresent()
                    ? serviceOps.withLabelSelector(config.labelSelector().get()).inform(cast(onChange), resync)
                    : serviceOps.inform(cast(onChange), resync));
            ingresses.add((all ? client.network().v1().ingresses().inAnyNamespace()
                    : client.network().v1().ingresses().inNamespace(namespace)).inform(cast(onChange), resync));
            policies.add((all ? client.network().v1().networkPolicies().inAnyNamespace()
                    : client.network().v1().networkPolicies().inNamespace(namespace)).inform(cast(onChange), resync));
            if (httpRoutes) {
                var routeOps = client.genericKubernetesResources(HTTPROUTES);
                routes.add((all ? routeOps.inAnyNamespace() : routeOps.inNamespace(namespace))
                        .inform(cast(onChange), resync));
            }
        }
        // namespaces are cluster-scoped: only watched (for their team label) with cluster-wide rights
        namespaces = config.namespaces().isPresent() ? null : client.namespaces().inform(cast(onChange), resync);
        running = true;
        LOG.infof("watching Services, Ingresses, NetworkPolicies, Namespaces%s in %s", httpRoutes ? ", HTTPRoutes" : "",
                config.namespaces().map(Object::toString).orElse("all namespaces"));
        requestReconcile();
    }

    /** Whether the HTTPRoute CRD exists; its absence (or no right to look) is logged, not an error. */
    private boolean gatewayApiInstalled() {
        try {
            if (client.apiextensions().v1().customResourceDefinitions().withName(HTTPROUTE_CRD).get() != null) {
                return true;
            }
            LOG.infof("Gateway API CRD %s is not installed: HTTPRoutes are not watched", HTTPROUTE_CRD);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            LOG.infof("cannot read CRD %s (%s): HTTPRoutes are not watched", HTTPROUTE_CRD, e.getStatus() == null
                    ? e.getMessage() : e.getStatus().getReason());
        }
        return false;
    }

    /** Whether this replica watches the cluster now. */
    public synchronized boolean isRunning() {
        return running;
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        services.forEach(SharedIndexInformer::close);
        ingresses.forEach(SharedIndexInformer::close);
        policies.forEach(SharedIndexInformer::close);
        routes.forEach(SharedIndexInformer::close);
        if (namespaces != null) {
            namespaces.close();
        }
        services.clear();
        ingresses.clear();
        policies.clear();
        routes.clear();
        reconciles.shutdown();
        try {
            reconciles.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestReconcile() {
        if (pending.compareAndSet(false, true)) {
            try {
                reconciles.schedule(this::reconcileNow, 200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                pending.set(false);
            }
        }
    }

    private void reconcileNow() {
        pending.set(false);
        try {
            if (!allSynced()) {
                requestReconcile(); // the first list is not complete yet: deciding now would remove what is not listed
                return;
            }
            reconciler.reconcile(new WorkloadReconciler.ClusterSnapshot(items(services, i -> i), items(ingresses, i -> i),
                    items(routes, i -> i), items(policies, i -> i),
                    namespaces == null ? List.of() : namespaces.getStore().list()));
        } catch (RuntimeException e) {
            LOG.warnf("workload reconcile failed, will retry: %s", e.getMessage());
            reconciler.reload(); // the store is the truth after a failure half-way
            reconciles.schedule(this::requestReconcile, 2, TimeUnit.SECONDS);
        }
    }

    private synchronized boolean allSynced() {
        return running && services.stream().allMatch(SharedIndexInformer::hasSynced)
                && ingresses.stream().allMatch(SharedIndexInformer::hasSynced)
                && policies.stream().allMatch(SharedIndexInformer::hasSynced)
                && routes.stream().allMatch(SharedIndexInformer::hasSynced)
                && (namespaces == null || namespaces.hasSynced());
    }

    private static <T, R> List<R> items(List<SharedIndexInformer<T>> informers, Function<T, R> map) {
        List<R> result = new ArrayList<>();
        informers.forEach(informer -> informer.getStore().list().forEach(item -> result.add(map.apply(item))));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> handler) {
        return (ResourceEventHandler<T>) handler;
    }
}
