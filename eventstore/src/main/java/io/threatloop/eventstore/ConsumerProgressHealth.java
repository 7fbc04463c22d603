package io.threatloop.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kafka-consumer-progress} readiness: DOWN while one of this service's consumer groups
 * has a partition with records waiting and no committed progress for
 * {@code threatloop.consumer-progress.stuck-after} (default 5 minutes). The groups are those of
 * its Kafka incoming channels that commit (not the ones with {@code commit-strategy=ignore}), so
 * a channel added later is watched without anyone remembering to. Lag per group is the metric
 * {@code threatloop_consumer_lag}.
 */
@Readiness
@ApplicationScoped
public class ConsumerProgressHealth implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConsumerProgressHealth.class);
    private static final Pattern CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.(.+)\\.connector");

    @ConfigProperty(name = "threatloop.consumer-progress.stuck-after", defaultValue = "5m")
    Duration stuckAfter;

    @Inject
    Config config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    MeterRegistry metrics;

    private volatile ConsumerProgress progress;
    private volatile Admin admin;
    private volatile ConsumerProgress.Report last;
    private volatile String failure;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent start) {
        List<String> groups = committingGroups(config);
        if (groups.isEmpty()) {
            return;
        }
        Map<String, Object> adminConfig = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, config.getOptionalValue("quarkus.application.name", String.class)
                .orElse("threatloop") + "-consumer-progress");
        admin = Admin.create(adminConfig);
        progress = new ConsumerProgress(admin, groups, stuckAfter, Clock.systemUTC());
        for (String group : groups) {
            AtomicLong value = lag.computeIfAbsent(group, g -> new AtomicLong());
            Gauge.builder("threatloop.consumer.lag", value, AtomicLong::get).tag("group", group)
                    .description("Records waiting for this consumer group, summed over its partitions (as of the last sample)")
                    .register(metrics);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    @Scheduled(every = "${threatloop.consumer-progress.interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sample() {
        ConsumerProgress watched = progress;
        if (watched == null) {
            return;
        }
        try {
            ConsumerProgress.Report report = watched.sample();
            report.lagByGroup().forEach((group, waiting) -> lag.computeIfAbsent(group, g -> new AtomicLong()).set(waiting));
            if (!report.flowing() && (last == null || last.flowing())) {
                LOG.warnf("Kafka consumers are not making progress: %s", report.stuck());
            }
            last = report;
            failure = null;
        } catch (Throwable e) { // a sample that fails is reported; the schedule goes on
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.debugf("cannot read the consumer groups' offsets: %s", failure);
        }
    }

    @Override
    public HealthCheckResponse call() {
        var health = HealthCheckResponse.named("kafka-consumer-progress");
        ConsumerProgress.Report report = last;
        if (progress == null) {
            return health.up().withData("groups", "none").build();
        }
        health.withData("groups", String.join(",", progress.groups()));
        if (failure != null) {
            health.withData("lastSampleFailure", failure);
        }
        if (report == null) {
            return health.up().withData("sampled", "not yet").build();
        }
        report.lagByGroup().forEach((group, waiting) -> health.withData("lag." + group, waiting));
        if (report.flowing()) {
            return health.up().build();
        }
        return health.down().withData("problem", "records are waiting and not consumed for " + stuckAfter
                + ": " + report.stuck() + " (a handler that never finishes, or a consumer that left its group;"
                + " see the service's log)").build();
    }

    /** The group ids of the Kafka incoming channels that commit offsets. */
    static List<String> committingGroups(Config config) {
        TreeSet<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher channel = CONNECTOR.matcher(name);
            if (!channel.matches()
                    || !"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
            boolean enabled = config.getOptionalValue(prefix + "enabled", Boolean.class).orElse(true);
            boolean commits = !"ignore".equals(config.getOptionalValue(prefix + "commit-strategy", String.class).orElse(""));
            if (enabled && commits) {
                config.getOptionalValue(prefix + "group.id", String.class)
                        .or(() -> config.getOptionalValue("kafka.group.id", String.class))
                        .or(() -> config.getOptionalValue("quarkus.application.name", String.class))
                        .ifPresent(groups::add);
            }
        }
        return List.copyOf(groups);
    }
}
