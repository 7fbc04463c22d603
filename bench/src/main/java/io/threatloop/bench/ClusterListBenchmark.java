package io.threatloop.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.scanner.kubernetes.WorkloadDescriber;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * 10,000 Services and 2,000 Ingresses (over 20 namespaces) in the Fabric8 mock API server (CRUD
 * mode): the scanner's informers list them and every Service is turned into a WorkloadObserved
 * (exposure through the Ingresses included). Reports wall time and peak heap of that part; the
 * mock server's setup is not measured. Publishing to Kafka is not included.
 * <p>
 * Usage: {@code java -Xmx512m -cp ... io.threatloop.bench.ClusterListBenchmark 10000 2000}
 */
public final class ClusterListBenchmark {

    private static final ResourceEventHandler<Object> IGNORE = new ResourceEventHandler<>() {
        @Override
        public void onAdd(Object obj) {
        }

        @Override
        public void onUpdate(Object oldObj, Object newObj) {
        }

        @Override
        public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
        }
    };

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int ingresses = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int namespaces = 20;
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
                new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            System.err.printf("creating %d services and %d ingresses ...%n", services, ingresses);
            for (int n = 0; n < namespaces; n++) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns" + n).endMetadata()
                        .build()).create();
            }
            for (int i = 0; i < services; i++) {
                String ns = "ns" + (i % namespaces);
                client.services().resource(new ServiceBuilder().withNewMetadata().withNamespace(ns).withName("svc" + i)
                        .addToLabels("app.kubernetes.io/name", "svc" + i).endMetadata().withNewSpec().withType("ClusterIP")
                        .addToSelector("app", "svc" + i).addNewPort().withName("http").withPort(8080).endPort()
                        .endSpec().build()).create();
            }
            for (int i = 0; i < ingresses; i++) {
                int target = i * 5 % services;
                String ns = "ns" + (target % namespaces);
                client.network().v1().ingresses().resource(new IngressBuilder().withNewMetadata().withNamespace(ns)
                        .withName("ing" + i).endMetadata().withNewSpec().addNewRule().withHost("h" + i + ".example")
                        .withNewHttp().addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService()
                        .withName("svc" + target).withNewPort().withNumber(8080).endPort().endService()
                        .endBackend().endPath().endHttp().endRule().endSpec().build()).create();
            }
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            SharedIndexInformer<Service> serviceInformer = client.services().inAnyNamespace()
                    .inform((ResourceEventHandler<Service>) (Object) IGNORE, 0);
            SharedIndexInformer<Ingress> ingressInformer = client.network().v1().ingresses().inAnyNamespace()
                    .inform((ResourceEventHandler<Ingress>) (Object) IGNORE, 0);
            serviceInformer.start().toCompletableFuture().get(120, TimeUnit.SECONDS);
            ingressInformer.start().toCompletableFuture().get(120, TimeUnit.SECONDS);
            long listed = System.nanoTime();
            Map<String, List<Ingress>> byNamespace = ingressInformer.getStore().list().stream()
                    .collect(Collectors.groupingBy(i -> i.getMetadata().getNamespace()));
            List<WorkloadObserved> observations = new ArrayList<>();
            for (Service service : serviceInformer.getStore().list()) {
                observations.add(WorkloadDescriber.describe(service, new WorkloadDescriber.Neighbourhood(null,
                        byNamespace.getOrDefault(service.getMetadata().getNamespace(), List.of()), List.of(), List.of()),
                        "bench"));
            }
            long done = System.nanoTime();
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            long exposed = observations.stream().filter(o -> o.exposure().level().equals("internet")).count();
            System.out.printf(Locale.ROOT, "%d Services, %d Ingresses: listed by informers in %.2f s, %d observations "
                            + "(%d exposed through an Ingress) in %.2f s more; total %.2f s; peak heap %d MB (max heap %d MB)%n",
                    serviceInformer.getStore().list().size(), ingressInformer.getStore().list().size(),
                    (listed - start) / 1e9, observations.size(), exposed, (done - listed) / 1e9, (done - start) / 1e9,
                    peak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            serviceInformer.close();
            ingressInformer.close();
        } finally {
            server.destroy();
        }
        System.exit(0);
    }
}
