package io.threatloop.analysis.threats;

import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads of public content, where object-level authorization (API1) has no one to keep apart: an
 * API that changes nothing and knows no people (no scheme but API keys, no user credential among
 * its parameters), such as Channel 4's catalogue ({@code /atoz/{letter}}), TfL's line status or a
 * dictionary's entries. Every caller sees the same objects there. Owned things stay reported even
 * then (an API key may stand for a customer: a booking's record locator, a user's uploads), and
 * an API that takes any write keeps all its API1 findings: its keys stand for tenants whose
 * objects an id must not cross, read-only resources included (build logs, settlements, stats).
 *
 * <p>Applied to the catalogue's findings as a whole rather than in the API1 rules, because it reads
 * every operation of the API; the rules themselves stay per operation, so an unchanged operation
 * keeps its findings ({@link RuleEvaluation}) and only this pass runs over the whole surface.
 */
final class PublicContent {

    private PublicContent() {
    }

    /** {@code findings} without the API1 findings on reads of public content. */
    static List<Finding> without(ApiSurface surface, List<Finding> findings) {
        if (findings.stream().noneMatch(PublicContent::objectLevel) || knowsPeople(surface)) {
            return findings;
        }
        Map<String, ApiOperation> byId = new HashMap<>();
        for (ApiOperation op : surface.operations()) {
            if (OperationSignals.writes(op) || ACTS.matcher(lastSegment(op.path())).find()) {
                return findings;
            }
            byId.put(op.id(), op);
        }
        return findings.stream().filter(f -> {
            ApiOperation op = objectLevel(f) ? byId.get(f.target()) : null;
            return op == null || OWNED.matcher(OperationSignals.words(op.path())).find()
                    || op.parameters().stream().anyMatch(p -> USER_CREDENTIAL.matcher(OperationSignals.words(p.name())).find());
        }).toList();
    }

    private static boolean objectLevel(Finding finding) {
        return "API1:2023".equals(finding.rule().owaspCategory());
    }

    /** A scheme that identifies a person: OAuth 2.0, OpenID Connect, HTTP basic or bearer, mutual TLS. */
    private static boolean knowsPeople(ApiSurface surface) {
        return surface.securitySchemes().values().stream().anyMatch(scheme -> !"apiKey".equals(scheme.type()));
    }

    /** A user's own credential passed as a plain parameter (a session, a bearer token), not an application's key. */
    private static final Pattern USER_CREDENTIAL = Pattern.compile(
            "^(authorization|cookie|access_?token|auth_?token|session(_?(id|token|key))?|user_?token|password)$");

    /**
     * What a customer owns even where the API has no people: a booking's {@code /travel-record/{locator}},
     * The Noun Project's {@code /user/{id}/uploads}, accounts, orders, payments, messages, files.
     */
    private static final Pattern OWNED = Pattern.compile("(^|/|_)(users?|accounts?|customers?|members?|profiles?"
            + "|orders?|invoices?|payments?|transactions?|statements?|bookings?|reservations?|travel_records?|pnrs?"
            + "|messages?|inbox|tickets?|files?|folders?|notes?|carts?|wallets?|patients?|subscriptions?"
            + "|me|my|self)(/|_|\\.|\\?|$)");

    /** A read-named RPC that acts anyway: ExaVault's {@code GET /v1/deleteUser}. */
    private static final Pattern ACTS = Pattern.compile(
            "^(create|delete|update|remove|add|set|cancel|upload|move|copy|rename|send)([A-Z_]|$)");

    private static String lastSegment(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
