package io.threatloop.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per caller are limited in every service (OWASP API4): each signed-in user, or each
 * address for unauthenticated requests such as webhooks, may make
 * {@code threatloop.api.writes-per-minute} writes (POST, PUT, PATCH, DELETE) and, in a budget of
 * their own, {@code threatloop.api.reads-per-minute} reads a minute, in bursts of as many; beyond
 * that the answer is 429 with {@code Retry-After}.
 */
public class RateLimit {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** Callers remembered at most; a full bucket is forgotten first, as it limits nothing. */
    private static final int MAX_CALLERS = 10_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong purgedAt = new AtomicLong();
    private final int writesPerMinute;
    private final int readsPerMinute;

    public RateLimit(@ConfigProperty(name = "threatloop.api.writes-per-minute", defaultValue = "300") int writesPerMinute,
                     @ConfigProperty(name = "threatloop.api.reads-per-minute", defaultValue = "1200") int readsPerMinute) {
        this.writesPerMinute = writesPerMinute;
        this.readsPerMinute = readsPerMinute;
    }

    @ServerRequestFilter
    public Optional<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        boolean read = READS.contains(request.getMethod());
        int perMinute = read ? readsPerMinute : writesPerMinute;
        Principal principal = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        String caller = (read ? "read " : "write ") + (principal != null && principal.getName() != null
                ? "user:" + principal.getName()
                : "address:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress()));
        long now = System.nanoTime();
        if (buckets.size() >= MAX_CALLERS) {
            forgetIdle(now);
        }
        long waitSeconds = buckets.computeIfAbsent(caller, ignored -> new Bucket(perMinute, now)).take(now);
        if (waitSeconds == 0) {
            return Optional.empty();
        }
        Response problem = ProblemMappers.respond(Problem.of(429, "Too many requests", "at most " + perMinute
                + (read ? " reads" : " writes") + " a minute per caller; retry in " + waitSeconds + " s"));
        return Optional.of(Response.fromResponse(problem).header("Retry-After", waitSeconds).build());
    }

    /**
     * At most once a second, so a flood of new callers costs one sweep a second, not one per
     * request; if even that leaves twice the bound (callers that all still wait), memory wins and
     * every bucket is forgotten.
     */
    private void forgetIdle(long now) {
        long last = purgedAt.get();
        if (now - last < 1_000_000_000L || !purgedAt.compareAndSet(last, now)) {
            return;
        }
        buckets.values().removeIf(bucket -> bucket.isFull(now));
        if (buckets.size() >= 2 * MAX_CALLERS) {
            buckets.clear();
        }
    }

    /** A token bucket: {@code capacity} tokens, refilled evenly over a minute. */
    private static final class Bucket {
        private final int capacity;
        private double tokens;
        private long refilledAt;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        /** 0 when a write may go now, else the whole seconds until one may. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double secondsPerToken = 60.0 / capacity;
            return Math.max(1, (long) Math.ceil((1 - tokens) * secondsPerToken));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 60e9 * capacity);
            refilledAt = now;
        }
    }
}
