package io.threatloop.cli.inspect;

import io.threatloop.analysis.diff.SpecDiff;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.surface.SurfaceChange;
import io.threatloop.sources.DirectoryScanner;

import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code threatloop diff <old-spec> <new-spec> [--json]}: the classified changes between two specs. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "The classified changes between two API descriptions: security-relevant, breaking, other.",
        footer = {"", "Examples:", "  threatloop diff v1/openapi.yaml v2/openapi.yaml",
                "  threatloop diff old.json new.json --json"})
public final class DiffCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<old-spec>")
    Path oldSpec;

    @Parameters(index = "1", paramLabel = "<new-spec>")
    Path newSpec;

    @Option(names = "--json", description = "the changes as JSON")
    boolean json;

    @Option(names = "--strict", description = "refuse the YAML slips read leniently otherwise (a tab after a colon)")
    boolean strict;


    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute("diff", args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        NormalizedSpec before;
        NormalizedSpec after;
        try {
            before = read(oldSpec, strict);
            after = read(newSpec, strict);
        } catch (SpecException e) {
            err.println("threatloop diff: " + e.location() + ": " + e.getMessage());
            return 1;
        }
        List<SurfaceChange> changes = SpecDiff.between(before.surface(), after.surface());
        if (json) {
            out.println(EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(changes));
        } else if (changes.isEmpty()) {
            out.println("no changes to the API surface");
        } else {
            long security = changes.stream().filter(SurfaceChange::securityRelevant).count();
            long breaking = changes.stream().filter(SurfaceChange::breaking).count();
            out.printf("%d change(s): %d security-relevant, %d breaking%n", changes.size(), security, breaking);
            ChangePrinter.print(changes, "  ", out);
        }
        return 0;
    }

    static NormalizedSpec read(Path file) throws IOException, SpecException {
        return read(file, content(file), false);
    }

    static NormalizedSpec read(Path file, boolean strict) throws IOException, SpecException {
        return read(file, content(file), strict);
    }

    /**
     * The spec in {@code file} whose bytes were already read; its relative refs stay in its
     * directory. Well-known YAML slips are read leniently (with a note) unless {@code strict}.
     */
    static NormalizedSpec read(Path file, byte[] content, boolean strict) throws SpecException {
        Path dir = file.toAbsolutePath().normalize().getParent();
        return new SpecNormalizer(strict).normalize(file.getFileName().toString(), content,
                DirectoryScanner.confinedTo(dir));
    }

    static byte[] content(Path file) throws IOException, SpecException {
        if (!Files.isRegularFile(file)) {
            throw new SpecException("no such file", file.toString());
        }
        return Files.readAllBytes(file);
    }
}
