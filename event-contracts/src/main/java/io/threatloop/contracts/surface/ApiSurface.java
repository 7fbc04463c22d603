package io.threatloop.contracts.surface;

import java.util.List;
import java.util.Map;

/**
 * The normalized, security-relevant surface of one API description: what the scanner
 * publishes and what the threat rules read. Lists are sorted so that equal specs give equal
 * surfaces (and equal digests). {@code webhooks} names the OpenAPI 3.1 webhooks: requests the
 * API sends to URLs its clients register.
 */
public record ApiSurface(
        String title,
        String version,
        String specFormat,
        List<ApiServer> servers,
        Map<String, SecurityScheme> securitySchemes,
        List<ApiOperation> operations,
        List<String> webhooks) {

    public ApiSurface {
        servers = List.copyOf(servers);
        securitySchemes = Map.copyOf(securitySchemes);
        operations = List.copyOf(operations);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    /** A surface without OpenAPI 3.1 {@code webhooks}. */
    public ApiSurface(String title, String version, String specFormat, List<ApiServer> servers,
                      Map<String, SecurityScheme> securitySchemes, List<ApiOperation> operations) {
        this(title, version, specFormat, servers, securitySchemes, operations, List.of());
    }
}
