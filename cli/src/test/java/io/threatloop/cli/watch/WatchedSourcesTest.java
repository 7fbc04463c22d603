package io.threatloop.cli.watch;

import io.threatloop.runtime.GitRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `up` once watched only its demo repository: a user's own needed a service's properties edited. */
class WatchedSourcesTest {

    @Test
    void watchArgumentsAndThreatloopYamlBecomeScannerSources(@TempDir Path dir) throws Exception {
        try (GitRepository payments = GitRepository.init(dir.resolve("Payments_API"));
             GitRepository orders = GitRepository.init(dir.resolve("orders"))) {
            payments.commit("README.md", "payments\n", "first");
            orders.commit("README.md", "orders\n", "first");
        }
        Files.writeString(dir.resolve("threatloop.yaml"), """
                sources:
                  - path: orders
                    application: shop-orders
                    from: HEAD
                  - url: https://github.com/acme/billing.git
                    branch: release
                """);

        List<WatchedSource> sources = WatchedSources.of(List.of("Payments_API"), dir);

        assertThat(sources).extracting(WatchedSource::application)
                .containsExactly("payments-api", "shop-orders", "billing");
        assertThat(sources.get(0).url()).isEqualTo(dir.resolve("Payments_API").toUri().toString());
        assertThat(sources.get(0).branch()).as("the checkout's own branch").isEqualTo("main");
        assertThat(sources.get(1).scannerProperties()).containsEntry("threatloop.scanner.sources.shop-orders.from", "HEAD")
                .containsEntry("threatloop.scanner.sources.shop-orders.application", "shop-orders");
        assertThat(sources.get(2).scannerProperties())
                .containsEntry("threatloop.scanner.sources.billing.url", "https://github.com/acme/billing.git")
                .containsEntry("threatloop.scanner.sources.billing.branch", "release");
    }

    @Test
    void whatCannotBeWatchedIsNamedWithWhatToFix(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("plain"));
        assertThatThrownBy(() -> WatchedSources.of(List.of("plain"), dir))
                .hasMessageContaining("--watch plain").hasMessageContaining("is not a git checkout");
        Files.writeString(dir.resolve("threatloop.yaml"), "sources:\n  - repo: x\n");
        assertThatThrownBy(() -> WatchedSources.of(List.of(), dir))
                .hasMessageContaining("sources[0]: unknown key 'repo'");
    }
}
