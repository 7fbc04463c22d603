package io.threatloop.contracts.surface;

/**
 * A security scheme as declared: {@code type} is apiKey, http, oauth2, openIdConnect or
 * mutualTLS; {@code scheme} the HTTP scheme (bearer, basic), {@code in} where an API key goes.
 */
public record SecurityScheme(String type, String scheme, String in, String bearerFormat) {
}
