package io.threatloop.contracts.surface;

/**
 * One semantic change between two surfaces of the same spec.
 *
 * @param kind             what changed, e.g. {@code SECURITY_REMOVED}, {@code RESPONSE_FIELD_ADDED}
 * @param target           the operation id, server URL or {@code operation field-path}
 * @param classification   {@code SECURITY} when security-relevant, else {@code BREAKING} when it
 *                         can break clients, else {@code INFO}
 * @param breaking         can break existing clients
 * @param securityRelevant matters for the threat model
 * @param description      one sentence for people
 */
public record SurfaceChange(String kind, String target, String classification, boolean breaking,
                            boolean securityRelevant, String description) {

    public static SurfaceChange of(String kind, String target, boolean breaking, boolean securityRelevant,
                                   String description) {
        String classification = securityRelevant ? "SECURITY" : breaking ? "BREAKING" : "INFO";
        return new SurfaceChange(kind, target, classification, breaking, securityRelevant, description);
    }
}
