package io.threatloop.cli.demo;

import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.runtime.GitRepository;
import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo: an accounts API that evolves over four commits, and the events each commit must
 * cause across the four services. {@code threatloop demo} and the end-to-end test play it.
 */
public final class DemoStory {

    public static final String APPLICATION = "demo-accounts";
    public static final String SPEC_PATH = "openapi.yaml";

    private static final String HEAD = """
            openapi: 3.0.3
            info:
              title: Demo accounts API
              version: "%s"
            servers:
              - url: https://accounts.demo.example
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer, bearerFormat: JWT}
            paths:
            """;

    private static final String ACCOUNT_OPEN = """
              /accounts/{accountId}:
                get:
                  operationId: getAccount
                  parameters:
                    - {name: accountId, in: path, required: true, schema: {type: string, format: uuid}}
                  responses:
                    "200": {description: the account}
            """;

    private static final String ACCOUNT_SECURED = """
              /accounts/{accountId}:
                get:
                  operationId: getAccount
                  security: [{bearer: []}]
                  parameters:
                    - {name: accountId, in: path, required: true, schema: {type: string, format: uuid}}
                  responses:
                    "200": {description: the account}
            """;

    private static final String STATEMENTS_OPEN = """
              /accounts/{accountId}/statements:
                get:
                  operationId: listStatements
                  parameters:
                    - {name: accountId, in: path, required: true, schema: {type: string, format: uuid}}
                  responses:
                    "200": {description: the statements}
            """;

    public static final List<DemoStep> STEPS = List.of(
            new DemoStep("v1: GET /accounts/{accountId} without authentication",
                    HEAD.formatted("1.0") + ACCOUNT_OPEN,
                    List.of(Expectation.of("SpecObserved", "the scanner observes the spec"),
                            Expectation.of("ModelCreated", "model-service opens a threat model"),
                            Expectation.of("EntryPointAdded", "the operation becomes an entry point"),
                            new Expectation("ThreatIdentified", "API2:2023 operation without authentication",
                                    r -> "API2-NO-AUTH".equals(r.data(ThreatIdentified.class).ruleId())),
                            new Expectation("RiskChanged", "risk-service rates the new threat",
                                    r -> r.data(RiskChanged.class).previous() == null
                                            && r.data(RiskChanged.class).current() != null),
                            Expectation.of("ReviewTaskRaised", "notifier-service asks for a review"))),
            new DemoStep("v2: bearer authentication added",
                    HEAD.formatted("1.1") + ACCOUNT_SECURED,
                    List.of(Expectation.of("SpecObserved", "the scanner observes the change"),
                            Expectation.of("EntryPointChanged", "the entry point is now authenticated"),
                            Expectation.of("ThreatResolved", "the authentication threat is resolved"),
                            new Expectation("RiskChanged", "the risk goes down",
                                    r -> r.data(RiskChanged.class).current() == null))),
            new DemoStep("v3: a broken edit (invalid YAML)",
                    HEAD.formatted("1.2") + "  /accounts/{accountId}:\n    get: [\n",
                    List.of(Expectation.of("ScanFailed", "the scanner reports why the spec cannot be read"),
                            Expectation.of("SourceScanFailed", "the model records the failure and keeps its state"))),
            new DemoStep("v4: fixed, plus GET /accounts/{accountId}/statements without authentication",
                    HEAD.formatted("1.3") + ACCOUNT_SECURED + STATEMENTS_OPEN,
                    List.of(Expectation.of("SpecObserved", "the pipeline carries on after the failure"),
                            Expectation.of("EntryPointAdded", "the new operation becomes an entry point"),
                            new Expectation("ThreatIdentified", "the new operation has no authentication",
                                    r -> r.data(ThreatIdentified.class).target().endsWith("/statements")),
                            new Expectation("RiskChanged", "risk-service rates the new threat",
                                    r -> r.data(RiskChanged.class).current() != null))));

    /** What one step caused: its commit and the expectations that were not met in time. */
    public record StepResult(DemoStep step, String commitId, List<Expectation> missing) {
    }

    private DemoStory() {
    }

    /** Commits each step and waits (up to {@code perStep}) for its events; returns every step's result. */
    public static List<StepResult> play(GitRepository repository, TopicRecorder recorder, Duration perStep,
                                        PrintStream out) throws InterruptedException {
        List<StepResult> results = new ArrayList<>();
        for (DemoStep step : STEPS) {
            String commit = repository.commit(SPEC_PATH, step.spec(), step.title());
            out.printf("%n== commit %s  %s%n", commit.substring(0, 8), step.title());
            recorder.awaitUntil(records -> missing(step, commit, records).isEmpty(), perStep);
            List<Expectation> missing = missing(step, commit, recorder.all());
            missing.forEach(m -> out.printf("   MISSING  %-18s %s%n", m.type(), m.description()));
            results.add(new StepResult(step, commit, missing));
        }
        return results;
    }

    static List<Expectation> missing(DemoStep step, String commit, List<RecordedEvent> records) {
        return step.expectations().stream()
                .filter(expectation -> records.stream().noneMatch(r -> expectation.metBy(r, commit)))
                .toList();
    }
}
