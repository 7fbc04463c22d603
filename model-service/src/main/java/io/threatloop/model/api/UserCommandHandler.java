package io.threatloop.model.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.eventstore.UniqueViolation;
import io.threatloop.model.domain.CommandRejected;
import io.threatloop.model.domain.UserCommand;
import io.threatloop.model.persistence.ModelEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;

/**
 * Runs a person's command on a model: load, check the caller's team may see it, decide, append
 * with the outbox. A concurrent writer that wins the version race makes this retry from a fresh
 * load, so the command is decided on the state it lands on and never lost.
 */
@ApplicationScoped
public class UserCommandHandler {

    private static final Logger LOG = Logger.getLogger(UserCommandHandler.class);

    @Inject
    ModelEventStore store;

    /** The stored events; {@code teams} null means the caller may change every team's models. */
    public Uni<List<Envelope<ModelEvent>>> handle(UserCommand command, Collection<String> teams) {
        String correlationId = Envelope.newId();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> store.load(command.applicationId())
                        .chain(model -> {
                            if (model.exists() && teams != null && (model.team() == null || !teams.contains(model.team()))) {
                                // another team's model answers like an unknown one: its existence is not disclosed
                                throw CommandRejected.notFound("no threat model for application '"
                                        + command.applicationId() + "'");
                            }
                            return store.append(model, model.decide(command), null, correlationId);
                        })))
                .onFailure(UniqueViolation::in).retry().atMost(UniqueViolation.MAX_RETRIES)
                .invoke(events -> LOG.infof("%s on model '%s' by %s: %s", command.getClass().getSimpleName(),
                        command.applicationId(), command.by(), events.stream().map(Envelope::type).toList()));
    }
}
