package io.threatloop.scanner.kubernetes;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a served spec, against a real local HTTP server: bounded, no redirects, plain paths only. */
class LiveSpecFetcherTest {

    private static final String SPEC = """
            openapi: 3.0.3
            info: {title: live, version: '1'}
            paths:
              /accounts/{id}: {get: {responses: {'200': {description: ok}}}}
              /internal/debug: {get: {responses: {'200': {description: ok}}}}
            """;

    private HttpServer server;
    private URI base;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/openapi", exchange -> {
            requests.incrementAndGet();
            byte[] body = SPEC.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 200; i++) {
                    exchange.getResponseBody().write(chunk);
                }
            } catch (IOException closedByClient) {
                // the fetcher stops reading at its limit
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private final LiveSpecFetcher fetcher = new LiveSpecFetcher(Duration.ofMillis(500), 1024 * 1024);

    @Test
    void readsTheServedSpec() {
        LiveSpecFetcher.Result result = fetcher.fetch(base, "/q/openapi");
        assertThat(result.problem()).isNull();
        assertThat(result.surface().operations()).extracting(o -> o.id())
                .containsExactly("GET /accounts/{}", "GET /internal/debug");
    }

    @Test
    void doesNotFollowRedirects() {
        LiveSpecFetcher.Result result = fetcher.fetch(base, "/moved");
        assertThat(result.surface()).isNull();
        assertThat(result.problem()).contains("302").contains("redirects are not followed");
    }

    @Test
    void stopsAtTheSizeLimit() {
        assertThat(fetcher.fetch(base, "/huge").problem()).contains("larger than 1048576 bytes");
    }

    @Test
    void givesUpAfterTheTimeout() {
        assertThat(fetcher.fetch(base, "/slow").problem()).contains("timed out");
    }

    @Test
    void refusesAnythingButAPlainPathWithoutSendingARequest() {
        for (String path : new String[]{"http://evil.example/x", "//evil.example/x", "/a/../../etc", "/x?y=1",
                "/user@host", "q/openapi", null}) {
            assertThat(fetcher.fetch(base, path).problem()).as(String.valueOf(path)).contains("refused");
        }
        assertThat(requests).hasValue(0);
    }
}
