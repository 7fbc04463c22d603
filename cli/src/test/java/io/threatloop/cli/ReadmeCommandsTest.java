package io.threatloop.cli;

import io.threatloop.runtime.GitRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands stay true: every `./threatloop ...` line of its code blocks parses with
 * the options it shows, and those that need no server run for real on a repository and specs
 * of the test's own, exiting 0.
 */
class ReadmeCommandsTest {

    private static final Set<String> RUN_FOR_REAL = Set.of("scan", "diff", "analyze", "allowlist", "init");

    @Test
    void everyCommandTheReadmeShowsParsesAndTheServerlessOnesRun(@TempDir Path dir) throws Exception {
        List<String> lines = readmeCommands();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(9);
        Path repo = dir.resolve("repo");
        try (GitRepository git = GitRepository.init(repo); InputStream vampi = getClass()
                .getResourceAsStream("/vulnerable/vampi-openapi3.yml")) {
            Files.write(dir.resolve("openapi.yaml"), vampi.readAllBytes());
            git.commit("openapi.yaml", Files.readString(dir.resolve("openapi.yaml")), "the spec");
        }
        Files.copy(dir.resolve("openapi.yaml"), dir.resolve("old.yaml"));
        Files.copy(dir.resolve("openapi.yaml"), dir.resolve("new.yaml"));
        for (String line : lines) {
            List<String> args = arguments(line, dir, repo);
            new CommandLine(new Cli()).parseArgs(args.toArray(String[]::new)); // throws on an option that is gone
            if (RUN_FOR_REAL.contains(args.get(0))) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int exit = Cli.execute(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                assertThat(exit).as("%s: %s", line, err.toString(StandardCharsets.UTF_8)).isZero();
            }
        }
    }

    /** The `./threatloop ...` lines of the README's code blocks, comments cut off. */
    private static List<String> readmeCommands() throws Exception {
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && line.startsWith("./threatloop ")) {
                commands.add(line.replaceAll("\\s+#.*$", "").trim());
            }
        }
        return commands;
    }

    /**
     * A README line as arguments: the first of each {@code [a|b]} alternative kept, the other
     * optional parts dropped, the example paths replaced by the test's files.
     */
    private static List<String> arguments(String line, Path dir, Path repo) {
        String command = line.substring("./threatloop ".length())
                .replaceAll("\\[(--json)\\|--sarif]", "$1")
                .replaceAll("\\[--format [^]]*]", "")
                .replaceAll("\\[([^]]*)]", "$1");
        List<String> args = new ArrayList<>();
        for (String word : command.split("\\s+")) {
            switch (word) {
                case "path/to/repo", "../my-api" -> args.add(repo.toString());
                case "openapi.yaml", "old.yaml", "new.yaml" -> args.add(dir.resolve(word).toString());
                case "REV" -> args.add("HEAD");
                default -> args.add(word);
            }
        }
        if (args.get(0).equals("init")) { // the test's repository has no threatmodel.yaml yet; print it
            args.add("--print");
        }
        return args.stream().filter(a -> !a.isBlank()).toList();
    }
}
