package io.threatloop.contracts.surface;

import java.util.List;
import java.util.Map;

/**
 * The normalized, security-relevant surface of one API description: what the scanner
 * publishes and what the threat rules read. Lists are sorted so that equal specs give equal
 * surfaces (and equal digests).
 */
public record ApiSurface(
        String title,
        String version,
        String specFormat,
        List<ApiServer> servers,
        Map<String, SecurityScheme> securitySchemes,
        List<ApiOperation> operations) {

    public ApiSurface {
        servers = List.copyOf(servers);
        securitySchemes = Map.copyOf(securitySchemes);
        operations = List.copyOf(operations);
    }
}
