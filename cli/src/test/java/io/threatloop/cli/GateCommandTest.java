package io.threatloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.threatloop.cli.demo.DemoStory;
import io.threatloop.cli.gate.GateCommand;
import io.threatloop.contracts.EventCodec;
import io.threatloop.runtime.GitRepository;
import io.threatloop.testsupport.RecordingHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code threatloop gate} on a real git history: the demo's accounts API (open, secured, broken,
 * then a new unauthenticated operation), compared across revisions like a pull request.
 */
class GateCommandTest {

    private static final String SPEC = DemoStory.SPEC_PATH;

    @TempDir
    Path dir;

    private GitRepository repository;
    private final List<String> commits = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void history() {
        repository = GitRepository.init(dir.resolve("repo"));
        repository.commit("README.md", "accounts\n", "initial");
        DemoStory.STEPS.forEach(step -> commits.add(repository.commit(SPEC, step.spec(), step.title())));
    }

    @AfterEach
    void close() {
        repository.close();
    }

    @Test
    void aNewUnauthenticatedOperationFailsTheBuildAndSaysWhereItIs() throws Exception {
        int exit = gate("--base", commits.get(1), "--head", commits.get(3), "--format", "json");

        assertThat(exit).as(err()).isEqualTo(1);
        JsonNode result = EventCodec.mapper().readTree(out());
        JsonNode noAuth = find(result.get("introduced"), "API2-NO-AUTH");
        assertThat(noAuth.get("target").asText()).isEqualTo("GET /accounts/{}/statements");
        assertThat(noAuth.get("severity").asText()).isEqualTo("HIGH");
        List<String> lines = Files.readAllLines(repository.dir().resolve(SPEC));
        assertThat(lines.get(noAuth.get("line").asInt() - 1).trim()).isEqualTo("get:");
        assertThat(lines.get(noAuth.get("line").asInt() - 2)).contains("/accounts/{accountId}/statements");
        assertThat(result.get("resolved")).isEmpty();
        assertThat(result.get("failures").toString()).contains("introduces HIGH API2-NO-AUTH on GET /accounts/{}/statements");
        assertThat(result.at("/specs/0/path").asText()).isEqualTo(SPEC);
        assertThat(result.at("/specs/0/change").asText()).isEqualTo("changed");
        assertThat(result.at("/after/bySeverity/HIGH").asInt()).isGreaterThan(result.at("/before/bySeverity/HIGH").asInt());
        assertThat(err()).contains("threatloop gate: comparing", "threat(s) introduced", "FAILED");
    }

    @Test
    void addingAuthenticationResolvesTheThreatAndPassesAtHigh() throws Exception {
        int exit = gate("--base", commits.get(0), "--head", commits.get(1), "--quiet");

        assertThat(exit).as(out()).isZero();
        assertThat(out()).contains("threatloop gate PASSED", "resolved (", "API2-NO-AUTH", "introduced (",
                "API2-JWT-VALIDATION");
        assertThat(err()).as("--quiet").isEmpty();
    }

    @Test
    void theThresholdIsTheCallersChoice() {
        // the same change introduces a MEDIUM threat (token validation the spec cannot show)
        assertThat(gate("--base", commits.get(0), "--head", commits.get(1), "--fail-on", "medium", "--quiet"))
                .isEqualTo(1);
        assertThat(out()).contains("introduces MEDIUM API2-JWT-VALIDATION");
    }

    @Test
    void risksAcceptedInTheModelFileDoNotFailTheBuild() throws Exception {
        gate("--base", commits.get(1), "--head", commits.get(3), "--format", "json", "--quiet");
        JsonNode introduced = EventCodec.mapper().readTree(out()).get("introduced");
        StringBuilder model = new StringBuilder("threatmodel: 1\nacceptedRisks:\n");
        for (JsonNode threat : introduced) {
            if (List.of("HIGH", "CRITICAL").contains(threat.get("severity").asText())) {
                model.append("  - rule: ").append(threat.get("ruleId").asText()).append("\n    target: \"")
                        .append(threat.get("target").asText()).append("\"\n    justification: statements are public\n")
                        .append("    expires: ").append(LocalDate.now().plusDays(30)).append('\n');
            }
        }
        String accepted = repository.commit(Map.of("threatmodel.yaml", model.toString()), "accept the statements' risks");
        out.reset();

        int exit = gate("--base", commits.get(1), "--head", accepted, "--format", "sarif", "--quiet");

        assertThat(exit).as(out()).isZero();
        JsonNode sarif = EventCodec.mapper().readTree(out());
        assertThat(schema().validate(sarif)).isEmpty();
        JsonNode suppressed = null;
        for (JsonNode result : sarif.at("/runs/0/results")) {
            if (result.get("ruleId").asText().equals("API2-NO-AUTH")) {
                suppressed = result;
            }
        }
        assertThat(suppressed).isNotNull();
        assertThat(suppressed.at("/suppressions/0/justification").asText()).startsWith("statements are public");
        assertThat(suppressed.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo(SPEC);
        assertThat(suppressed.at("/locations/0/physicalLocation/region/startLine").asInt()).isGreaterThan(1);
    }

    @Test
    void anExpiredAcceptanceNoLongerHolds() {
        String expired = repository.commit(Map.of("threatmodel.yaml", """
                threatmodel: 1
                acceptedRisks:
                  - rule: API2-NO-AUTH
                    target: "GET /accounts/{}/statements"
                    justification: was public once
                    expires: 2020-01-01
                """), "an old acceptance");

        assertThat(gate("--base", commits.get(1), "--head", expired, "--quiet")).isEqualTo(1);
        assertThat(out()).contains("introduces HIGH API2-NO-AUTH on GET /accounts/{}/statements");
    }

    @Test
    void aSpecThatCanNoLongerBeReadFailsTheBuild() {
        assertThat(gate("--base", commits.get(1), "--head", commits.get(2), "--quiet")).isEqualTo(1);
        assertThat(out()).contains("unreadable", SPEC, "cannot be read at head");
    }

    @Test
    void markdownIsAPullRequestComment() {
        gate("--base", commits.get(1), "--head", commits.get(3), "--format", "markdown", "--quiet");

        assertThat(out()).startsWith("### :x: threatloop:")
                .contains("| severity | before | after |", "#### Introduced (", "`GET /accounts/{}/statements`",
                        "<details><summary>Evidence</summary>", "- `openapi.yaml` changed");
    }

    @Test
    void wrongInputIsAUsageErrorThatSaysWhatToDo() throws Exception {
        assertThat(gate("--head", "HEAD")).isEqualTo(2);
        assertThat(err()).contains("Missing required option: '--base=REV'", "the revision the change starts from");
        err.reset();
        assertThat(gate("--base", "no-such-branch")).isEqualTo(2);
        assertThat(err()).contains("revision 'no-such-branch' not found", "git fetch");
        err.reset();
        assertThat(gate("--base", commits.get(0), "--fail-on", "severe")).isEqualTo(2);
        assertThat(err()).contains("--fail-on must be");
        err.reset();
        assertThat(GateCommand.run(List.of("--repo", dir.toString(), "--base", "HEAD"), new PrintStream(out),
                new PrintStream(err))).isEqualTo(2);
        assertThat(err()).contains("is not a git repository");
    }

    @Test
    void theDeltaIsPostedToARunningThreatloopWithTheTokenFromTheEnvironment() throws Exception {
        try (RecordingHttpServer threatloop = RecordingHttpServer.start()) {
            threatloop.answer("/api/models/", java.time.Duration.ZERO, 201);
            int exit = gateWithToken("t0ken", "--base", commits.get(1), "--head", commits.get(3), "--quiet",
                    "--application", "accounts", "--post", threatloop.url(""));

            assertThat(exit).as(err()).isEqualTo(1); // the verdict; the delta was recorded
            RecordingHttpServer.Request posted = threatloop.all().get(0);
            assertThat(posted.method()).isEqualTo("POST");
            assertThat(posted.path()).isEqualTo("/api/models/accounts/proposed-changes");
            assertThat(posted.header("Authorization")).isEqualTo("Bearer t0ken");
            JsonNode body = EventCodec.mapper().readTree(posted.body());
            assertThat(body.get("head").asText()).isEqualTo(commits.get(3));
            assertThat(body.get("passed").asBoolean()).isFalse();
            assertThat(find(body.get("introduced"), "API2-NO-AUTH").get("target").asText())
                    .isEqualTo("GET /accounts/{}/statements");
            assertThat(body.get("specs").get(0).asText()).isEqualTo(SPEC);
            assertThat(out()).doesNotContain("t0ken");
        }
    }

    @Test
    void aRefusedPostIsAnErrorThatSaysWhy() {
        try (RecordingHttpServer threatloop = RecordingHttpServer.start()) {
            threatloop.answer("/api/models/", java.time.Duration.ZERO, 401);
            assertThat(gateWithToken("expired", "--base", commits.get(0), "--head", commits.get(1), "--quiet",
                    "--post", threatloop.url(""))).isEqualTo(2);
            assertThat(err()).contains("not recorded", "refused the token in THREATLOOP_TOKEN");
        }
        err.reset();
        assertThat(gateWithToken(null, "--base", commits.get(0), "--post", "https://threatloop.example.com"))
                .isEqualTo(2);
        assertThat(err()).contains("--post needs a token in THREATLOOP_TOKEN");
        err.reset();
        assertThat(gateWithToken("t0ken", "--base", commits.get(0), "--post", "http://threatloop.example.com"))
                .isEqualTo(2);
        assertThat(err()).contains("only sent over https");
    }

    private int gateWithToken(String token, String... args) {
        List<String> all = new ArrayList<>(List.of("--repo", repository.dir().toString()));
        all.addAll(List.of(args));
        return GateCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), name -> token);
    }

    private int gate(String... args) {
        List<String> all = new ArrayList<>(List.of("--repo", repository.dir().toString()));
        all.addAll(List.of(args));
        return GateCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode find(JsonNode threats, String ruleId) {
        for (JsonNode threat : threats) {
            if (threat.get("ruleId").asText().equals(ruleId)) {
                return threat;
            }
        }
        throw new AssertionError("no " + ruleId + " in " + threats);
    }

    private static JsonSchema schema() throws java.io.IOException {
        try (InputStream in = JsonSchema.class.getClassLoader().getResourceAsStream("schema/sarif-schema-2.1.0.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }
}
