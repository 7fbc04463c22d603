package io.threatloop.cli.watch;

import io.threatloop.cli.stack.Stack;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.TopicRecorder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * `up --watch` through the real services: two local repositories, one given on the command
 * line and one in threatloop.yaml, each replayed with progress and summed up in one line; then a
 * new commit is seen live.
 */
class WatchIT {

    private static String spec(String... paths) {
        StringBuilder yaml = new StringBuilder("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n");
        for (String path : paths) {
            yaml.append("  ").append(path).append(":\n    get:\n      responses: {\"200\": {description: ok}}\n");
        }
        return yaml.toString();
    }

    @Test
    void twoRepositoriesAreReplayedSummedUpAndThenFollowed() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "watch-").toAbsolutePath();
        try (GitRepository payments = GitRepository.init(dir.resolve("payments-api"));
             GitRepository orders = GitRepository.init(dir.resolve("orders"))) {
            payments.commit("openapi.yaml", spec("/payments/{paymentId}"), "one");
            payments.commit("openapi.yaml", spec("/payments/{paymentId}", "/refunds/{refundId}"), "two");
            payments.commit("README.md", "payments\n", "three: no spec change");
            orders.commit("openapi.yaml", spec("/orders/{orderId}"), "one");
            Files.writeString(dir.resolve("threatloop.yaml"), "sources:\n  - path: orders\n");
            List<WatchedSource> watched = WatchedSources.of(List.of("payments-api"), dir);
            Map<String, String> scanner = new LinkedHashMap<>();
            scanner.put("threatloop.scanner.poll-interval", "1s");
            watched.forEach(source -> scanner.putAll(source.scannerProperties()));

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            try (Stack stack = Stack.prepare(dir.resolve("run"), new Stack.Options(false, null, 9581))) {
                stack.start(Path.of("").toAbsolutePath().getParent(), scanner,
                        new PrintStream(OutputStream.nullOutputStream()));
                try (TopicRecorder recorder = new TopicRecorder(stack.kafkaClientProperties(), Topics.ALL);
                     Watch watch = new Watch(watched, stack.services().get(0).baseUrl(),
                             stack.services().get(1).baseUrl(), stack.dashboardUrl(), recorder, out).start()) {
                    await().atMost(Duration.ofSeconds(120)).until(() -> text(printed).contains("summary     payments-api:")
                            && text(printed).contains("summary     orders:"));
                    assertThat(text(printed)).contains("watching    payments-api", "watching    orders",
                            "payments-api: replaying 3 commits … 3/3",
                            "summary     payments-api: 2 entry point(s); threats: ",
                            "summary     orders: 1 entry point(s); threats: ",
                            "/api/models/payments-api", "dashboard http://127.0.0.1:9583/dashboard/");

                    String live = orders.commit("openapi.yaml", spec("/orders/{orderId}", "/orders"), "live");
                    await().atMost(Duration.ofSeconds(60)).until(() -> !recorder.matching(r -> r.event() != null
                            && r.event().data() instanceof SpecObserved spec
                            && live.equals(spec.source().revision())).isEmpty());
                }
            }
        }
    }

    private static String text(ByteArrayOutputStream printed) {
        return printed.toString(StandardCharsets.UTF_8);
    }
}
