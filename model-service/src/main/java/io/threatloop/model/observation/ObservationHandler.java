package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
import io.threatloop.analysis.threats.RuleEvaluation;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.observation.ModelFileObserved;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.contracts.observation.WorkloadObserved;
import io.threatloop.contracts.observation.WorkloadRemoved;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.model.decision.ModelDecisions;
import io.threatloop.model.domain.ModelCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Applies observations to their applications' threat models, exactly once ({@link ModelDecisions}). */
@ApplicationScoped
public class ObservationHandler {

    static final String CONSUMER = "model-service";
    private static final Logger LOG = Logger.getLogger(ObservationHandler.class);

    @Inject
    ModelDecisions decisions;

    @Inject
    RuleEvaluations evaluations;

    /** A poll's observations in one transaction, in their order ({@link ModelDecisions#decideAll}). */
    public Uni<Void> handleAll(List<Envelope<ObservationEvent>> observations) {
        List<ModelDecisions.Pending> batch = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        for (Envelope<ObservationEvent> observation : observations) {
            types.put(observation.id(), observation.type());
            ModelCommand command = commandFor(observation,
                    spec -> evaluations.evaluate(spec.applicationId(), spec.source().path(), spec.surface()));
            batch.add(new ModelDecisions.Pending(command.applicationId(),
                    model -> model.decide(command, observation.time()), ModelDecisions.Origin.message(observation)));
        }
        return decisions.decideAll(CONSUMER, batch).invoke(applied -> applied.forEach(done -> {
            List<Envelope<ModelEvent>> events = done.events();
            if (!events.isEmpty()) {
                String observation = events.get(0).causationid();
                LOG.infof("applied %s %s to model '%s': %s", types.get(observation), observation,
                        done.model().applicationId(), events.stream().map(Envelope::type).toList());
            }
        })).replaceWithVoid();
    }

    private static Deployment deploymentOf(WorkloadObserved workload) {
        List<String> served = workload.liveSurface() == null ? null
                : workload.liveSurface().operations().stream().map(ApiOperation::id).sorted().toList();
        return new Deployment(workload.namespace() + "/" + workload.name(), workload.namespace(), workload.name(),
                workload.ports(), workload.exposure(), workload.liveSpecPath(), served, workload.liveSpecProblem());
    }

    /** No observation is ignored: an observation type without a command fails (ObservationCommandsTest). */
    private static final IgnoredEvents NOTHING_IGNORED = IgnoredEvents.by("ObservationHandler.commandFor");

    static ModelCommand commandFor(Envelope<ObservationEvent> observation) {
        return commandFor(observation, spec -> RuleEvaluation.of(spec.surface()));
    }

    /** {@code rules}: the rules' findings on an observed spec's surface. */
    static ModelCommand commandFor(Envelope<ObservationEvent> observation, Function<SpecObserved, RuleEvaluation> rules) {
        ObservationEvent data = observation.data();
        Provenance provenance = new Provenance(observation.id(), data.source());
        if (data.source() == null) {
            throw new IllegalArgumentException(observation.type() + " without source");
        }
        if (data instanceof SpecObserved spec) {
            return new ModelCommand.ApplySpec(spec.applicationId(), spec.source().path(), spec.surface(), provenance,
                    rules.apply(spec));
        }
        if (data instanceof SpecRemoved removed) {
            return new ModelCommand.RemoveSpec(removed.applicationId(), removed.source().path(), provenance);
        }
        if (data instanceof WorkloadObserved workload) {
            return new ModelCommand.ApplyWorkload(workload.applicationId(), deploymentOf(workload), workload.team(),
                    provenance);
        }
        if (data instanceof ModelFileObserved file) {
            return new ModelCommand.ApplyModelFile(file.applicationId(), file.file(), provenance);
        }
        if (data instanceof WorkloadRemoved removed) {
            return new ModelCommand.RemoveWorkload(removed.applicationId(), removed.namespace() + "/" + removed.name(),
                    provenance);
        }
        if (data instanceof ScanFailed failed) {
            return new ModelCommand.RecordScanFailure(failed.applicationId(), failed.reason(), failed.location(),
                    provenance);
        }
        NOTHING_IGNORED.require(data); // every observation becomes a command
        throw new IllegalStateException("unreachable");
    }

}
