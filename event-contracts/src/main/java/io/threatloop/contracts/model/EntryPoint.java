package io.threatloop.contracts.model;

import java.util.List;

/** An entry point of the decomposition: one API operation and how it is protected. */
public record EntryPoint(String id, String method, String path, String specPath, boolean authenticated,
                         List<String> securitySchemes, boolean deprecated) {
    public EntryPoint {
        securitySchemes = List.copyOf(securitySchemes);
    }
}
