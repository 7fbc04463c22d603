package io.threatloop.model.api;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.model.decision.ModelDecisions;
import io.threatloop.model.domain.CommandRejected;
import io.threatloop.model.domain.UserCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;

/**
 * Runs a person's command on a model ({@link ModelDecisions}): the caller's team must be allowed
 * to see the model, which otherwise answers like an unknown one.
 */
@ApplicationScoped
public class UserCommandHandler {

    private static final Logger LOG = Logger.getLogger(UserCommandHandler.class);

    @Inject
    ModelDecisions decisions;

    /** The stored events; {@code teams} null means the caller may change every team's models. */
    public Uni<List<Envelope<ModelEvent>>> handle(UserCommand command, Collection<String> teams) {
        return decisions.decide(command.applicationId(), model -> {
                    if (model.exists() && teams != null && (model.team() == null || !teams.contains(model.team()))) {
                        // another team's model answers like an unknown one: its existence is not disclosed
                        throw CommandRejected.notFound("no threat model for application '"
                                + command.applicationId() + "'");
                    }
                    return model.decide(command);
                }, ModelDecisions.Origin.request())
                .map(ModelDecisions.Applied::events)
                .invoke(events -> LOG.infof("%s on model '%s' by %s: %s", command.getClass().getSimpleName(),
                        command.applicationId(), command.by(), events.stream().map(Envelope::type).toList()));
    }
}
