package io.threatloop.scanner.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.agroal.api.AgroalDataSource;
import io.threatloop.contracts.Topics;
import io.threatloop.scanner.sharing.OtherReplica;
import io.threatloop.scanner.sharing.Rendezvous;
import io.threatloop.scanner.sharing.ScannerReplicas;
import io.threatloop.contracts.observation.ExposureRoute;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cluster watcher against the Fabric8 mock API server (CRUD mode, real watches). */
@QuarkusTest
@TestProfile(ClusterWatcherTest.WatchTheCluster.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class ClusterWatcherTest {

    /** Turns the watcher on; everything else as in production. */
    public static class WatchTheCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("threatloop.scanner.kubernetes.enabled", "true",
                    "threatloop.scanner.kubernetes.resync", "1m",
                    "threatloop.scanner.kubernetes.cluster-name", "test",
                    "threatloop.scanner.poll-interval", "1s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterWatcher watcher;

    private static KafkaTestClient kafka;
    private static TopicRecorder recorder;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.recording(List.of(Topics.API_OBSERVATIONS));
        recorder = kafka.recorder();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private KubernetesClient k8s() {
        return server.getClient();
    }

    private static Service service(String namespace, String name, String type, Map<String, String> annotations) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels("app.kubernetes.io/name", name).addToAnnotations(annotations).endMetadata()
                .withNewSpec().withType(type).addToSelector("app", name)
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSpec().build();
    }

    private static List<RecordedEvent> of(String namespace, String name) {
        return recorder.matching(r -> r.event() != null && r.event().data() instanceof WorkloadObserved w
                ? w.namespace().equals(namespace) && w.name().equals(name)
                : r.is("WorkloadRemoved") && r.value().contains("\"name\":\"" + name + "\"")
                && r.value().contains("\"namespace\":\"" + namespace + "\""));
    }

    private static WorkloadObserved last(String namespace, String name) {
        List<RecordedEvent> events = of(namespace, name);
        return events.get(events.size() - 1).data(WorkloadObserved.class);
    }

    @Test
    void aServiceIsObservedAsItsExposureChangesAndRemovedWhenDeleted() {
        k8s().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels("threatloop.io/team", "payments").endMetadata().build()).create();
        k8s().services().resource(service("shop", "accounts", "ClusterIP",
                Map.of("threatloop.io/application", "accounts-api", "threatloop.io/spec", "accounts-repo:openapi.yaml")))
                .create();

        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 1);
        WorkloadObserved first = last("shop", "accounts");
        assertThat(first.applicationId()).isEqualTo("accounts-api");
        assertThat(first.team()).isEqualTo("payments");
        assertThat(first.exposure().level()).isEqualTo("cluster-internal");
        assertThat(first.specSource()).isEqualTo("accounts-repo");
        assertThat(first.specPath()).isEqualTo("openapi.yaml");
        assertThat(first.ports()).singleElement().satisfies(p -> assertThat(p.port()).isEqualTo(8080));
        assertThat(first.source().revision()).isNotBlank();
        assertThat(first.source().path()).isEqualTo("shop/accounts");
        assertThat(of("shop", "accounts").get(0).key()).isEqualTo("accounts-api");

        k8s().services().inNamespace("shop").withName("accounts").edit(s -> {
            s.getSpec().setType("LoadBalancer");
            return s;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 2);
        assertThat(last("shop", "accounts").exposure().level()).isEqualTo("internet");
        assertThat(last("shop", "accounts").exposure().routes()).extracting(ExposureRoute::kind)
                .containsExactly("LoadBalancer");

        Ingress ingress = new IngressBuilder().withNewMetadata().withNamespace("shop").withName("public").endMetadata()
                .withNewSpec().addNewRule().withHost("api.shop.example").withNewHttp().addNewPath().withPath("/accounts")
                .withPathType("Prefix").withNewBackend().withNewService().withName("accounts").withNewPort()
                .withNumber(8080).endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
        k8s().network().v1().ingresses().resource(ingress).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 3);
        assertThat(last("shop", "accounts").exposure().routes()).filteredOn(r -> r.kind().equals("Ingress"))
                .singleElement().satisfies(r -> {
                    assertThat(r.host()).isEqualTo("api.shop.example");
                    assertThat(r.path()).isEqualTo("/accounts");
                    assertThat(r.tls()).isFalse();
                });

        k8s().network().v1().ingresses().inNamespace("shop").withName("public").edit(i -> {
            i.getSpec().setTls(List.of(new io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder()
                    .addToHosts("api.shop.example").withSecretName("tls").build()));
            return i;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 4);
        assertThat(last("shop", "accounts").exposure().routes()).filteredOn(r -> r.kind().equals("Ingress"))
                .singleElement().satisfies(r -> assertThat(r.tls()).isTrue());

        k8s().services().inNamespace("shop").withName("accounts").edit(s -> {
            s.getMetadata().getAnnotations().put("threatloop.io/team", "identity");
            return s;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 5);
        assertThat(last("shop", "accounts").team()).as("the annotation overrides the namespace's team")
                .isEqualTo("identity");

        k8s().services().inNamespace("shop").withName("accounts").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> of("shop", "accounts").size() >= 6);
        assertThat(of("shop", "accounts").get(5).event().type()).isEqualTo("WorkloadRemoved");
        assertThat(of("shop", "accounts").get(5).key()).isEqualTo("accounts-api");
    }

    @Inject
    ScannerReplicas replicas;

    @Inject
    AgroalDataSource database;

    @Test
    void oneScannerReplicaWatchesTheClusterAndAnotherTakesTheWatchOverWhenItLeaves() throws SQLException {
        try (OtherReplica other = OtherReplica.such(database, replicas.id(),
                live -> Rendezvous.owner(ClusterWatcher.WATCH, live).equals(live.get(1))).join()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> !watcher.isRunning());
            k8s().services().resource(service("lead", "unseen", "ClusterIP", Map.of())).create();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> of("lead", "unseen").isEmpty());

            other.close(); // the watching replica stopped
            await().atMost(Duration.ofSeconds(20)).until(() -> of("lead", "unseen").size() == 1);
            assertThat(watcher.isRunning()).isTrue();
        }
    }

    @Test
    void aRestartPublishesOnlyWhatChangedWhileTheScannerWasDown() {
        k8s().services().resource(service("ops", "catalog", "ClusterIP", Map.of())).create();
        k8s().services().resource(service("ops", "billing", "ClusterIP", Map.of())).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> of("ops", "catalog").size() == 1
                && of("ops", "billing").size() == 1);

        watcher.stop();
        k8s().services().inNamespace("ops").withName("billing").delete();
        k8s().services().resource(service("ops", "orders", "NodePort", Map.of())).create();
        watcher.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> of("ops", "orders").size() == 1
                && of("ops", "billing").size() == 2);
        assertThat(of("ops", "billing").get(1).event().type()).isEqualTo("WorkloadRemoved");
        assertThat(last("ops", "orders").exposure().level()).isEqualTo("node-port");
        assertThat(of("ops", "catalog")).as("unchanged while down: nothing published again").hasSize(1);
    }

    @Test
    void httpRoutesAreWatchedOnceTheGatewayApiIsInstalled() {
        k8s().services().resource(service("edge", "search", "ClusterIP", Map.of())).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> of("edge", "search").size() == 1);

        k8s().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(ClusterWatcher.HTTPROUTE_CRD).endMetadata()
                .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("HTTPRoute").withPlural("httproutes").withSingular("httproute").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build())
                .create();
        watcher.stop();
        watcher.start();
        k8s().genericKubernetesResources(ClusterWatcher.HTTPROUTES).inNamespace("edge")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("gateway.networking.k8s.io/v1")
                        .withKind("HTTPRoute").withNewMetadata().withNamespace("edge").withName("search-route")
                        .endMetadata().addToAdditionalProperties("spec", Map.of(
                                "hostnames", List.of("search.example"),
                                "rules", List.of(Map.of("backendRefs", List.of(Map.of("name", "search", "port", 8080)),
                                        "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/search"))))))).build())
                .create();

        await().atMost(Duration.ofSeconds(20)).until(() -> of("edge", "search").size() == 2);
        assertThat(last("edge", "search").exposure().routes()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("HTTPRoute");
            assertThat(r.host()).isEqualTo("search.example");
            assertThat(r.path()).isEqualTo("/search");
        });
    }
}
