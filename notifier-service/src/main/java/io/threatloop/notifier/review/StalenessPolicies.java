package io.threatloop.notifier.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.threatloop.api.ProblemException;
import io.threatloop.contracts.EventCodec;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The staleness policy in force: the built-in defaults (version 0), or the newest one an
 * administrator set (stored, so every replica reads the same).
 */
@ApplicationScoped
public class StalenessPolicies {

    /** A policy and its version. */
    public record Versioned(int version, StalenessPolicy policy) {
    }

    static final ObjectMapper JSON = EventCodec.mapper().copy()
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    /** The policy in force, read on the caller's client (in its transaction, if any). */
    public Uni<StalenessPolicy> inForce(SqlClient client) {
        return versioned(client).map(Versioned::policy);
    }

    public Uni<Versioned> versioned(SqlClient client) {
        return client.query("select document from staleness_policies order by version desc limit 1").execute()
                .map(rows -> rows.iterator().hasNext() ? parse(rows.iterator().next().getString(0))
                        : new Versioned(0, StalenessPolicy.defaults()));
    }

    /** Stores a newer policy in the caller's transaction; invalid ones are refused with the field named. */
    public Uni<Versioned> store(SqlClient client, String document, String by) {
        Versioned next = parse(document);
        return versioned(client).chain(current -> {
            if (next.version() <= current.version()) {
                throw ProblemException.conflict("staleness policy version " + next.version()
                        + " is not newer than version " + current.version() + " in force; raise version");
            }
            return client.preparedQuery(
                            "insert into staleness_policies (version, document, set_by, set_at) values ($1, $2, $3, $4)")
                    .execute(Tuple.of(next.version(), document, by, OffsetDateTime.now(ZoneOffset.UTC)));
        }).replaceWith(next);
    }

    /** The policy as the admin API shows it: {@code version} and the policy's fields, durations as ISO-8601. */
    public static JsonNode document(Versioned versioned) {
        ObjectNode node = JSON.createObjectNode().put("version", versioned.version());
        node.setAll((ObjectNode) JSON.valueToTree(versioned.policy()));
        return node;
    }

    static Versioned parse(String document) {
        JsonNode node;
        try {
            node = JSON.readTree(document);
        } catch (Exception e) {
            throw ProblemException.invalid("", "not a JSON document: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.invalid("", "a JSON object is expected, as GET /api/review-policy shows");
        }
        if (!node.path("version").canConvertToInt() || node.path("version").asInt() < 1) {
            throw ProblemException.invalid("version", "a whole number of 1 or more is required");
        }
        try {
            ObjectNode fields = ((ObjectNode) node).deepCopy();
            fields.remove("version");
            return new Versioned(node.get("version").asInt(), JSON.treeToValue(fields, StalenessPolicy.class));
        } catch (Exception e) {
            // Jackson wraps what the record's constructor refused
            if (e.getCause() instanceof StalenessPolicy.InvalidPolicy invalid) {
                throw ProblemException.invalid(invalid.field(), invalid.getMessage());
            }
            throw ProblemException.invalid("", "not a staleness policy: " + e.getMessage());
        }
    }
}
