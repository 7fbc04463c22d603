package io.threatloop.contracts.surface;

/** A server an API says it is reachable on; {@code scheme} is lower case, null when relative. */
public record ApiServer(String url, String scheme, String host, String basePath) {
}
