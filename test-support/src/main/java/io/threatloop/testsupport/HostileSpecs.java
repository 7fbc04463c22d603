package io.threatloop.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Specs that attack the scanner (and legitimate ones at the size real APIs reach), as files
 * by path, for tests that commit them to git or hand them to the normalizer.
 */
public final class HostileSpecs {

    private HostileSpecs() {
    }

    /**
     * One operation whose response has {@code references} properties that each refer to the
     * same list of {@code listSize} values in a second file: about 91 KB of YAML (at 2,990 x
     * 1,000) that a bundler copying every reference expands to millions of nodes.
     */
    public static Map<String, String> referenceAmplification(int references, int listSize) {
        StringBuilder values = new StringBuilder("v:\n  type: string\n  enum:\n");
        for (int i = 0; i < listSize; i++) {
            values.append("    - v").append(i).append('\n');
        }
        StringBuilder root = new StringBuilder("""
                openapi: 3.0.3
                info: {title: amplified, version: '1'}
                paths:
                  /amplified:
                    get:
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json:
                              schema:
                                type: object
                """);
        root.append("                properties: {");
        for (int i = 0; i < references; i++) {
            root.append(i == 0 ? "" : ", ").append('p').append(i).append(": {$ref: 'v.yaml#/v'}");
        }
        root.append("}\n");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("openapi.yaml", root.toString());
        files.put("v.yaml", values.toString());
        return files;
    }

    /** A spec whose title holds a NUL character (a YAML escape), which PostgreSQL text cannot hold. */
    public static String withNul() {
        return """
                openapi: 3.0.3
                info: {title: "nul\\u0000here", version: "1"}
                paths:
                  /nul:
                    get:
                      responses: {"200": {description: ok}}
                """;
    }

    /**
     * A legitimate spec of {@code operations} operations (half reads, half writes), each with
     * parameters and a JSON body of a few fields: about 525 bytes of YAML and 1.4 KB of surface JSON
     * per operation.
     */
    public static String large(int operations) {
        StringBuilder b = new StringBuilder("openapi: 3.0.3\ninfo: {title: large, version: '1'}\n")
                .append("components:\n  securitySchemes:\n    bearer: {type: http, scheme: bearer}\n")
                .append("security: [{bearer: []}]\npaths:\n");
        for (int i = 0; i < (operations + 1) / 2; i++) {
            b.append("  /resource").append(i).append("/{id}:\n")
                    .append("    parameters:\n      - {name: id, in: path, required: true, schema: {type: string, maxLength: 36}}\n")
                    .append("    get:\n      operationId: get").append(i).append('\n')
                    .append("      parameters:\n        - {name: filter, in: query, schema: {type: string, maxLength: 64}}\n")
                    .append("      responses:\n        '200':\n          description: ok\n          content:\n")
                    .append("            application/json:\n              schema:\n                type: object\n")
                    .append("                properties:\n                  id: {type: string}\n")
                    .append("                  name: {type: string}\n                  email: {type: string, format: email}\n")
                    .append("                  created: {type: string, format: date-time}\n");
            if (2 * i + 1 < operations) {
                b.append("    put:\n      operationId: put").append(i).append('\n')
                        .append("      requestBody:\n        content:\n          application/json:\n            schema:\n")
                        .append("              type: object\n              additionalProperties: false\n")
                        .append("              properties:\n                name: {type: string, maxLength: 100}\n")
                        .append("                email: {type: string, format: email, maxLength: 200}\n")
                        .append("      responses:\n        '204': {description: done}\n        '400': {description: bad}\n");
            }
        }
        return b.toString();
    }
}
