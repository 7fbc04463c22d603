package io.threatloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.cli.inspect.DiffCommand;
import io.threatloop.cli.inspect.ScanCommand;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.runtime.GitRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code threatloop scan} and {@code threatloop diff}, without any server. */
class InspectCommandsTest {

    private static final String SPEC = """
            openapi: 3.0.3
            info: {title: Accounts, version: '%s'}
            components: {securitySchemes: {bearer: {type: http, scheme: bearer}}}
            paths:
              /accounts/{id}:
                get:
                  security: [%s]
                  responses: {'200': {description: ok}}
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private PrintStream outStream() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream errStream() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Test
    void diffPrintsTheClassifiedChanges() throws Exception {
        Files.writeString(dir.resolve("old.yaml"), SPEC.formatted("1", "{bearer: []}"));
        Files.writeString(dir.resolve("new.yaml"), SPEC.formatted("2", ""));

        int exit = DiffCommand.run(List.of(dir.resolve("old.yaml").toString(), dir.resolve("new.yaml").toString()),
                outStream(), errStream());

        assertThat(exit).isZero();
        assertThat(out()).contains("1 change(s): 1 security-relevant").contains("SECURITY_REMOVED")
                .contains("GET /accounts/{} no longer requires authentication");
    }

    @Test
    void diffAsJsonIsAListOfChanges() throws Exception {
        Files.writeString(dir.resolve("old.yaml"), SPEC.formatted("1", "{bearer: []}"));
        Files.writeString(dir.resolve("new.yaml"), SPEC.formatted("2", ""));
        DiffCommand.run(List.of(dir.resolve("old.yaml").toString(), dir.resolve("new.yaml").toString(), "--json"),
                outStream(), errStream());
        JsonNode changes = EventCodec.mapper().readTree(out());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("classification").asText()).isEqualTo("SECURITY");
    }

    @Test
    void diffOfAnUnreadableSpecSaysWhereAndWhy() throws Exception {
        Files.writeString(dir.resolve("old.yaml"), SPEC.formatted("1", "{bearer: []}"));
        Files.writeString(dir.resolve("new.yaml"), "openapi: 3.0.3\ninfo: [\n");
        int exit = DiffCommand.run(List.of(dir.resolve("old.yaml").toString(), dir.resolve("new.yaml").toString()),
                outStream(), errStream());
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("new.yaml:").contains("invalid YAML/JSON");
    }

    @Test
    void scanPrintsEachCommitThatChangedASpec() throws Exception {
        try (GitRepository repo = GitRepository.init(dir.resolve("accounts"))) {
            repo.commit("openapi.yaml", SPEC.formatted("1", "{bearer: []}"), "first");
            repo.commit("openapi.yaml", SPEC.formatted("2", "{bearer: []}"), "version bump only");
            String third = repo.commit("openapi.yaml", SPEC.formatted("2", ""), "drop auth");

            assertThat(ScanCommand.run(List.of(repo.dir().toString()), outStream(), errStream())).isZero();
            assertThat(out()).contains("first").doesNotContain("version bump only").contains("drop auth")
                    .contains("SECURITY_REMOVED").contains("3 commit(s) scanned, 1 spec(s) at HEAD");

            out.reset();
            ScanCommand.run(List.of(repo.dir().toString(), "--from", third, "--json"), outStream(), errStream());
            List<String> lines = out().lines().toList();
            assertThat(lines).singleElement().satisfies(line -> {
                var event = EventCodec.decode(line);
                assertThat(event.type()).isEqualTo("SpecObserved");
                assertThat(((SpecObserved) event.data()).source().revision()).isEqualTo(third);
                assertThat(event.subject()).isEqualTo("accounts");
            });
        }
    }

    @Test
    void scanOfAPlainDirectoryListsItsSpecs() throws Exception {
        Files.writeString(dir.resolve("openapi.yaml"), SPEC.formatted("1", ""));
        Files.writeString(dir.resolve("values.yaml"), "replicas: 2\n");
        assertThat(ScanCommand.run(List.of(dir.toString()), outStream(), errStream())).isZero();
        assertThat(out()).contains("SpecObserved  openapi.yaml: 1 operation(s)").doesNotContain("values.yaml");
    }
}
