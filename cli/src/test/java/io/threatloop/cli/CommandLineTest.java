package io.threatloop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line helps itself: it once answered `up --help` with "unknown option", had no
 * --version, printed the whole usage for a typo, exited 0 without arguments and said nothing
 * when a scan found no spec.
 */
class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int threatloop(String... args) {
        out.reset();
        err.reset();
        return Cli.execute(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : List.of("up", "demo", "scan", "diff", "analyze", "gate", "allowlist", "init")) {
            assertThat(threatloop(command, "--help")).as(command).isZero();
            assertThat(out()).as(command).contains("Usage: threatloop " + command, "Examples:", "--help");
        }
        assertThat(threatloop("--help")).isZero();
        assertThat(out()).contains("Commands:", "analyze", "gate", "generate-completion");
    }

    @Test
    void theVersionNamesTheBuildAndTheCommit() {
        assertThat(threatloop("--version")).isZero();
        assertThat(out()).startsWith("threatloop ").contains("(commit ");
    }

    @Test
    void aMistypedCommandGetsASuggestionAndExitCode2() {
        assertThat(threatloop("analyz", "openapi.yaml")).isEqualTo(2);
        assertThat(err()).contains("Unmatched argument", "Did you mean", "analyze");
        assertThat(err()).as("not the whole usage").doesNotContain("Commands:");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertThat(threatloop()).isEqualTo(2);
        assertThat(err()).contains("Usage: threatloop", "Commands:");
    }

    @Test
    void anUnknownOptionIsAUsageErrorNamingIt() {
        assertThat(threatloop("up", "--watch-everything")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--watch-everything'");
        assertThat(threatloop("up", "--ports", "80")).isEqualTo(2);
        assertThat(err()).contains("--ports wants the first of four free ports");
    }

    @Test
    void completionIsGeneratedForBashAndZsh() {
        assertThat(threatloop("generate-completion")).isZero();
        assertThat(out()).contains("complete -F", "threatloop");
    }

    @Test
    void aScanThatFindsNoSpecSaysWhatItLookedFor(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("README.md"), "no API here\n");
        Files.writeString(dir.resolve("config.yaml"), "replicas: 2\n");
        assertThat(threatloop("scan", dir.toString())).isEqualTo(1);
        assertThat(err()).contains("no API description found in " + dir.toRealPath(), "openapi*", "swagger*");
    }

    /** A threat model as code starts with a file: init fills one from the specs, and the loader reads it. */
    @Test
    void initWritesAStarterModelFileTheLoaderReads(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("openapi.yaml"), """
                openapi: 3.0.3
                info: {title: accounts, version: "1"}
                paths:
                  /accounts/{accountId}:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  email: {type: string, format: email}
                                  cardNumber: {type: string}
                """);
        assertThat(threatloop("init", dir.toString())).isZero();
        assertThat(out()).contains("wrote " + dir.toRealPath().resolve("threatmodel.yaml"));
        byte[] written = Files.readAllBytes(dir.resolve("threatmodel.yaml"));
        var model = io.threatloop.analysis.modelfile.ModelFileReader.read("threatmodel.yaml", written);
        assertThat(model.objectives().confidentiality()).isEqualTo("high");
        assertThat(model.objectives().compliance()).containsExactly("GDPR");
        assertThat(model.classification()).containsEntry("e-mail", "confidential").containsEntry("card-number", "restricted");
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
                .contains("# The team that owns the model", "GET /accounts/{} response email");

        assertThat(threatloop("init", dir.toString())).as("the file is the user's now").isEqualTo(1);
        assertThat(err()).contains("exists");
    }
}
