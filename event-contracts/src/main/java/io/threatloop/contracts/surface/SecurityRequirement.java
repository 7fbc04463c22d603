package io.threatloop.contracts.surface;

import java.util.List;
import java.util.Map;

/** One alternative of an operation's security: every named scheme, with its scopes, applies. */
public record SecurityRequirement(Map<String, List<String>> schemes) {

    public SecurityRequirement {
        schemes = Map.copyOf(schemes);
    }

    /** OpenAPI's {@code {}} entry: anonymous access is one of the alternatives. */
    public boolean anonymous() {
        return schemes.isEmpty();
    }
}
