package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiOperation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecNormalizerTest {

    private final SpecNormalizer normalizer = new SpecNormalizer();

    static final String ACCOUNTS = """
            openapi: 3.0.3
            info: {title: Accounts, version: "1.0"}
            servers: [{url: "https://api.example.com/v1"}]
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            paths:
              /accounts/{accountId}/:
                get:
                  operationId: getAccount
                  parameters:
                    - {name: accountId, in: path, required: true, schema: {type: string, maxLength: 36}}
                  responses: {"200": {description: ok}}
              /accounts:
                post:
                  security: [{bearer: []}]
                  responses: {"201": {description: created}}
            """;

    @Test
    void normalizesOperationsSecurityAndServers() throws SpecException {
        NormalizedSpec spec = normalizer.normalize("openapi.yaml", ACCOUNTS.getBytes(StandardCharsets.UTF_8));

        assertThat(spec.surface().operations()).extracting(ApiOperation::id)
                .containsExactly("GET /accounts/{}", "POST /accounts");
        ApiOperation get = spec.surface().operations().get(0);
        assertThat(get.requiresAuthentication()).isFalse();
        assertThat(get.parameters()).singleElement().satisfies(p -> {
            assertThat(p.in()).isEqualTo("path");
            assertThat(p.maxLength()).isEqualTo(36);
            assertThat(p.bounded()).isTrue();
        });
        assertThat(spec.surface().operations().get(1).requiresAuthentication()).isTrue();
        assertThat(spec.surface().servers()).singleElement().satisfies(s -> {
            assertThat(s.scheme()).isEqualTo("https");
            assertThat(s.host()).isEqualTo("api.example.com");
            assertThat(s.basePath()).isEqualTo("/v1");
        });
        assertThat(spec.surface().securitySchemes().get("bearer").scheme()).isEqualTo("bearer");
    }

    @Test
    void theDigestDependsOnTheSurfaceNotOnFormatting() throws SpecException {
        String reformatted = ACCOUNTS.replace("/accounts/{accountId}/:", "/accounts/{id}:")
                .replace("operationId: getAccount", "operationId: getAccount   # same");
        NormalizedSpec a = normalizer.normalize("a.yaml", ACCOUNTS.getBytes(StandardCharsets.UTF_8));
        NormalizedSpec b = normalizer.normalize("b.yaml", reformatted.getBytes(StandardCharsets.UTF_8));
        NormalizedSpec c = normalizer.normalize("c.yaml", ACCOUNTS.replace("security: [{bearer: []}]", "security: []")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(a.digest()).startsWith("sha256:").isEqualTo(b.digest()).isNotEqualTo(c.digest());
    }

    @Test
    void globalSecurityAppliesUnlessTheOperationOverridesIt() throws SpecException {
        String spec = """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                security: [{key: []}]
                components: {securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}}
                paths:
                  /a: {get: {responses: {"200": {description: ok}}}}
                  /b: {get: {security: [], responses: {"200": {description: ok}}}}
                  /c: {get: {security: [{}, {key: []}], responses: {"200": {description: ok}}}}
                """;
        var ops = normalizer.normalize("s.yaml", spec.getBytes(StandardCharsets.UTF_8)).surface().operations();
        assertThat(ops).extracting(ApiOperation::requiresAuthentication).containsExactly(true, false, false);
    }

    /** What the rules read besides schemas: examples that are URLs, bodies known only by an example, media types. */
    @Test
    void readsUrlExamplesExampleOnlyBodiesMediaTypesAndTokenUrls() throws SpecException {
        String spec = """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                components:
                  securitySchemes:
                    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example/token', scopes: {}}}}
                paths:
                  /imports:
                    post:
                      parameters: [{name: source, in: query, schema: {type: string}, example: 'http://169.254.169.254/latest'}]
                      requestBody:
                        content:
                          application/json:
                            schema: {type: object}
                            example: {mechanic_code: TRAC_JHN, report: {link: 'https://example.com/r/1'}, quantity: -1}
                          application/xml: {schema: {type: object}}
                      responses: {"200": {description: ok}}
                  /files:
                    post:
                      requestBody:
                        content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}, size: {type: integer, minimum: 1}}}}}
                      responses: {"200": {description: ok}}
                """;
        var surface = normalizer.normalize("openapi.yaml", spec.getBytes(StandardCharsets.UTF_8)).surface();
        ApiOperation imports = surface.operations().stream().filter(o -> o.id().equals("POST /imports")).findFirst()
                .orElseThrow();
        assertThat(imports.parameters()).singleElement().satisfies(p -> assertThat(p.urlExample()).isTrue());
        assertThat(imports.requestFields()).extracting(f -> f.path() + ":" + f.type() + ":" + f.urlExample())
                .contains("mechanic_code:string:false", "report.link:string:true", "quantity:integer:false");
        assertThat(imports.requestMediaTypes()).containsExactly("application/json", "application/xml");
        ApiOperation files = surface.operations().stream().filter(o -> o.id().equals("POST /files")).findFirst()
                .orElseThrow();
        assertThat(files.requestFields()).filteredOn(f -> f.path().equals("size")).singleElement()
                .satisfies(f -> assertThat(f.minimum()).isEqualTo(1.0));
        assertThat(surface.securitySchemes().get("oauth").urls())
                .containsExactly(java.util.Map.entry("clientCredentials.tokenUrl", "https://auth.example/token"));
    }

    @Test
    void invalidYamlIsRefusedWithItsLocation() {
        String broken = "openapi: 3.0.3\ninfo: {title: t\npaths: {}\n";
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("invalid YAML/JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(((SpecException) e).location()).matches("openapi\\.yaml:\\d+:\\d+"));
    }

    @Test
    void aDocumentThatIsNotAnApiDescriptionIsRefused() {
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", "name: chart\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no 'openapi' or 'swagger' field");
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1}))
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void externalReferencesAreNeverFollowedButReported() throws SpecException {
        String spec = """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths:
                  /a:
                    get:
                      parameters: [{$ref: "http://169.254.169.254/latest/meta-data"}]
                      responses: {"200": {$ref: "file:///etc/passwd"}}
                """;
        NormalizedSpec normalized = normalizer.normalize("s.yaml", spec.getBytes(StandardCharsets.UTF_8));
        assertThat(normalized.findings()).hasSize(2)
                .anySatisfy(f -> assertThat(f).contains("http://169.254.169.254"))
                .anySatisfy(f -> assertThat(f).contains("file:///etc/passwd"));
        assertThat(normalized.surface().operations()).extracting(ApiOperation::id).containsExactly("GET /a");
    }

    @Test
    void readsRealSpecsFromTheCorpus() throws Exception {
        NormalizedSpec vampi = normalizer.normalize("openapi3.yml", resource("/corpus/vampi/openapi3.yml"));
        assertThat(vampi.surface().operations()).extracting(ApiOperation::id)
                .contains("GET /users/v1/_debug", "PUT /users/v1/{}/password", "GET /books/v1/{}");
        NormalizedSpec swagger2 = normalizer.normalize("swagger.json", resource("/corpus/1forge.com__0.0.1.json"));
        assertThat(swagger2.surface().specFormat()).isEqualTo("swagger-2.0");
        assertThat(swagger2.surface().operations()).isNotEmpty();
        assertThat(swagger2.surface().servers()).extracting(s -> s.scheme()).contains("https");
    }

    @Test
    void pathsAreNormalizedSoParameterNamesDoNotMatter() {
        assertThat(SurfaceExtractor.normalizePath("users/{userId}/")).isEqualTo("/users/{}");
        assertThat(SurfaceExtractor.normalizePath("/")).isEqualTo("/");
    }

    @Test
    void specFilesAreRecognisedByName() {
        assertThat(SpecFiles.isCandidate("api/openapi.yaml")).isTrue();
        assertThat(SpecFiles.isCandidate("swagger.json")).isTrue();
        assertThat(SpecFiles.isCandidate("billing.openapi.yml")).isTrue();
        assertThat(SpecFiles.isCandidate("values.yaml")).isFalse();
        assertThat(SpecFiles.isCandidate("openapi.md")).isFalse();
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
