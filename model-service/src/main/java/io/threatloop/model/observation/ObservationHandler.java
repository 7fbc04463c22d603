package io.threatloop.model.observation;

import io.smallrye.mutiny.Uni;
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

import java.util.List;

/** Applies one observation to its application's threat model, exactly once ({@link ModelDecisions}). */
@ApplicationScoped
public class ObservationHandler {

    static final String CONSUMER = "model-service";
    private static final Logger LOG = Logger.getLogger(ObservationHandler.class);

    @Inject
    ModelDecisions decisions;

    public Uni<List<Envelope<ModelEvent>>> handle(Envelope<ObservationEvent> observation) {
        ModelCommand command = commandFor(observation);
        return decisions.decide(command.applicationId(), model -> model.decide(command, observation.time()),
                        ModelDecisions.Origin.message(CONSUMER, observation))
                .map(applied -> applied.map(ModelDecisions.Applied::events).orElse(List.of()))
                .invoke(events -> {
                    if (!events.isEmpty()) {
                        LOG.infof("applied %s %s to model '%s': %s", observation.type(), observation.id(),
                                command.applicationId(), events.stream().map(Envelope::type).toList());
                    }
                });
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
        ObservationEvent data = observation.data();
        Provenance provenance = new Provenance(observation.id(), data.source());
        if (data.source() == null) {
            throw new IllegalArgumentException(observation.type() + " without source");
        }
        if (data instanceof SpecObserved spec) {
            return new ModelCommand.ApplySpec(spec.applicationId(), spec.source().path(), spec.surface(), provenance);
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
