package io.threatloop.cli.gate;

import io.threatloop.analysis.data.DataAssets;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.analysis.risk.RiskContext;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.risk.Severity;
import io.threatloop.analysis.risk.ThreatRating;
import io.threatloop.analysis.spec.NormalizedSpec;
import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecLocations;
import io.threatloop.analysis.threats.Finding;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.observation.ModelFile;
import io.threatloop.contracts.observation.ModelFileObserved;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.contracts.model.DataAsset;
import io.threatloop.contracts.surface.SurfaceChange;
import io.threatloop.sources.GitHistoryScanner;
import io.threatloop.sources.SourceObservation;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a {@link GateResult}: the specs at base and head (GitHistoryScanner.compare), the
 * rule catalogue over every spec at each, each threat rated in the context threatmodel.yaml
 * declares at that revision (data classification, compliance; exposure as given), and the
 * difference. Threats are the model's: one per rule and element, whichever spec names it.
 */
final class ThreatDelta {

    /** Highest severity first (the matrix, not the score, decides it), then score, rule, element. */
    private static final Comparator<GateThreat> BY_RISK = Comparator
            .comparing((GateThreat t) -> Severity.valueOf(t.severity())).reversed()
            .thenComparing(Comparator.comparingDouble(GateThreat::score).reversed())
            .thenComparing(GateThreat::ruleId).thenComparing(GateThreat::target);
    /** Informational changes shown per spec; the rest are counted. */
    private static final int INFO_SHOWN = 5;

    /** What the gate is asked: the application, the exposure to assume, the policy and the severity that fails. */
    record Question(String application, String exposure, ScoringPolicy policy, Severity failOn, LocalDate today) {
    }

    private ThreatDelta() {
    }

    static GateResult between(GitHistoryScanner scanner, RevCommit base, RevCommit head, Question question)
            throws IOException {
        GitHistoryScanner.Comparison comparison = scanner.compare(base, head);
        List<String> failures = new ArrayList<>();
        ModelFile modelBefore = modelFile(scanner, base, null);
        ModelFile modelAfter = modelFile(scanner, head, failures);
        Map<String, GateThreat> before = threats(scanner, base, comparison.base(), modelBefore, question);
        Map<String, GateThreat> after = threats(scanner, head, comparison.head(), modelAfter, question);

        List<GateThreat> introduced = after.values().stream().filter(t -> !before.containsKey(t.key()))
                .sorted(BY_RISK).toList();
        List<GateThreat> resolved = before.values().stream().filter(t -> !after.containsKey(t.key()))
                .sorted(BY_RISK).toList();
        List<GateResult.Rerated> rerated = after.values().stream()
                .filter(t -> before.containsKey(t.key()) && !before.get(t.key()).severity().equals(t.severity()))
                .sorted(BY_RISK)
                .map(t -> new GateResult.Rerated(t.ruleId(), t.target(), before.get(t.key()).severity(), t.severity()))
                .toList();
        List<GateResult.SpecDelta> specs = specDeltas(comparison);
        specs.stream().filter(s -> s.change().equals("unreadable")).forEach(s -> failures.add(
                s.path() + " cannot be read at head, so its threats cannot be checked: " + s.error()));
        introduced.stream()
                .filter(t -> !t.accepted() && Severity.valueOf(t.severity()).compareTo(question.failOn()) >= 0)
                .forEach(t -> failures.add("introduces " + t.severity() + " " + t.ruleId() + " on " + t.target()
                        + " (" + t.file() + ":" + t.line() + ")"));
        return new GateResult(question.application(), base.name(), head.name(), specs,
                introduced, resolved, rerated, RiskSummary.of(before.values()), RiskSummary.of(after.values()),
                question.failOn().name(), failures);
    }

    private static Map<String, GateThreat> threats(GitHistoryScanner scanner, RevCommit revision,
                                                   Map<String, NormalizedSpec> specs, ModelFile modelFile,
                                                   Question question) throws IOException {
        Map<String, List<DataAsset>> assets = new TreeMap<>();
        specs.forEach((path, spec) -> assets.put(path, DataAssets.of(spec.surface())));
        ModelRiskContext context = new ModelRiskContext(Map.of(), assets,
                modelFile == null ? Map.of() : modelFile.classification(),
                modelFile == null || modelFile.objectives() == null ? List.of() : modelFile.objectives().compliance(),
                Map.of());
        Map<String, GateThreat> threats = new LinkedHashMap<>();
        for (Map.Entry<String, NormalizedSpec> entry : specs.entrySet()) {
            List<Finding> findings = RuleCatalogue.evaluate(entry.getValue().surface());
            if (findings.isEmpty()) {
                continue;
            }
            byte[] content = scanner.read(revision, entry.getKey());
            SpecLocations locations = SpecLocations.of(content == null ? new byte[0] : content);
            for (Finding finding : findings) {
                String key = finding.rule().id() + "\n" + finding.target();
                if (threats.containsKey(key)) {
                    continue;
                }
                RiskContext risk = context.forThreat(key, finding.target(), finding.targetAuthenticated(),
                        question.exposure());
                var rating = ThreatRating.rate(finding.rule().id(), risk, question.policy()).rating();
                threats.put(key, new GateThreat(finding.rule().id(), finding.rule().title(),
                        finding.rule().owaspCategory(), finding.rule().cwe(), finding.target(), entry.getKey(),
                        locations.lineOf(finding.target()), rating.severity(), rating.score(), finding.evidence(),
                        finding.rule().countermeasures(), acceptance(modelFile, finding, question.today())));
            }
        }
        return threats;
    }

    /** The justification of an acceptance in the model file that still holds today, or null. */
    private static String acceptance(ModelFile modelFile, Finding finding, LocalDate today) {
        if (modelFile == null) {
            return null;
        }
        return modelFile.acceptedRisks().stream()
                .filter(a -> a.rule().equals(finding.rule().id()) && a.target().equals(finding.target()))
                .filter(a -> !a.expires().isBefore(today))
                .map(a -> a.justification() + " (accepted until " + a.expires() + ")")
                .findFirst().orElse(null);
    }

    private static ModelFile modelFile(GitHistoryScanner scanner, RevCommit revision, List<String> failures)
            throws IOException {
        byte[] content = scanner.read(revision, ModelFileReader.PATH);
        if (content == null) {
            return null;
        }
        try {
            return ModelFileReader.read(ModelFileReader.PATH, content);
        } catch (SpecException e) {
            if (failures != null) {
                failures.add(ModelFileReader.PATH + " is invalid at head (" + e.location() + "): " + e.getMessage());
            }
            return null;
        }
    }

    /** Security-relevant and breaking changes all, informational ones up to {@link #INFO_SHOWN}, counted after. */
    private static List<String> summary(List<SurfaceChange> changes) {
        List<String> lines = new ArrayList<>();
        List<String> order = List.of("SECURITY", "BREAKING", "INFO");
        List<SurfaceChange> sorted = changes.stream()
                .sorted(Comparator.comparing((SurfaceChange c) -> order.indexOf(c.classification()))).toList();
        int info = 0;
        for (SurfaceChange change : sorted) {
            if (change.classification().equals("INFO") && ++info > INFO_SHOWN) {
                continue;
            }
            lines.add(change.classification() + " " + change.description());
        }
        if (info > INFO_SHOWN) {
            lines.add("... and " + (info - INFO_SHOWN) + " more informational change(s)");
        }
        return lines;
    }

    private static List<GateResult.SpecDelta> specDeltas(GitHistoryScanner.Comparison comparison) {
        List<GateResult.SpecDelta> specs = new ArrayList<>();
        for (SourceObservation observation : comparison.changes()) {
            String path = observation.path();
            if (observation.event() instanceof SpecObserved observed) {
                boolean added = !comparison.base().containsKey(path);
                specs.add(new GateResult.SpecDelta(path, added ? "added" : "changed", summary(observed.changes()), null));
            } else if (observation.event() instanceof SpecRemoved) {
                specs.add(new GateResult.SpecDelta(path, "removed", List.of(), null));
            } else if (observation.event() instanceof ScanFailed failed && !(path.equals(ModelFileReader.PATH))) {
                specs.add(new GateResult.SpecDelta(path, "unreadable", List.of(), failed.location() + ": "
                        + failed.reason()));
            } else if (observation.event() instanceof ModelFileObserved) {
                specs.add(new GateResult.SpecDelta(path, "changed", List.of("the declared context (threatmodel.yaml)"),
                        null));
            }
        }
        return specs;
    }
}
