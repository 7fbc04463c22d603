package io.threatloop.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the services' configuration: the same topics, every setting
 * without a working default given, no variable that sets nothing, the databases and roles the
 * services connect with, and the start order (infrastructure healthy before the services).
 */
class DockerComposeTest {

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        // SnakeYAML: the file shares the services' hardening through a merge key (<<: *service)
        Map<String, Object> compose = new Yaml().load(Files.readString(Manifests.root().resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void createsExactlyTheTopicsTheServicesUse() {
        String script = String.join("\n", list(services.get("kafka-topics").get("command")));
        Matcher loop = Pattern.compile("for topic in ([a-z .-]+); do").matcher(script);
        assertThat(loop.find()).as("kafka-topics loops over the topics").isTrue();
        Set<String> created = new TreeSet<>();
        for (String topic : loop.group(1).trim().split("\\s+")) {
            created.add(topic);
            if (script.contains("--topic \"$$topic.dlq\"")) {
                created.add(topic + ".dlq");
            }
        }
        assertThat(created).isEqualTo(ServiceConfiguration.allTopics());
    }

    @Test
    void givesEveryServiceItsSettingsAndNothingItDoesNotRead() {
        for (String service : ServiceConfiguration.SERVICES) {
            ServiceConfiguration config = ServiceConfiguration.of(service);
            Map<String, String> environment = environment(service);
            for (String key : config.needsDeploymentValue()) {
                assertThat(environment).as(service + " sets " + key)
                        .containsKey(ServiceConfiguration.environmentName(key));
            }
            assertThat(environment.keySet()).as(service + ": variables that set nothing").allMatch(config::reads);
            assertThat(services.get(service).get("image")).as(service + " image")
                    .isEqualTo("threatloop/" + service + ":" + System.getProperty("threatloop.version"));
        }
    }

    @Test
    void theDatabasesAndRolesTheServicesUseAreCreated() throws IOException {
        String init = Files.readString(Manifests.root().resolve("compose/postgres-init.sql"));
        for (String service : ServiceConfiguration.SERVICES) {
            Map<String, String> environment = environment(service);
            String url = environment.get("QUARKUS_DATASOURCE_JDBC_URL");
            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(database).as(service + " database").isEqualTo(ServiceConfiguration.of(service).database());
            String role = environment.get("QUARKUS_DATASOURCE_USERNAME");
            assertThat(init).contains("create role " + role + " login password '"
                    + environment.get("QUARKUS_DATASOURCE_PASSWORD") + "'");
            assertThat(init).contains("create database " + database + " owner " + role + ";");
            if (environment.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL")) {
                assertThat(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL")).endsWith("/" + database);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesStartAfterHealthyInfrastructureAndRunHardened() {
        for (String service : ServiceConfiguration.SERVICES) {
            Map<String, Object> definition = services.get(service);
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) definition.get("depends_on");
            assertThat(dependsOn).as(service + " waits for").containsEntry("kafka-topics",
                            Map.of("condition", "service_completed_successfully"))
                    .containsEntry("postgres", Map.of("condition", "service_healthy"))
                    .containsEntry("keycloak", Map.of("condition", "service_healthy"));
            assertThat(definition).as(service).containsEntry("read_only", true);
            assertThat(list(definition.get("cap_drop"))).as(service).contains("ALL");
            assertThat(list(definition.get("security_opt"))).as(service).contains("no-new-privileges:true");
        }
        for (String infrastructure : List.of("kafka", "postgres", "keycloak")) {
            assertThat(services.get(infrastructure)).as(infrastructure + " has a health check").containsKey("healthcheck");
        }
        List<String> volumes = list(services.get("keycloak").get("volumes"));
        assertThat(volumes).anyMatch(volume -> volume.startsWith("./k8s/base/keycloak/threatloop-realm.json:"
                + "/opt/keycloak/data/import/"));
        assertThat(list(services.get("keycloak").get("command"))).contains("--import-realm");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, Object> environment = (Map<String, Object>) services.get(service).get("environment");
        Map<String, String> values = new java.util.TreeMap<>();
        environment.forEach((key, value) -> values.put(key, String.valueOf(value)));
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return ((List<Object>) value).stream().map(String::valueOf).toList();
    }
}
