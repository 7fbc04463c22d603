package io.threatloop.model.observation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.observation.ObservationEvent;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.observation.SpecRemoved;
import io.threatloop.eventstore.Inbox;
import io.threatloop.eventstore.UniqueViolation;
import io.threatloop.model.domain.ModelCommand;
import io.threatloop.model.persistence.ModelEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Applies one observation to its application's threat model in one transaction: inbox check,
 * load, decide, append, outbox. A lost concurrency race is retried from a fresh load.
 */
@ApplicationScoped
public class ObservationHandler {

    static final String CONSUMER = "model-service";
    private static final Logger LOG = Logger.getLogger(ObservationHandler.class);

    @Inject
    Inbox inbox;

    @Inject
    ModelEventStore store;

    public Uni<List<Envelope<ModelEvent>>> handle(Envelope<ObservationEvent> observation) {
        ModelCommand command = commandFor(observation);
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() ->
                        inbox.alreadyProcessed(CONSUMER, observation.id()).chain(done -> {
                            if (done) {
                                LOG.debugf("observation %s already applied, ignored", observation.id());
                                return Uni.createFrom().item(List.<Envelope<ModelEvent>>of());
                            }
                            return decideAndAppend(command, observation);
                        })))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(events -> {
                    if (!events.isEmpty()) {
                        LOG.infof("applied %s %s to model '%s': %s", observation.type(), observation.id(),
                                command.applicationId(), events.stream().map(Envelope::type).toList());
                    }
                });
    }

    private Uni<List<Envelope<ModelEvent>>> decideAndAppend(ModelCommand command, Envelope<ObservationEvent> cause) {
        return store.load(command.applicationId()).chain(model -> {
            List<ModelEvent> events = model.handle(command);
            return store.append(model, events, cause)
                    .call(() -> inbox.record(CONSUMER, cause.id()));
        });
    }

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
        ScanFailed failed = (ScanFailed) data;
        return new ModelCommand.RecordScanFailure(failed.applicationId(), failed.reason(), failed.location(),
                provenance);
    }

}
