package io.threatloop.analysis.diff;

import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SurfaceChange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDiffTest {

    private static final String HEAD = """
            openapi: 3.0.3
            info: {title: t, version: '%s'}
            servers: [{url: '%s'}]
            components:
              securitySchemes:
                oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example/token', scopes: {read: r, write: w}}}}
                basic: {type: http, scheme: basic}
                key: {type: apiKey, in: query, name: key}
            paths:
            """;

    private static ApiSurface surface(String version, String server, String paths) throws SpecException {
        return new SpecNormalizer().normalize("openapi.yaml",
                (HEAD.formatted(version, server) + paths).getBytes(StandardCharsets.UTF_8)).surface();
    }

    private static List<SurfaceChange> diff(String before, String after) throws SpecException {
        return SpecDiff.between(surface("1", "https://api.example", before), surface("2", "https://api.example", after));
    }

    private static final String GET_SECURED = """
              /users/{id}:
                get:
                  security: [{oauth: [read, write]}]
                  parameters: [{name: id, in: path, required: true, schema: {type: string, maxLength: 36, pattern: '^[a-z0-9-]+$'}}]
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {type: object, properties: {id: {type: string}, name: {type: string}}}}}
            """;

    private static List<String> kinds(List<SurfaceChange> changes) {
        return changes.stream().map(SurfaceChange::kind).toList();
    }

    @Test
    void sameSurfaceApartFromTheVersionHasNoChanges() throws SpecException {
        assertThat(diff(GET_SECURED, GET_SECURED)).isEmpty();
    }

    @Test
    void removingAuthenticationIsSecurityRelevant() throws SpecException {
        List<SurfaceChange> changes = diff(GET_SECURED, GET_SECURED.replace("security: [{oauth: [read, write]}]", "security: []"));
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("SECURITY_REMOVED");
            assertThat(c.classification()).isEqualTo("SECURITY");
            assertThat(c.target()).isEqualTo("GET /users/{}");
        });
    }

    @Test
    void fewerScopesOrAWeakerSchemeWeakenSecurity() throws SpecException {
        assertThat(diff(GET_SECURED, GET_SECURED.replace("[read, write]", "[read]")))
                .singleElement().satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("SECURITY_WEAKENED");
                    assertThat(c.description()).contains("oauth:write");
                });
        assertThat(kinds(diff(GET_SECURED, GET_SECURED.replace("{oauth: [read, write]}", "{oauth: [read, write]}, {key: []}"))))
                .containsExactly("SECURITY_WEAKENED");
        assertThat(kinds(diff(GET_SECURED.replace("{oauth: [read, write]}", "{basic: []}"), GET_SECURED)))
                .containsExactly("SECURITY_STRENGTHENED");
    }

    @Test
    void addingAuthenticationIsBreakingAndSecurityRelevant() throws SpecException {
        List<SurfaceChange> changes = diff(GET_SECURED.replace("security: [{oauth: [read, write]}]", "security: []"), GET_SECURED);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("SECURITY_ADDED");
            assertThat(c.breaking()).isTrue();
        });
    }

    @Test
    void loosenedParameterConstraintsAreSecurityRelevantAndTightenedOnesBreaking() throws SpecException {
        List<SurfaceChange> loosened = diff(GET_SECURED, GET_SECURED.replace(", maxLength: 36, pattern: '^[a-z0-9-]+$'", ""));
        assertThat(loosened).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("PARAMETER_CONSTRAINT_LOOSENED");
            assertThat(c.classification()).isEqualTo("SECURITY");
            assertThat(c.description()).contains("maxLength removed").contains("pattern removed");
        });
        List<SurfaceChange> tightened = diff(GET_SECURED, GET_SECURED.replace("maxLength: 36", "maxLength: 12"));
        assertThat(tightened).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("PARAMETER_CONSTRAINT_TIGHTENED");
            assertThat(c.classification()).isEqualTo("BREAKING");
        });
    }

    @Test
    void aNewSensitiveResponseFieldIsFlaggedAndAPlainOneIsInformational() throws SpecException {
        List<SurfaceChange> sensitive = diff(GET_SECURED, GET_SECURED.replace("name: {type: string}}",
                "name: {type: string}, ssn: {type: string}}"));
        assertThat(sensitive).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("RESPONSE_FIELD_ADDED");
            assertThat(c.classification()).isEqualTo("SECURITY");
            assertThat(c.description()).contains("national-id");
        });
        List<SurfaceChange> plain = diff(GET_SECURED, GET_SECURED.replace("name: {type: string}}",
                "name: {type: string}, nickname: {type: string}}"));
        assertThat(plain).singleElement().satisfies(c -> assertThat(c.classification()).isEqualTo("INFO"));
    }

    @Test
    void aRemovedResponseFieldOrOperationIsBreaking() throws SpecException {
        assertThat(diff(GET_SECURED, GET_SECURED.replace(", name: {type: string}", "")))
                .singleElement().satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("RESPONSE_FIELD_REMOVED");
                    assertThat(c.classification()).isEqualTo("BREAKING");
                });
        assertThat(kinds(diff(GET_SECURED, "  /other: {get: {security: [{oauth: [read]}], responses: {'200': {description: ok}}}}\n")))
                .containsExactly("OPERATION_ADDED", "OPERATION_REMOVED");
    }

    @Test
    void anOpenNewOperationIsSecurityRelevant() throws SpecException {
        List<SurfaceChange> changes = diff(GET_SECURED, GET_SECURED
                + "  /admin/users: {delete: {responses: {'204': {description: gone}}}}\n");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("OPERATION_ADDED");
            assertThat(c.classification()).isEqualTo("SECURITY");
            assertThat(c.description()).contains("without authentication");
        });
    }

    @Test
    void writableRoleFieldsAndOpenObjectsInRequestsAreMassAssignmentRisks() throws SpecException {
        String post = """
                  /users:
                    post:
                      security: [{oauth: [write]}]
                      requestBody:
                        content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
                      responses: {'201': {description: created}}
                """;
        List<SurfaceChange> role = diff(post, post.replace("name: {type: string}}", "name: {type: string}, role: {type: string}}"));
        assertThat(role).singleElement().satisfies(c -> assertThat(c.classification()).isEqualTo("SECURITY"));
        List<SurfaceChange> open = diff(post, post.replace("properties: {name: {type: string}}",
                "properties: {name: {type: string}}, additionalProperties: true"));
        assertThat(open).singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo("REQUEST_FIELD_OPENED"));
    }

    @Test
    void anHttpsServerMovingToHttpIsADowngrade() throws SpecException {
        List<SurfaceChange> changes = SpecDiff.between(surface("1", "https://api.example/v1", GET_SECURED),
                surface("1", "http://api.example/v1", GET_SECURED));
        assertThat(kinds(changes)).containsExactly("SERVER_SCHEME_DOWNGRADED", "SERVER_REMOVED");
        assertThat(changes.get(0).classification()).isEqualTo("SECURITY");
    }

    @Test
    void deprecationIsInformational() throws SpecException {
        assertThat(diff(GET_SECURED, GET_SECURED.replace("    get:\n", "    get:\n      deprecated: true\n")))
                .singleElement().satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("OPERATION_DEPRECATED");
                    assertThat(c.classification()).isEqualTo("INFO");
                });
    }

    /** A change of scopes once read "security requirements changed: [oauth] -> [oauth]". */
    @Test
    void aWriteScopeReplacedByAReadScopeIsAWeakeningThatNamesTheScopes() throws SpecException {
        String write = """
                  /ledger:
                    post: {security: [{oauth: [write]}], responses: {'200': {description: ok}}}
                """;
        String read = """
                  /ledger:
                    post: {security: [{oauth: [read]}], responses: {'200': {description: ok}}}
                """;
        assertThat(diff(write, read)).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo("SECURITY_WEAKENED");
            assertThat(change.securityRelevant()).isTrue();
            assertThat(change.description()).contains("[oauth:read] instead of [oauth:write]");
        });
    }

    /** An added operation was INFO: a new entry point is new attack surface. */
    @Test
    void anAddedOperationIsSecurityRelevantAndSaysWhatMakesItSo() throws SpecException {
        String added = GET_SECURED + """
                  /admin/imports:
                    post:
                      security: []
                      requestBody: {content: {application/json: {schema: {type: object, properties: {sourceUrl: {type: string}}}}}}
                      responses: {'200': {description: ok}}
                """;
        assertThat(diff(GET_SECURED, added)).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo("OPERATION_ADDED");
            assertThat(change.securityRelevant()).isTrue();
            assertThat(change.description()).contains("without authentication", "an administrative or internal path",
                    "takes a URL");
        });
    }

    private static final String SCHEMES = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Api-Key}
                oauth:
                  type: oauth2
                  flows:
                    authorizationCode: {authorizationUrl: 'https://auth.example/authorize', tokenUrl: 'https://auth.example/token', scopes: {read: r}}
            paths:
              /accounts: {get: {security: [{key: []}, {oauth: [read]}], responses: {'200': {description: ok}}}}
            """;

    private static List<SurfaceChange> schemeDiff(String before, String after) throws SpecException {
        SpecNormalizer normalizer = new SpecNormalizer();
        return SpecDiff.between(normalizer.normalize("a.yaml", before.getBytes(StandardCharsets.UTF_8)).surface(),
                normalizer.normalize("a.yaml", after.getBytes(StandardCharsets.UTF_8)).surface());
    }

    /** A scheme redefined under the same name printed "no changes to the API surface". */
    @Test
    void aSecuritySchemeRedefinedUnderTheSameNameIsReportedAndWeakeningsNamed() throws SpecException {
        assertThat(schemeDiff(SCHEMES, SCHEMES.replace("in: header", "in: query"))).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("SECURITY_SCHEME_WEAKENED");
            assertThat(c.target()).isEqualTo("securityScheme key");
            assertThat(c.description()).contains("the key moved from header to query");
        });
        assertThat(schemeDiff(SCHEMES, SCHEMES.replace("tokenUrl: 'https://auth.example/token'",
                "tokenUrl: 'https://login.other.example/token'"))).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("SECURITY_SCHEME_WEAKENED");
            assertThat(c.description()).contains("authorizationCode.tokenUrl https://auth.example/token"
                    + " -> https://login.other.example/token");
        });
        assertThat(schemeDiff(SCHEMES, SCHEMES.replace("scopes: {read: r}}", "scopes: {read: r}}\n"
                + "        implicit: {authorizationUrl: 'https://auth.example/authorize', scopes: {read: r}}")))
                .singleElement().satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("SECURITY_SCHEME_WEAKENED");
                    assertThat(c.description()).contains("flow implicit added");
                });
        assertThat(schemeDiff(SCHEMES, SCHEMES.replace("name: X-Api-Key", "name: X-Key"))).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("SECURITY_SCHEME_CHANGED");
                    assertThat(c.breaking()).isTrue();
                    assertThat(c.securityRelevant()).isTrue();
                    assertThat(c.description()).contains("name X-Api-Key -> X-Key");
                });
    }

    private static final String TRANSFER = """
              /transfers:
                post:
                  security: [{oauth: [write]}]
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            amount: {type: number, minimum: 0.01, maximum: 10000}
                            account: {type: string, maxLength: 34, pattern: '^[A-Z0-9]+$'}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {type: array, maxItems: 100, items: {type: object, properties: {id: {type: string}}}}}}
            """;

    /** Only parameter constraints were compared: a bound removed from a body field went unseen. */
    @Test
    void requestFieldConstraintsLoosenedAndAResponseArrayUnboundedAreSecurityRelevant() throws SpecException {
        List<SurfaceChange> changes = diff(TRANSFER, TRANSFER.replace(", maximum: 10000", "").replace("minimum: 0.01", "minimum: -1")
                .replace("maxLength: 34, pattern: '^[A-Z0-9]+$'", "minLength: 1")
                .replace("maxItems: 100, ", ""));
        assertThat(changes).extracting(SurfaceChange::kind, SurfaceChange::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("REQUEST_FIELD_CONSTRAINT_LOOSENED", "POST /transfers request account"),
                org.assertj.core.groups.Tuple.tuple("REQUEST_FIELD_CONSTRAINT_LOOSENED", "POST /transfers request amount"),
                org.assertj.core.groups.Tuple.tuple("RESPONSE_FIELD_CONSTRAINT_LOOSENED", "POST /transfers response $"));
        assertThat(changes).allSatisfy(c -> assertThat(c.classification()).isEqualTo("SECURITY"));
        assertThat(changes.get(0).description()).contains("maxLength removed", "pattern removed");
        assertThat(changes.get(1).description()).contains("maximum removed", "minimum 0.01 -> -1");
        assertThat(changes.get(2).description()).contains("maxItems removed");
        assertThat(diff(TRANSFER, TRANSFER.replace("maximum: 10000", "maximum: 500"))).singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("REQUEST_FIELD_CONSTRAINT_TIGHTENED");
                    assertThat(c.classification()).isEqualTo("BREAKING");
                });
    }

    /** {customerId} -> {id} was a breaking remove and add of a parameter no client sends by name. */
    @Test
    void aRenamedPathParameterIsNeitherNewNorBreaking() throws SpecException {
        List<SurfaceChange> renamed = diff(GET_SECURED, GET_SECURED.replace("{id}", "{userId}").replace("name: id,", "name: userId,"));
        assertThat(renamed).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("PARAMETER_RENAMED");
            assertThat(c.classification()).isEqualTo("INFO");
            assertThat(c.breaking()).isFalse();
            assertThat(c.description()).contains("{id}", "{userId}");
        });
        assertThat(kinds(diff(GET_SECURED, GET_SECURED.replace("{id}", "{userId}").replace("name: id,", "name: userId,")
                .replace(", maxLength: 36", "")))).as("the renamed parameter is still compared")
                .containsExactly("PARAMETER_RENAMED", "PARAMETER_CONSTRAINT_LOOSENED");
    }
}
