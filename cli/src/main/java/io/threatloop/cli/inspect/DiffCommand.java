package io.threatloop.cli.inspect;

import io.threatloop.analysis.diff.SpecDiff;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.surface.SurfaceChange;
import io.threatloop.sources.DirectoryScanner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code threatloop diff <old-spec> <new-spec> [--json]}: the classified changes between two specs. */
public final class DiffCommand {

    private DiffCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean json = args.contains("--json");
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 2) {
            err.println("usage: threatloop diff <old-spec> <new-spec> [--json]");
            return 2;
        }
        NormalizedSpec before;
        NormalizedSpec after;
        try {
            before = read(Path.of(files.get(0)));
            after = read(Path.of(files.get(1)));
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
        return read(file, content(file));
    }

    /** The spec in {@code file} whose bytes were already read; its relative refs stay in its directory. */
    static NormalizedSpec read(Path file, byte[] content) throws SpecException {
        Path dir = file.toAbsolutePath().normalize().getParent();
        return new SpecNormalizer().normalize(file.getFileName().toString(), content,
                DirectoryScanner.confinedTo(dir));
    }

    static byte[] content(Path file) throws IOException, SpecException {
        if (!Files.isRegularFile(file)) {
            throw new SpecException("no such file", file.toString());
        }
        return Files.readAllBytes(file);
    }
}
