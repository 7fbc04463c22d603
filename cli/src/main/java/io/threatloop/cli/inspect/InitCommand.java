package io.threatloop.cli.inspect;

import io.threatloop.analysis.data.DataAssets;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.analysis.spec.SpecFiles;
import io.threatloop.cli.Cli;
import io.threatloop.cli.CliCommand;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.sources.DirectoryScanner;
import io.threatloop.sources.RepositoryUrls;
import io.threatloop.sources.SourceObservation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code threatloop init [DIR]}: a starter {@code threatmodel.yaml} for a repository, filled
 * from what its specs show (the application, the data they carry and how secret each kind is,
 * objectives to settle, an owner to name), with comments saying what each part changes. The
 * model-file loader reads what it writes.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes a starter threatmodel.yaml for a repository from what its specs show: the data"
                + " they carry and its classification, objectives to settle and an owner to name."},
        footer = {"", "Examples:", "  threatloop init", "  threatloop init ../payments-api --print"})
public final class InitCommand extends CliCommand {

    @Parameters(paramLabel = "DIR", defaultValue = ".", description = "the repository; default: the current directory")
    Path dir;

    @Option(names = "--print", description = "print the file instead of writing DIR/threatmodel.yaml")
    boolean print;

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute("init", args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            err.println("threatloop init: " + root + " is not a directory");
            return 2;
        }
        Path file = root.resolve(ModelFileReader.PATH);
        if (!print && Files.exists(file)) {
            err.println("threatloop init: " + file + " exists; it is yours now (--print shows what init would write)");
            return 1;
        }
        String application = RepositoryUrls.nameOf(root.toString());
        List<String> specs = new ArrayList<>();
        Map<String, DataAsset> assets = new TreeMap<>();
        for (SourceObservation observation : DirectoryScanner.scan(root, application)) {
            if (observation.event() instanceof SpecObserved spec) {
                specs.add(observation.path());
                for (DataAsset asset : DataAssets.of(spec.surface())) {
                    assets.merge(asset.category(), asset, (a, b) -> {
                        List<String> both = new ArrayList<>(a.locations());
                        both.addAll(b.locations());
                        return new DataAsset(a.category(), a.classification(), a.personalData(), both,
                                a.locationCount() + b.locationCount() - both.size());
                    });
                }
            }
        }
        if (specs.isEmpty()) {
            err.println("threatloop init: no API description found in " + root + " (looked for "
                    + SpecFiles.WHAT_IS_LOOKED_FOR + "); init fills the file from them");
            return 1;
        }
        String text = starter(application, specs, assets);
        if (print) {
            out.print(text);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            out.println("wrote " + file + " from " + specs.size() + " spec(s): name the owner, settle the objectives,"
                    + " commit it (docs/MODEL-FILE.md)");
        }
        return 0;
    }

    static String starter(String application, List<String> specs, Map<String, DataAsset> assets) {
        boolean personal = assets.values().stream().anyMatch(DataAsset::personalData);
        boolean restricted = assets.values().stream().anyMatch(a -> a.classification().equals("restricted"));
        StringBuilder yaml = new StringBuilder();
        yaml.append("# The threat model of ").append(application).append(" as code (docs/MODEL-FILE.md), started by")
                .append(" threatloop init\n# from ").append(String.join(", ", specs))
                .append(". Each part changes the model: settle what is yours, delete what is not.\n")
                .append("threatmodel: 1\n\n")
                .append("# The team that owns the model: it sees it, and its review tasks go to it.\n")
                .append("owner:\n  team: ").append("owner-team-name").append("   # lower-case letters, digits and '-'\n\n")
                .append("# What matters for this application; each raises or lowers the impact of every threat.\n")
                .append("objectives:\n")
                .append("  confidentiality: ").append(personal || restricted ? "high" : "medium")
                .append(personal || restricted ? "   # its specs carry personal or secret data (below)\n"
                        : "   # no personal data found in its specs\n")
                .append("  integrity: medium\n")
                .append("  availability: medium\n")
                .append(personal ? "  compliance: [GDPR]   # personal data: GDPR, unless it does not apply; also"
                        + " HIPAA, PCI-DSS, SOX, SOC2, ISO-27001, CCPA, NIS2, DORA\n"
                        : "  compliance: []   # GDPR, HIPAA, PCI-DSS, SOX, SOC2, ISO-27001, CCPA, NIS2, DORA\n");
        if (!assets.isEmpty()) {
            yaml.append("\n# The data its specs carry, by category, at the level threatloop gives it by default;\n")
                    .append("# a level here (public, internal, confidential, restricted) overrides it.\n")
                    .append("classification:\n");
            assets.values().forEach(asset -> yaml.append("  ").append(asset.category()).append(": ")
                    .append(asset.classification()).append("   # ").append(asset.locationCount())
                    .append(" place(s), e.g. ").append(asset.locations().get(0).replace('#', ' ')).append('\n'));
        }
        yaml.append("\n# Also possible: dataFlows (who sends what to which entry point) and acceptedRisks (threats the\n")
                .append("# owners accept, with a reason and an expiry date); docs/MODEL-FILE.md shows both.\n");
        return yaml.toString();
    }
}
