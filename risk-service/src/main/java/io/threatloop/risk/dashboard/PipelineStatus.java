package io.threatloop.risk.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealthReporter;
import io.threatloop.api.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the pipeline behind the dashboard is flowing: the readiness of this service and of the
 * services named in {@code threatloop.dashboard.pipeline.<name>=<base URL>} (configuration only:
 * the addresses are the operator's, never a request's). A stale source, a stuck outbox or a
 * service that does not answer shows on the page, so its figures are known to be out of date.
 */
@Path("/api/risks/pipeline")
@Tag(name = "risks")
public class PipelineStatus {

    /** One service: UP, DOWN or UNREACHABLE, and what its failing checks say. */
    public record ServiceStatus(String name, String status, List<String> problems) {
    }

    public record Pipeline(boolean flowing, List<ServiceStatus> services) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PREFIX = "threatloop.dashboard.pipeline.";

    @Inject
    Config config;

    @Inject
    SmallRyeHealthReporter health;

    @GET
    @Blocking
    @RolesAllowed(Caller.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the services that feed the dashboard are ready (their failing checks named)")
    public Pipeline status() {
        List<ServiceStatus> services = new ArrayList<>();
        services.add(status("risk-service", readTree(health.getReadiness().getPayload().toString())));
        Map<String, String> others = new TreeMap<>();
        for (String property : config.getPropertyNames()) {
            if (property.startsWith(PREFIX)) {
                config.getOptionalValue(property, String.class)
                        .ifPresent(url -> others.put(property.substring(PREFIX.length()), url));
            }
        }
        others.forEach((name, url) -> services.add(remote(name, url)));
        return new Pipeline(services.stream().allMatch(s -> s.status().equals("UP")), services);
    }

    private static ServiceStatus remote(String name, String baseUrl) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(baseUrl.replaceAll("/+$", "") + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return status(name, readTree(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return new ServiceStatus(name, "UNREACHABLE", List.of("no answer from " + baseUrl + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServiceStatus(name, "UNREACHABLE", List.of("interrupted"));
        }
    }

    /** A health document (MicroProfile Health JSON) as a status with the failing checks and their data. */
    private static ServiceStatus status(String name, JsonNode document) {
        List<String> problems = new ArrayList<>();
        for (JsonNode check : document.path("checks")) {
            if (!"UP".equals(check.path("status").asText())) {
                StringBuilder problem = new StringBuilder(check.path("name").asText()).append(" DOWN");
                check.path("data").fields().forEachRemaining(field ->
                        problem.append("; ").append(field.getKey()).append(": ").append(field.getValue().asText()));
                problems.add(problem.toString());
            }
        }
        String status = document.path("status").asText("DOWN");
        return new ServiceStatus(name, status.equals("UP") ? "UP" : "DOWN", problems);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode().put("status", "DOWN");
        }
    }
}
