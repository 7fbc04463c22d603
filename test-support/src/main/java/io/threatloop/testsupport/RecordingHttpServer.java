package io.threatloop.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local HTTP receiver that records every request exactly (method, path, headers, body) and
 * answers as told per path prefix: a sequence of status codes (the last one repeats) and an
 * optional delay, for webhook, Slack, GitHub and Jira stand-ins.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** One request as received; header names in lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private record Behaviour(Deque<Integer> statuses, Duration delay) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(2);

    private RecordingHttpServer(HttpServer server) {
        this.server = server;
    }

    public static RecordingHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(16));
            RecordingHttpServer recording = new RecordingHttpServer(server);
            server.createContext("/", recording::handle);
            server.start();
            return recording;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Requests under {@code pathPrefix} get these statuses in turn, the last one from then on. */
    public RecordingHttpServer answer(String pathPrefix, Duration delay, Integer... statuses) {
        behaviours.put(pathPrefix, new Behaviour(new ConcurrentLinkedDeque<>(List.of(statuses)), delay));
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests(Predicate<Request> filter) {
        return requests.stream().filter(filter).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), path, headers, body));
        Behaviour behaviour = behaviours.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                .max(Map.Entry.comparingByKey((a, b) -> a.length() - b.length())).map(Map.Entry::getValue)
                .orElse(new Behaviour(new ConcurrentLinkedDeque<>(List.of(200)), Duration.ZERO));
        int status;
        synchronized (behaviour) {
            status = behaviour.statuses().size() > 1 ? behaviour.statuses().poll() : behaviour.statuses().peek();
        }
        if (behaviour.delay().isZero()) {
            respond(exchange, status);
        } else { // the receiver's own answer time: answered later, without holding a thread
            delays.schedule(() -> {
                respond(exchange, status);
                return null;
            }, behaviour.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        byte[] answer = (status / 100 == 2 ? "{\"ok\":true}" : "{\"error\":\"stand-in failure\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
    }

    /** Every request so far, oldest first. */
    public List<Request> all() {
        return new ArrayList<>(requests);
    }
}
