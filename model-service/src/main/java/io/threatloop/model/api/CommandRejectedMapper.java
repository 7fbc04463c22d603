package io.threatloop.model.api;

import io.threatloop.api.Problem;
import io.threatloop.api.ProblemMappers;
import io.threatloop.model.domain.CommandRejected;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A command the model refused, as problem+json: 400 naming the field, 404, or 409. */
public class CommandRejectedMapper {

    @ServerExceptionMapper
    public Response rejected(CommandRejected e) {
        return ProblemMappers.respond(switch (e.kind()) {
            case INVALID -> Problem.invalid(e.field(), e.getMessage());
            case NOT_FOUND -> Problem.of(404, "Not found", e.getMessage());
            case CONFLICT -> Problem.of(409, "Conflict", e.getMessage());
        });
    }
}
