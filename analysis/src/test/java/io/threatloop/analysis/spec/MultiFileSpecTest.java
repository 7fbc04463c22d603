package io.threatloop.analysis.spec;

import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A spec split over files joined by relative $refs, read only from inside its source. */
class MultiFileSpecTest {

    private static final Map<String, String> FILES = Map.of(
            "api/paths/account.yaml", """
                    get:
                      operationId: getAccount
                      parameters: [{$ref: '../parameters.yaml#/AccountId'}]
                      responses:
                        '200':
                          description: ok
                          content: {application/json: {schema: {$ref: '../schemas/account.yaml'}}}
                    """,
            "api/parameters.yaml", "AccountId: {name: id, in: path, required: true, schema: {type: string, maxLength: 36}}\n",
            "api/schemas/account.yaml", """
                    type: object
                    properties:
                      id: {type: string, readOnly: true}
                      owner: {$ref: '#/definitions/Person'}
                    definitions:
                      Person: {type: object, properties: {email: {type: string, format: email}}}
                    """);

    private static final String ROOT = """
            openapi: 3.0.3
            info: {title: Accounts, version: '1'}
            paths:
              /accounts/{id}: {$ref: 'paths/account.yaml'}
              /escape: {$ref: '../../etc/passwd'}
            """;

    @Test
    void relativeReferencesAreFollowedInsideTheSource() throws SpecException {
        List<String> asked = new ArrayList<>();
        NormalizedSpec spec = new SpecNormalizer().normalize("api/openapi.yaml", ROOT.getBytes(StandardCharsets.UTF_8),
                path -> {
                    asked.add(path);
                    return FILES.containsKey(path) ? FILES.get(path).getBytes(StandardCharsets.UTF_8) : null;
                });

        ApiOperation get = spec.surface().operations().stream().filter(o -> o.id().equals("GET /accounts/{}"))
                .findFirst().orElseThrow();
        assertThat(get.parameters()).singleElement().satisfies(p -> assertThat(p.maxLength()).isEqualTo(36));
        assertThat(get.responseFields()).extracting(ApiField::path).containsExactly("$", "id", "owner", "owner.email");
        assertThat(get.responseFields().get(1).readOnly()).isTrue();
        assertThat(spec.files()).containsExactly("api/openapi.yaml", "api/paths/account.yaml", "api/parameters.yaml",
                "api/schemas/account.yaml");
        assertThat(spec.findings()).singleElement().asString().contains("outside the source").contains("etc/passwd");
        assertThat(asked).allSatisfy(path -> assertThat(path).startsWith("api/"));
    }

    @Test
    void pathsAreResolvedRelativeToTheReferringFileAndNeverAboveTheRoot() {
        assertThat(RefBundler.resolvePath("api/openapi.yaml", "paths/a.yaml")).isEqualTo("api/paths/a.yaml");
        assertThat(RefBundler.resolvePath("api/paths/a.yaml", "../b.yaml")).isEqualTo("api/b.yaml");
        assertThat(RefBundler.resolvePath("openapi.yaml", "../b.yaml")).isNull();
        assertThat(RefBundler.resolvePath("openapi.yaml", "/etc/passwd")).isNull();
        assertThat(RefBundler.resolvePath("openapi.yaml", "file:///etc/passwd")).isNull();
        assertThat(RefBundler.resolvePath("openapi.yaml", "C:\\x.yaml")).isNull();
    }
}
