package io.threatloop.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service reads, from its own {@code application.properties} and the shared
 * api-support defaults (profiles other than the default left out): its Kafka channels and the
 * settings a deployment has to give it. The single source the manifest and compose tests
 * compare against.
 */
record ServiceConfiguration(String service, Map<String, String> properties) {

    static final Path ROOT = Path.of(System.getProperty("threatloop.root", "..")).toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("scanner-service", "model-service", "risk-service", "notifier-service");

    /** Settings of the runtime, not of a service's configuration: allowed in any environment. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_OPTS_APPEND", "QUARKUS_CONFIG_LOCATIONS");
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.connector");
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^:}]+)}");

    static ServiceConfiguration of(String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        load(ROOT.resolve("api-support/src/main/resources/META-INF/microprofile-config.properties"), properties);
        load(ROOT.resolve(service).resolve("src/main/resources/application.properties"), properties);
        return new ServiceConfiguration(service, properties);
    }

    /** Every topic the system uses: the contracts' topics with their dead-letter topics, and each service's. */
    static Set<String> allTopics() {
        Set<String> used = new TreeSet<>(io.threatloop.contracts.Topics.ALL_WITH_DEAD_LETTERS);
        SERVICES.stream().map(ServiceConfiguration::of).forEach(config -> {
            used.addAll(config.consumes());
            used.addAll(config.produces());
        });
        return used;
    }

    /** The database its JDBC URL names. */
    String database() {
        String url = properties.get("quarkus.datasource.jdbc.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Topics it consumes. */
    Set<String> consumes() {
        Set<String> topics = new TreeSet<>();
        channels(INCOMING).forEach(channel -> topics.add(topic("incoming", channel)));
        return topics;
    }

    /** Topics it produces to: its outgoing channels and the dead-letter topics of its consumers. */
    Set<String> produces() {
        Set<String> topics = new TreeSet<>();
        channels(OUTGOING).forEach(channel -> topics.add(topic("outgoing", channel)));
        channels(INCOMING).forEach(channel -> {
            String prefix = "mp.messaging.incoming." + channel + ".";
            if ("dead-letter-queue".equals(properties.get(prefix + "failure-strategy"))) {
                topics.add(properties.getOrDefault(prefix + "dead-letter-queue.topic",
                        "dead-letter-topic-" + topic("incoming", channel)));
            }
        });
        return topics;
    }

    /**
     * Consumer groups: a literal id, or the prefix before an expression (risk-service's dashboard
     * stream has a group per replica: {@code risk-service-dashboard-${quarkus.uuid}}).
     */
    Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        channels(INCOMING).forEach(channel -> {
            String id = properties.getOrDefault("mp.messaging.incoming." + channel + ".group.id",
                    properties.get("quarkus.application.name"));
            int expression = id.indexOf("${");
            groups.put(expression < 0 ? id : id.substring(0, expression), expression < 0 ? "literal" : "prefix");
        });
        return groups;
    }

    /**
     * Settings whose default works only on a developer's machine, so a deployment must set them:
     * an expression without a default, a localhost address, a user name or password.
     */
    Set<String> needsDeploymentValue() {
        Set<String> keys = new TreeSet<>();
        properties.forEach((key, value) -> {
            Matcher unresolved = UNRESOLVED.matcher(value);
            boolean noDefault = unresolved.find() && !properties.containsKey(unresolved.group(1))
                    && !unresolved.group(1).startsWith("quarkus.") && !unresolved.group(1).startsWith("java.");
            if (noDefault || value.contains("localhost") || value.contains("127.0.0.1")
                    || key.endsWith(".password") || key.endsWith(".username")) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Whether an environment variable names one of its settings (else a typo, or a stale name). */
    boolean reads(String variable) {
        return RUNTIME_VARIABLES.contains(variable) || variable.startsWith("KAFKA_") // Kafka client settings
                || properties.keySet().stream().anyMatch(key -> environmentName(key).equals(variable));
    }

    /** The environment variable that sets a property (MicroProfile Config's rule). */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private Set<String> channels(Pattern pattern) {
        Set<String> channels = new TreeSet<>();
        properties.keySet().forEach(key -> {
            Matcher matcher = pattern.matcher(key);
            if (matcher.matches() && "smallrye-kafka".equals(properties.get(key))) {
                channels.add(matcher.group(1));
            }
        });
        return channels;
    }

    private String topic(String direction, String channel) {
        return properties.getOrDefault("mp.messaging." + direction + "." + channel + ".topic", channel);
    }

    private static void load(Path file, Map<String, String> into) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        properties.stringPropertyNames().stream().filter(key -> !key.startsWith("%")).sorted()
                .forEach(key -> into.put(key, properties.getProperty(key)));
    }
}
