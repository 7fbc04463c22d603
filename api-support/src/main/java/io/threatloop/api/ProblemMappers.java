package io.threatloop.api;

import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.EventTooLarge;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Every error of the API as problem+json: what went wrong and, for a bad request, which field.
 * Internal details stay in the log, never in the response.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    // the Jackson exceptions named one by one: Quarkus has its own mapper for MismatchedInputException
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class})
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknown.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String known = unknown.getKnownPropertyIds() == null ? "" : "; the fields are " + unknown
                    .getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return respond(Problem.invalid(field, "unknown field " + field + known));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return respond(Problem.invalid(field, "invalid value for " + field + ": " + mapping.getOriginalMessage()
                    .replaceAll("(?s)\\R.*", "")));
        }
        return respond(Problem.of(400, "Invalid request", "the body is not valid JSON"));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated() {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                        "a valid bearer token from the threatloop realm is required")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "your roles do not allow this operation"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadable(unreadable);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(Problem.of(status, "Server error", "the request failed; see the service log"));
        }
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
    }

    /** A request whose change would make an event larger than a topic takes: refused before it is stored. */
    @ServerExceptionMapper
    public Response tooLarge(EventTooLarge e) {
        return respond(Problem.of(413, "Request too large", "the change would publish a " + e.type() + " event of "
                + e.size() + " characters of JSON; an event is at most " + EventCodec.MAX_EVENT_CHARS
                + ": shorten the longest texts or send fewer items"));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed", e);
        return respond(Problem.of(500, "Server error", "the request failed; see the service log"));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
