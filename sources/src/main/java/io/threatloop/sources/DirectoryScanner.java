package io.threatloop.sources;

import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecFiles;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.analysis.spec.SpecSource;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.observation.SpecObserved;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The API descriptions in a plain directory (no history): one observation per spec found. */
public final class DirectoryScanner {

    private DirectoryScanner() {
    }

    public static List<SourceObservation> scan(Path root, String applicationId) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        SpecSource files = confinedTo(base);
        List<SourceObservation> observations = new ArrayList<>();
        List<Path> candidates;
        try (Stream<Path> walk = Files.walk(base)) {
            candidates = walk.filter(Files::isRegularFile)
                    .filter(p -> !base.relativize(p).startsWith(".git"))
                    .sorted().toList();
        }
        SpecNormalizer normalizer = new SpecNormalizer();
        for (Path file : candidates) {
            String path = base.relativize(file).toString();
            if (!SpecFiles.isYamlOrJson(path)) {
                continue;
            }
            SourceRef source = new SourceRef("directory", base.toUri().toString(), null, path, null, null);
            byte[] content;
            try {
                content = files.read(path);
            } catch (IOException e) {
                if (SpecFiles.isCandidate(path)) { // named like a spec: say why it cannot be read
                    observations.add(new SourceObservation(null, path,
                            new ScanFailed(applicationId, source, e.getMessage(), path)));
                }
                continue;
            }
            if (!SpecFiles.isCandidate(path) && !SpecFiles.looksLikeSpec(path, content)) {
                continue;
            }
            try {
                NormalizedSpec spec = normalizer.normalize(path, content, files);
                observations.add(new SourceObservation(null, path, new SpecObserved(applicationId, source,
                        spec.digest(), spec.surface(), List.of(), spec.findings())));
            } catch (SpecException e) {
                if (!e.notAnApiDescription()) {
                    observations.add(new SourceObservation(null, path,
                            new ScanFailed(applicationId, source, e.getMessage(), e.location())));
                }
            }
        }
        return observations;
    }

    /** Reads files below {@code base} only; the normalizer already refuses paths that climb out. */
    public static SpecSource confinedTo(Path base) {
        Path root = base.toAbsolutePath().normalize();
        return path -> {
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return null;
            }
            SpecSource.checkSize(path, Files.size(file));
            return Files.readAllBytes(file);
        };
    }
}
