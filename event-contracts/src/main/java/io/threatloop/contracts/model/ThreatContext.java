package io.threatloop.contracts.model;

/**
 * What the model knows around a threat that moves its risk: whether the target needs
 * authentication and how far it is exposed ({@code internet}, {@code internal} or {@code unknown}).
 */
public record ThreatContext(boolean authenticated, String exposure) {
}
