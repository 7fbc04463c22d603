package io.threatloop.analysis.threats;

import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** API1:2023 object-level and API5:2023 function-level authorization: where the spec shows the risk. */
final class AuthorizationRules {

    static final RuleDefinition OBJECT_ID = new RuleDefinition(
            "API1-OBJECT-ID-IN-PATH", "Object addressed by an identifier the client chooses", "API1:2023",
            "Elevation of Privilege", "CWE-639",
            "The operation selects an object by an identifier in the path; unless the server checks that the caller"
                    + " may access that object, changing the identifier reads or changes other users' objects (BOLA).",
            List.of("Check ownership or access rights of the object on every request, in the service, from the"
                            + " caller's identity (not from a client-supplied user id)",
                    "Prefer random, unguessable identifiers (UUIDs); test with two users"),
            new RiskFactors(5, 7, 6, 6, 7, 7, 7, 7, 7, 6, 2, 6, 5, 6, 6, 6));

    static final RuleDefinition SEQUENTIAL_ID = new RuleDefinition(
            "API1-SEQUENTIAL-ID", "Enumerable integer identifier", "API1:2023", "Information Disclosure", "CWE-639",
            "Integer identifiers can be counted through, which turns any missing object-level check into a bulk leak.",
            List.of("Use random identifiers (UUIDs) in URLs", "Enforce object-level authorization on every request"),
            new RiskFactors(5, 6, 6, 6, 8, 7, 6, 7, 6, 4, 1, 4, 4, 5, 5, 5));

    static final RuleDefinition ADMIN_PATH = new RuleDefinition(
            "API5-ADMIN-PATH", "Administrative or debug function in the API", "API5:2023", "Elevation of Privilege",
            "CWE-285",
            "Administrative, internal and debug functions in the same API as user functions are found by guessing"
                    + " paths; if their role check is missing or weaker, any user can call them (BFLA).",
            List.of("Require an administrative role or scope on these operations and deny by default",
                    "Move internal and debug functions to a separate, non-public API; never deploy debug endpoints"),
            new RiskFactors(5, 7, 6, 6, 7, 6, 7, 7, 7, 7, 5, 7, 6, 6, 6, 5));

    static final RuleDefinition WRITE_SAME_AS_READ = new RuleDefinition(
            "API5-WRITE-SAME-SECURITY-AS-READ", "Write operation protected like the read", "API5:2023",
            "Elevation of Privilege", "CWE-285",
            "The operation changes data but requires exactly what reading the same resource requires; any client"
                    + " allowed to read can also change or delete (function-level authorization).",
            List.of("Give write operations their own scopes or roles (least privilege)",
                    "Check the caller's role for the function in the service, not only authentication"),
            new RiskFactors(5, 6, 6, 6, 6, 6, 6, 7, 4, 7, 4, 6, 5, 5, 5, 4));

    static final RuleDefinition WRITE_WITHOUT_SCOPES = new RuleDefinition(
            "API5-WRITE-WITHOUT-SCOPES", "Write operation without OAuth scopes", "API5:2023",
            "Elevation of Privilege", "CWE-285",
            "The operation changes data with an OAuth 2.0 / OpenID Connect token but requires no scope, so every"
                    + " token the identity provider issues for the API may call it.",
            List.of("Require a write scope (e.g. accounts:write) on the operation and check it at the gateway"),
            new RiskFactors(5, 6, 6, 6, 6, 6, 6, 7, 4, 7, 4, 6, 5, 5, 5, 4));

    static final RuleDefinition OBJECT_ID_OUTSIDE_PATH = new RuleDefinition(
            "API1-OBJECT-ID-IN-QUERY-OR-BODY", "Object selected by an identifier in the query or body", "API1:2023",
            "Elevation of Privilege", "CWE-639",
            "The operation takes an identifier of an object or a user (an id, a user name, an e-mail) in the query"
                    + " string or the body; unless the server decides from the caller's identity which objects they"
                    + " may reach, another value reads or changes someone else's (BOLA).",
            List.of("Derive whose data it is from the caller's identity, not from a parameter; where a parameter must"
                            + " name the object, check the caller may access it on every request",
                    "Test with two users: each one's identifiers must not work for the other"),
            new RiskFactors(5, 7, 6, 6, 7, 7, 7, 7, 7, 6, 2, 6, 5, 6, 6, 6));

    /** References to other objects a client passes: {@code customerId}, {@code order_id}. */
    private static final Pattern REFERENCE = Pattern.compile("^(user|owner|account|customer|member|client|profile"
            + "|report|order|invoice|document|file|note|message|book|post|ticket)_?(id|uuid|no|number)$");
    /** In a query, also whose data is read: {@code username}, {@code email}, {@code report_name}. */
    private static final Pattern SELECTOR = Pattern.compile(REFERENCE.pattern() + "|^(user|owner|account|customer"
            + "|member|client|profile|report|order|invoice|document|file|note|message|book|post|ticket)_?name$"
            + "|^(user_?name|username|owner|email|user_?email)$");

    private static final Pattern ADMIN = Pattern.compile(
            "(^|/)_?(admin|administration|administrator|internal|debug|_debug|manage|management|actuator|sudo|"
                    + "superuser|backoffice|ops)(/|$)");
    private static final Pattern ID_NAME = Pattern.compile("(^|_)(id|no|number|num)$");

    private AuthorizationRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(OBJECT_ID, unlessOwnOrCount(AuthorizationRules::objectIdInPath)),
                new OperationRule(OBJECT_ID_OUTSIDE_PATH, unlessOwnOrCount(AuthorizationRules::objectIdOutsidePath)),
                new OperationRule(SEQUENTIAL_ID, unlessOwnOrCount(AuthorizationRules::sequentialId)),
                new OperationRule(ADMIN_PATH, AuthorizationRules::adminPath),
                OperationRule.comparing(WRITE_SAME_AS_READ, AuthorizationRules::writeSameAsRead),
                new OperationRule(WRITE_WITHOUT_SCOPES, AuthorizationRules::writeWithoutScopes));
    }

    /** Not on the caller's own collection nor on a count: see {@link #ownCollectionOrCount}. */
    private static java.util.function.BiFunction<ApiSurface, ApiOperation, List<String>> unlessOwnOrCount(
            java.util.function.BiFunction<ApiSurface, ApiOperation, List<String>> rule) {
        return (surface, op) -> ownCollectionOrCount(op) ? List.of() : rule.apply(surface, op);
    }

    /**
     * {@code /user/subscriptions/{owner}/{repo}}, {@code /me/...}: the caller's own collection,
     * which the path scopes to the caller; its parameters pick within it. And a count of
     * matching users returns no one's object.
     */
    private static boolean ownCollectionOrCount(ApiOperation op) {
        return OWN.matcher(op.path()).find() || op.path().endsWith("/count");
    }

    private static final Pattern OWN = Pattern.compile("^/(user|me|my|self|current_?user)/[^{]");

    private static List<String> objectIdInPath(ApiSurface surface, ApiOperation op) {
        boolean search = SEARCH_SEGMENT.matcher(op.path()).find(); // /news/search/{title}: a term, no object
        List<ApiParameter> inPath = op.parameters().stream().filter(p -> "path".equals(p.in())).toList();
        List<String> names = inPath.stream()
                .filter(p -> !formatSuffix(op, p))
                .filter(p -> !(search && (inPath.size() == 1 || SEARCH_TERM.matcher(OperationSignals.words(p.name())).find())))
                .filter(p -> !referenceCode(p))
                .filter(p -> !ResourceRules.timePoint(p.name())) // /Status/{StartDate}/to/{EndDate}: a range, no object
                .map(ApiParameter::name).toList();
        return names.isEmpty() ? List.of() : List.of(op.id() + " selects the object by path parameter(s) "
                + String.join(", ", names.stream().map(n -> "'" + n + "'").toList()));
    }

    /** Identifiers of objects or users the client passes outside the path: query parameters and body fields. */
    private static List<String> objectIdOutsidePath(ApiSurface surface, ApiOperation op) {
        List<String> names = new ArrayList<>();
        boolean findsPeople = FINDS_PEOPLE.matcher(OperationSignals.words(op.path())).find();
        op.parameters().stream().filter(p -> "query".equals(p.in()) && !findsPeople
                        && SELECTOR.matcher(OperationSignals.words(p.name())).find())
                .forEach(p -> names.add("query '" + p.name() + "'" + ("integer".equals(p.type()) ? " (an integer)" : "")));
        // a body's email, user name or file name is the value written (sign-up, new address, upload),
        // its references to other objects (customerId, order_id) select them
        if (!"GET".equals(op.method())) {
            boolean addsPeople = ADDS_PEOPLE.matcher(OperationSignals.words(op.path())).find();
            OperationSignals.writableFields(op).stream()
                    .filter(f -> shallow(f.path())
                            && REFERENCE.matcher(OperationSignals.words(OperationSignals.leaf(f.path()))).find())
                    // figshare's POST .../collaborators {user_id}: whom to invite, someone else by design
                    .filter(f -> !(addsPeople && PERSON_REFERENCE.matcher(
                            OperationSignals.words(OperationSignals.leaf(f.path()))).find()))
                    .filter(f -> !ownIdentifier(f.path()))
                    .filter(f -> !bankDetails(op.requestFields(), f))
                    .forEach(f -> names.add("body '" + f.path() + "'"));
        }
        return names.isEmpty() ? List.of()
                : List.of(op.id() + " selects an object or user by " + OperationSignals.sample(names));
    }

    /**
     * A bank account's number written beside its routing code or its holder's name (Xero's
     * superfund {@code {BSB, AccountNumber, AccountName}}): bank details the body records, not an
     * account of this API that it selects.
     */
    private static boolean bankDetails(List<ApiField> fields, ApiField field) {
        if (!BANK_ACCOUNT_NUMBER.matcher(OperationSignals.words(OperationSignals.leaf(field.path()))).matches()) {
            return false;
        }
        String parent = field.path().substring(0, field.path().lastIndexOf('.') + 1);
        return fields.stream().anyMatch(f -> f != field && f.path().startsWith(parent)
                && f.path().indexOf('.', parent.length()) < 0
                && BANK_ROUTING.matcher(OperationSignals.words(OperationSignals.leaf(f.path()))).matches());
    }

    private static final Pattern BANK_ACCOUNT_NUMBER = Pattern.compile("^(bank_?)?account_?(no|number)$");
    private static final Pattern BANK_ROUTING = Pattern.compile("^(bsb|routing_?(no|number|code)?|sort_?code|iban|bic"
            + "|swift(_?code)?|bank_?(code|name)|branch_?code|transit_?number|account_?(holder_?)?name)$");

    /**
     * A reference at the top of the body or one level down ({@code customerId}, {@code items[].order_id})
     * picks what the operation acts on; deeper ones ({@code enhancedSchemeData.airline.agency.invoiceNumber})
     * are data about it.
     */
    private static boolean shallow(String fieldPath) {
        return fieldPath.chars().filter(c -> c == '.').count() <= 1;
    }

    /**
     * An object's own identifier inside the representation being written: Keycloak's realm with
     * its {@code clients[].clientId}, a {@code client.client_id}. It names the object the body
     * creates, not another one it reaches.
     */
    private static boolean ownIdentifier(String fieldPath) {
        int dot = fieldPath.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String parent = OperationSignals.words(OperationSignals.leaf(fieldPath.substring(0, dot)));
        java.util.regex.Matcher reference = REFERENCE.matcher(OperationSignals.words(OperationSignals.leaf(fieldPath)));
        if (!reference.find()) {
            return false;
        }
        String noun = reference.group(1);
        return parent.equals(noun) || parent.equals(noun + "s");
    }

    /**
     * Finding a person in a directory (Slack's {@code GET /users.lookupByEmail?email=}, a
     * {@code /members/lookup}): another user is what it is for; what it may show of them is the
     * data rules' to judge.
     */
    private static final Pattern FINDS_PEOPLE = Pattern.compile(
            "(^|/)(users?|members?|people|persons?|accounts?|contacts?)[./](lookup|find)(_by_\\w+)?$");

    /** A collection of the people who share an object: adding to it names another person. */
    private static final Pattern ADDS_PEOPLE = Pattern.compile(
            "/(collaborators|members|memberships|invitations|invites|invitees|participants|followers|assignees"
                    + "|reviewers|subscribers|watchers|shares)$");
    private static final Pattern PERSON_REFERENCE = Pattern.compile(
            "^(user|member|account|invitee|collaborator|person|participant|assignee|reviewer)_?(id|ids|uuid)$");

    private static final Pattern SUFFIX = Pattern.compile("[^/]\\{}");
    private static final Pattern SEARCH_SEGMENT = Pattern.compile(
            "/(search\\w*|find|lookup|autocomplete|suggest\\w*)/\\{}$");
    private static final Pattern SEARCH_TERM = Pattern.compile(
            "^(q|query|term|terms|search|search_?term|keywords?|title|name|text|phrase|prefix)$");

    /**
     * {@code /Countries/{IsoCountry}}, {@code /currencies/{currency_code}}: a standard code that
     * names reference data (prices per country, a currency), which belongs to no one; so does the
     * code of an attribute's definition ({@code /products/attributes/{attributeCode}}: the
     * catalogue's schema, such as {@code color}).
     */
    private static boolean referenceCode(ApiParameter p) {
        return p.format() != null && REFERENCE_FORMAT.matcher(p.format()).find()
                || REFERENCE_CODE.matcher(OperationSignals.words(p.name())).find();
    }

    private static final Pattern REFERENCE_FORMAT = Pattern.compile(
            "^(iso[-_]?)?(country|currency|language|locale|lang)([-_]?code)?$|^iso[-_]?\\d{3,4}");
    private static final Pattern REFERENCE_CODE = Pattern.compile(
            "^(iso_?(country|currency|language)|(country|currency|language|locale|lang|time_?zone)(_?(code|iso|iso_?code))?"
                    + "|attribute_?code)$");

    private static final java.util.regex.Pattern FORMAT_SUFFIX = java.util.regex.Pattern.compile(
            "(^|_)(format|content_?type|ext|extension|type)$");

    /** {@code /taxonomy.{content_type}}, {@code /Accounts{mediaTypeExtension}}: .json or .xml, no object and no payload. */
    static boolean formatSuffix(ApiOperation op, ApiParameter p) {
        return "path".equals(p.in()) && SUFFIX.matcher(op.path()).find()
                && FORMAT_SUFFIX.matcher(OperationSignals.words(p.name())).find();
    }

    private static List<String> sequentialId(ApiSurface surface, ApiOperation op) {
        return op.parameters().stream()
                .filter(p -> "path".equals(p.in()) && "integer".equals(p.type())
                        && ID_NAME.matcher(OperationSignals.words(p.name())).find())
                .map(p -> "path parameter '" + p.name() + "' is an integer identifier")
                .toList();
    }

    private static List<String> adminPath(ApiSurface surface, ApiOperation op) {
        if (ADMIN.matcher(op.path().toLowerCase(java.util.Locale.ROOT)).find()) {
            return List.of(op.id() + " is an administrative, internal or debug function");
        }
        return op.extensions().entrySet().stream()
                .filter(e -> ADMIN_ONLY.matcher(OperationSignals.words(e.getKey())).find()
                        && "true".equalsIgnoreCase(e.getValue().trim()))
                .map(e -> op.id() + " is for administrators only (" + e.getKey() + ": true)")
                .limit(1).toList();
    }

    /** {@code x-box-requires-admin: true}, {@code x-admin-only: true}. */
    private static final Pattern ADMIN_ONLY = Pattern.compile("(^|_)(requires_admin|admin_only|admin_required)$");

    private static List<String> writeSameAsRead(ApiSurface surface, ApiOperation op) {
        if (!OperationSignals.writes(op) || !op.requiresAuthentication()) {
            return List.of();
        }
        boolean withoutScopes = op.security().stream()
                .allMatch(r -> r.schemes().values().stream().allMatch(List::isEmpty));
        // API keys, basic or scope-less tokens, or one scope on every secured operation (Azure's
        // user_impersonation, figshare's "all" next to public reads): every write is protected like every
        // read, which tells nothing (API5-WRITE-WITHOUT-SCOPES reports a scope-less OAuth write)
        if (withoutScopes || surface.operations().stream().filter(ApiOperation::requiresAuthentication)
                .map(ApiOperation::security).distinct().count() <= 1) {
            return List.of();
        }
        // the weakest alternative decides: any caller may take it
        for (var requirement : op.security()) {
            List<String> scopes = requirement.schemes().entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(scope -> e.getKey() + ":" + scope)).toList();
            if (Scopes.onlyRead(requirement.schemes().values().stream().flatMap(List::stream).toList())) {
                return List.of(op.id() + " writes, yet a token with only the read scope(s) " + scopes + " may call it");
            }
        }
        return surface.operations().stream()
                .filter(read -> "GET".equals(read.method()) && read.path().equals(op.path())
                        && read.security().equals(op.security()))
                .map(read -> op.id() + " requires the same security as " + read.id() + ": " + op.security().stream()
                        .map(r -> r.schemes().toString()).toList())
                .toList();
    }

    private static List<String> writeWithoutScopes(ApiSurface surface, ApiOperation op) {
        if (!OperationSignals.writes(op) || !op.requiresAuthentication()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        op.security().forEach(requirement -> {
            for (Map.Entry<String, List<String>> entry : requirement.schemes().entrySet()) {
                SecurityScheme scheme = surface.securitySchemes().get(entry.getKey());
                if (scheme != null && ("oauth2".equals(scheme.type()) || "openIdConnect".equals(scheme.type()))
                        && entry.getValue().isEmpty()) {
                    found.add(op.id() + " accepts any '" + entry.getKey() + "' token: no scope required");
                }
            }
        });
        return found;
    }
}
