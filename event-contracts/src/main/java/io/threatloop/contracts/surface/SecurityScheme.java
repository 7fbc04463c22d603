package io.threatloop.contracts.surface;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A security scheme as declared: {@code type} is apiKey, http, oauth2, openIdConnect or
 * mutualTLS; {@code scheme} the HTTP scheme (bearer, basic), {@code in} where an API key goes
 * and {@code name} under which name; {@code flows} the OAuth 2.0 flows it offers
 * (authorizationCode, clientCredentials, implicit, password; Swagger 2.0 names are mapped);
 * {@code urls} where clients get their tokens and keys: {@code openIdConnectUrl} and, per flow,
 * {@code <flow>.authorizationUrl}, {@code <flow>.tokenUrl}, {@code <flow>.refreshUrl}.
 */
public record SecurityScheme(String type, String scheme, String in, String bearerFormat, String name,
                             List<String> flows, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> urls) {

    public SecurityScheme {
        flows = flows == null ? List.of() : List.copyOf(flows);
        urls = urls == null ? Map.of() : Map.copyOf(urls);
    }

    public SecurityScheme(String type, String scheme, String in, String bearerFormat, String name,
                          List<String> flows) {
        this(type, scheme, in, bearerFormat, name, flows, Map.of());
    }

    public SecurityScheme(String type, String scheme, String in, String bearerFormat) {
        this(type, scheme, in, bearerFormat, null, List.of());
    }
}
