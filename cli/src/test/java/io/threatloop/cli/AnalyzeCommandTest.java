package io.threatloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.threatloop.cli.inspect.AnalyzeCommand;
import io.threatloop.contracts.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code threatloop analyze} on VAmPI, an intentionally vulnerable API, in each output format. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Path vampi() throws Exception {
        Path spec = dir.resolve("openapi3.yml");
        try (InputStream in = getClass().getResourceAsStream("/vulnerable/vampi-openapi3.yml")) {
            Files.copy(in, spec);
        }
        return spec;
    }

    private int analyze(String... args) throws Exception {
        return AnalyzeCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void findsVampisDocumentedFlawsWithEvidenceAndCountermeasures() throws Exception {
        assertThat(analyze(vampi().toString(), "--json")).isZero();

        JsonNode threats = EventCodec.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        threats.forEach(t -> found.add(t.get("ruleId").asText() + " " + t.get("target").asText()));
        assertThat(found).contains(
                "API1-OBJECT-ID-IN-PATH GET /books/v1/{}", // V3 BOLA
                "API1-OBJECT-ID-IN-PATH PUT /users/v1/{}/password", // V2
                "API3-OPEN-REQUEST-OBJECT POST /users/v1/register", // V4: "admin" is accepted but not documented
                "API5-ADMIN-PATH GET /users/v1/_debug", // V5
                "DATA-SECRET-IN-RESPONSE GET /users/v1/_debug", // V5
                "API2-LOGIN-WITHOUT-BRUTE-FORCE-PROTECTION POST /users/v1/login"); // V6, V8
        threats.forEach(t -> {
            assertThat(t.get("evidence")).isNotEmpty();
            assertThat(t.get("countermeasures")).isNotEmpty();
            assertThat(t.get("line").asInt()).isGreaterThan(1);
        });
    }

    @Test
    void sarifOutputValidatesAgainstTheSarif210Schema() throws Exception {
        Path spec = vampi();
        assertThat(analyze(spec.toString(), "--sarif")).isZero();

        JsonNode sarif = EventCodec.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonSchema schema;
        try (InputStream in = JsonSchema.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        Set<ValidationMessage> problems = schema.validate(sarif);
        assertThat(problems).isEmpty();
        JsonNode results = sarif.at("/runs/0/results");
        assertThat(results).isNotEmpty();
        JsonNode debug = null;
        for (JsonNode result : results) {
            if (result.get("ruleId").asText().equals("API5-ADMIN-PATH")) {
                debug = result;
            }
        }
        assertThat(debug).isNotNull();
        // the line of "get:" under /users/v1/_debug in the file
        List<String> lines = Files.readAllLines(spec);
        int line = debug.at("/locations/0/physicalLocation/region/startLine").asInt();
        assertThat(lines.get(line - 1).trim()).isEqualTo("get:");
        assertThat(lines.subList(0, line - 1)).last().asString().contains("/users/v1/_debug");
        assertThat(sarif.at("/runs/0/tool/driver/rules")).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void textOutputGroupsByOwaspCategory() throws Exception {
        assertThat(analyze(vampi().toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("API1:2023", "API3:2023", "evidence:",
                "countermeasure:");
    }

    /** A wide API: DigitalOcean's 659 operations once printed 5,842 lines, 456 of them one rule. */
    private Path wide() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                openapi: 3.0.3
                info: {title: wide, version: "1"}
                servers: [{url: "https://api.example.com"}]
                components: {securitySchemes: {bearer: {type: http, scheme: bearer}}}
                security: [{bearer: []}]
                paths:
                """);
        for (int i = 0; i < 12; i++) {
            yaml.append("  /v2/things").append(i).append("/{thing_identifier}:\n")
                    .append("    get: {parameters: [{name: thing_identifier, in: path, required: true,")
                    .append(" schema: {type: string, format: uuid}}], responses: {\"200\": {description: ok},")
                    .append(" \"429\": {description: slow down}}}\n");
        }
        Path spec = dir.resolve("wide.yaml");
        Files.writeString(spec, yaml);
        return spec;
    }

    @Test
    void textStartsWithASummaryAndShowsARuleOnManyOperationsOnceWithPathsAsWritten() throws Exception {
        assertThat(analyze(wide().toString())).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("12 operation(s)", "by severity:", "by category: API1:2023 12", "most threatened:",
                "API1-OBJECT-ID-IN-PATH", "on 12 targets", "GET /v2/things0/{thing_identifier} (line", "... and 4 more");
        assertThat(text.lines().filter(l -> l.contains("[HIGH] API1-OBJECT-ID-IN-PATH"))).hasSize(1);
        assertThat(text).doesNotContain("/{}");

        out.reset();
        assertThat(analyze(wide().toString(), "--expand")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("[HIGH] API1-OBJECT-ID-IN-PATH"))).hasSize(12);
    }

    @Test
    void filtersNarrowWhatIsShownAndFailOnMakesItACiStep() throws Exception {
        String vampi = vampi().toString();
        assertThat(analyze(vampi, "--json", "--min-severity", "high", "--category", "API1,API5",
                "--operation", "GET /users/*")).isZero();
        JsonNode threats = EventCodec.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(threats).isNotEmpty().allSatisfy(t -> {
            assertThat(t.get("defaultSeverity").asText()).isIn("HIGH", "CRITICAL");
            assertThat(t.get("owaspCategory").asText()).matches("API[15]:2023");
            assertThat(t.get("target").asText()).startsWith("GET /users/");
            assertThat(t.get("targetAsWritten").asText()).doesNotContain("{}");
        });

        out.reset();
        assertThat(analyze(vampi, "--fail-on", "high")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("threats at high or above");
        assertThat(analyze(vampi, "--fail-on", "high", "--category", "API8")).isZero();
        assertThat(analyze(vampi, "--min-severity", "urgent")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--min-severity must be critical, high");
    }

    /** A tab after a colon once made the whole spec unreadable: no analysis at all. */
    @Test
    void aTabAfterAColonIsReadWithANoteUnlessStrict() throws Exception {
        Path spec = dir.resolve("tab.yaml");
        Files.writeString(spec, "openapi: 3.0.3\ninfo:\n  title:\tAccounts\n  version: \"1\"\npaths:\n"
                + "  /accounts/{id}:\n    get:\n      responses: {\"200\": {description: ok}}\n");
        assertThat(analyze(spec.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 operation(s)",
                "note: tab.yaml: line 3: a tab after the indentation was read as a space");
        assertThat(analyze(spec.toString(), "--strict")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tab.yaml:3:", "a tab character where YAML allows only spaces");
    }

    @Test
    void allowlistWritesNginxLocationsForTheDocumentedOperations() throws Exception {
        int exit = io.threatloop.cli.inspect.AllowListCommand.run(List.of(vampi().toString(), "--nginx",
                "http://vampi:5000"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("location ~ ^/users/v1/[^/]+/password$ {",
                "if ($request_method !~ ^(PUT)$)", "proxy_pass http://vampi:5000;", "return 404;");
    }

    @Test
    void anUnreadableSpecOrWrongUsageSaysSo() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "openapi: 3.0.3\n  info: [\n");
        assertThat(analyze(dir.resolve("broken.yaml").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.yaml");
        assertThat(analyze(dir.resolve("broken.yaml").toString(), "--json", "--sarif")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mutually exclusive", "Usage: threatloop analyze");
    }
}
