package io.threatloop.analysis.threats;

import io.threatloop.analysis.data.SensitiveData;
import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API3:2023 Broken Object Property Level Authorization and sensitive data exposure: which
 * properties a client may set, and which sensitive ones the API returns or takes in URLs.
 */
final class PropertyRules {

    private static final Pattern ACCOUNT_TYPE = Pattern.compile("account_?type");
    private static final Pattern SCOPES = Pattern.compile("scopes?");

    static final RuleDefinition MASS_ASSIGNMENT = new RuleDefinition(
            "API3-MASS-ASSIGNMENT", "Privileged property writable by the client", "API3:2023", "Elevation of Privilege",
            "CWE-915",
            "The request body lets the client set properties that should only be set by the server or an"
                    + " administrator (roles, ownership, balances, approval); binding the body to the object grants them.",
            List.of("Bind requests to an explicit allow-list of client-writable properties (a dedicated input schema)",
                    "Mark server-owned properties readOnly and reject requests that set them"),
            new RiskFactors(5, 7, 6, 6, 6, 6, 6, 7, 5, 8, 2, 6, 6, 6, 5, 4));

    static final RuleDefinition OPEN_REQUEST_OBJECT = new RuleDefinition(
            "API3-OPEN-REQUEST-OBJECT", "Request object accepts undeclared properties", "API3:2023", "Tampering",
            "CWE-915",
            "An object in the request body allows properties the schema does not declare (additionalProperties: true,"
                    + " or no additionalProperties: false, which JSON Schema reads as allowed), so the server may bind"
                    + " fields the API never meant to accept (mass assignment of undocumented fields).",
            List.of("Declare every property and set additionalProperties: false",
                    "Validate request bodies strictly against the schema at the gateway or in the service"),
            new RiskFactors(5, 5, 5, 5, 5, 5, 5, 7, 4, 6, 3, 4, 4, 4, 4, 3));

    static final RuleDefinition SECRET_IN_RESPONSE = new RuleDefinition(
            "DATA-SECRET-IN-RESPONSE", "Credential or secret in a response", "API3:2023", "Information Disclosure",
            "CWE-200",
            "The response returns passwords, secrets or tokens; whoever can call the operation (or read its logs and"
                    + " caches) obtains credentials (excessive data exposure).",
            List.of("Never return passwords or secrets; return only what the client needs (response allow-list)",
                    "Show a secret once at creation, then only a hint"),
            new RiskFactors(5, 8, 6, 6, 6, 7, 7, 7, 8, 6, 2, 6, 6, 7, 7, 6));

    static final RuleDefinition PII_IN_RESPONSE = new RuleDefinition(
            "DATA-PII-IN-RESPONSE", "Personal data in a response", "API3:2023", "Information Disclosure", "CWE-359",
            "The response returns personal data; without property-level authorization and data minimisation, callers"
                    + " see more personal data than they need (privacy, GDPR).",
            List.of("Return only the personal data the caller needs; mask or omit the rest",
                    "Check which caller may see which property; log access to personal data"),
            new RiskFactors(4, 6, 5, 6, 6, 5, 6, 7, 6, 2, 1, 4, 4, 6, 7, 7));

    static final RuleDefinition CREDENTIALS_IN_PARAMETER = new RuleDefinition(
            "DATA-CREDENTIALS-IN-PARAMETER", "Password or secret in the URL", "API2:2023", "Information Disclosure",
            "CWE-598",
            "A password or secret passed as a query or path parameter is written to access logs, proxies and browser"
                    + " history.",
            List.of("Send credentials only in the request body or the Authorization header, over TLS"),
            new RiskFactors(4, 6, 5, 6, 6, 6, 6, 8, 7, 5, 1, 6, 4, 5, 5, 5));

    private static final Pattern PRIVILEGED = Pattern.compile(
            "^(is_?)?(admin|administrator|superuser|staff)$|(^|_)roles?(_|$)|^permissions?$|^privileges?$"
                    + "|^scopes?$|^owner(_?id)?$|^balance$|^credits?$|^verified$|^is_?verified$|^approved$"
                    + "|^account_?(type|level|status)$|^tier$|^plan$|^price$|^discount$|^quota$|^group_?ids?$"
                    // internal or processing properties: what the server decides, not the client
                    + "|(^|_)internal(_|$)|_params$|(^|_)commands?$|^approved(_?(by|at))?$|^approver$");
    /** On an order, payment or invoice, its status is the server's to move (paid, shipped, refunded). */
    private static final Pattern STATUS = Pattern.compile("^(status|state|payment_?status|order_?status)$");
    private static final Pattern BUSINESS_OBJECT = Pattern.compile(
            "(^|/)(orders?|payments?|invoices?|transactions?|refunds?|subscriptions?)(/|$)");
    private static final Set<String> SECRETS = Set.of("credentials", "token");
    /** A role held by someone a record describes, not by a user of the API. */
    private static final Pattern PERSON_DESCRIBED = Pattern.compile(
            "(^|[._])(practitioners?|clinicians?|physicians?|doctors?|contacts?|participants?|attendees?|authors?)"
                    + "(\\[])?\\.roles?(_?name)?$");
    private static final Pattern REFERENCE = Pattern.compile("_(sid|id|ids|uuid|ref|requirements?)$");

    private PropertyRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OperationRule(MASS_ASSIGNMENT, PropertyRules::massAssignment),
                new OperationRule(OPEN_REQUEST_OBJECT, PropertyRules::openRequestObject),
                new OperationRule(SECRET_IN_RESPONSE, (s, op) -> sensitiveResponseFields(op, true)),
                new OperationRule(PII_IN_RESPONSE, (s, op) -> sensitiveResponseFields(op, false)),
                new OperationRule(CREDENTIALS_IN_PARAMETER, PropertyRules::credentialsInParameter));
    }

    private static List<String> massAssignment(ApiSurface surface, ApiOperation op) {
        // a sign-in checks the credentials it is sent (Pixi's login takes the whole user): it assigns nothing
        // a DELETE's body names what to remove (Keycloak's role mappings): it assigns nothing
        if (!OperationSignals.writes(op) || OperationSignals.authenticationFlow(op) || "DELETE".equals(op.method())) {
            return List.of();
        }
        boolean tokenEndpoint = tokenEndpoint(op);
        List<String> fields = OperationSignals.writableFields(op).stream()
                .map(ApiField::path)
                // JSON:API's data.relationships.plan links another object (Twine's care plan): a reference, no property
                .filter(path -> !path.contains("relationships."))
                // patientview's practitioners[].role (a surgeon, a GP): the part a described person plays
                .filter(path -> !PERSON_DESCRIBED.matcher(OperationSignals.words(path)).find())
                // Rebilly's PUT /bank-accounts/{id} {accountType}: checking or savings, not the user's tier
                .filter(path -> !(FINANCIAL_ACCOUNT.matcher(OperationSignals.words(op.path())).find()
                        && ACCOUNT_TYPE.matcher(OperationSignals.words(OperationSignals.leaf(path))).matches()))
                .filter(path -> PRIVILEGED.matcher(OperationSignals.words(OperationSignals.leaf(path))).find()
                        || (STATUS.matcher(OperationSignals.words(OperationSignals.leaf(path))).find()
                        && BUSINESS_OBJECT.matcher(OperationSignals.words(op.path())).find() && ownStatus(path)))
                // a client asks an OAuth token endpoint for scopes: that is the protocol, not an assignment
                .filter(path -> !(tokenEndpoint && SCOPES.matcher(OperationSignals.words(OperationSignals.leaf(path))).matches()))
                .toList();
        return fields.isEmpty() ? List.of()
                : List.of("request body lets the client set " + OperationSignals.sample(fields));
    }

    /**
     * The status of the object the path writes ({@code Status}, {@code Invoices[].Status}), not of one
     * nested in it: Xero's invoice body repeats its contact's groups and its payments' credit notes,
     * whose {@code Status} the invoice does not set.
     */
    private static boolean ownStatus(String path) {
        return path.replace("[]", "").chars().filter(c -> c == '.').count() <= 1;
    }

    private static List<String> openRequestObject(ApiSurface surface, ApiOperation op) {
        // signing in or checking a token creates and updates no object an extra property could reach
        if (!OperationSignals.writes(op) || OperationSignals.authenticationFlow(op) || "DELETE".equals(op.method())) {
            return List.of();
        }
        List<String> evidence = new java.util.ArrayList<>();
        List<String> open = op.requestFields().stream().filter(ApiField::openObject)
                .filter(f -> !keyValueStore(op, f)).map(PropertyRules::name).toList();
        if (!open.isEmpty()) {
            evidence.add("undeclared properties accepted (additionalProperties) in " + OperationSignals.sample(open));
        }
        List<String> unclosed = op.requestFields().stream()
                .filter(f -> "object".equals(f.type()) && !f.openObject() && !f.closed() && !f.readOnly())
                .map(PropertyRules::name).toList();
        if (!unclosed.isEmpty()) {
            evidence.add("undeclared properties not forbidden (no additionalProperties: false) in "
                    + OperationSignals.sample(unclosed) + ": a client can send fields the API does not document");
        }
        return evidence;
    }

    /**
     * Metadata, labels, tags: a map whose keys are the client's to choose by design (Box's
     * {@code POST /folders/{id}/metadata/{scope}/{template}}), stored as data, no property of the
     * object. The body is one when the operation's resource is, a field when its name says so.
     */
    private static boolean keyValueStore(ApiOperation op, ApiField field) {
        String name = "$".equals(field.path()) ? lastLiteralSegment(op.path()) : OperationSignals.leaf(field.path());
        return KEY_VALUE_STORE.matcher(OperationSignals.words(name)).find();
    }

    private static String lastLiteralSegment(String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!segments[i].isEmpty() && !segments[i].contains("{")) {
                return segments[i];
            }
        }
        return "";
    }

    private static final Pattern KEY_VALUE_STORE = Pattern.compile(
            "^(metadata|meta_?data|user_?metadata|app_?metadata|labels|annotations|tags|custom_?(fields|attributes|data))$");
    private static final Pattern FINANCIAL_ACCOUNT = Pattern.compile(
            "(^|/)(bank_?accounts?|payment_?(instruments?|methods?|cards?)|cards?)(/|$)");

    /**
     * A school's, a company's or a store's address, phone or e-mail (schooldigger's
     * {@code schoolList[].address.city}): an organisation's contact details, no person's.
     */
    private static boolean organisationContact(ApiOperation op, ApiField field) {
        // the category first: it is known per name, and few fields are contact details
        if (SensitiveData.categoryOf(field.path(), field.format()).filter(CONTACT_DETAILS::contains).isEmpty()) {
            return false;
        }
        String words = OperationSignals.words(field.path().replace("[]", ""));
        return ORGANISATION_FIELD.matcher(words).find() || HEAD_OFFICE.matcher(words).find()
                || OWN_DETAILS.matcher(words).matches()
                && ORGANISATION.matcher(OperationSignals.words(lastLiteralSegment(op.path()))).matches();
    }

    private static final String ORGANISATIONS = "(schools?|compan(y|ies)|business(es)?|organi[sz]ations?|stores?|shops?"
            + "|venues?|offices?|branch(es)?|merchants?|hotels?|restaurants?|facilit(y|ies)|institutions?|agenc(y|ies)"
            + "|vendors?|suppliers?|banks?|hospitals?|clinics?|pharmac(y|ies)|libraries|library|museums?|districts?"
            + "|atms?|stations?|stops?)";
    private static final Pattern ORGANISATION = Pattern.compile(ORGANISATIONS);
    /** The organisation is the field's parent, or its address's: {@code school_list.address.city}, {@code company.phone}. */
    private static final Pattern ORGANISATION_FIELD = Pattern.compile(
            "(^|\\.)" + ORGANISATIONS + "(_(list|info|details|data))?\\.(address\\.)?[a-z0-9_]+$");
    /** A head office's address or phone (Owler's {@code hq_address.phone}): a company's, no person's. */
    private static final Pattern HEAD_OFFICE = Pattern.compile(
            "(^|\\.)(hq|headquarters?|head_?office|registered_?office)(_?address)?\\.[a-z0-9_]+$");
    /**
     * A field of the listed organisations themselves: at the top, under a response envelope
     * ({@code data[]}), or in their address or location object (Open Banking's
     * {@code data[].Address.StreetName}, {@code data[].GeographicLocation.Latitude} on {@code GET /atms}).
     */
    private static final Pattern OWN_DETAILS = Pattern.compile(
            "((data|items|results|records|value|list)\\.)?((address|postal_address|geographic_location|geo_?location"
                    + "|location|coordinates|position|contact_?(info|details)?)\\.)?[a-z0-9_]+");
    private static final Set<String> CONTACT_DETAILS = Set.of("postal-address", "phone", "e-mail", "location");

    private static String name(ApiField field) {
        return "$".equals(field.path()) ? "the body" : field.path();
    }

    /** An OAuth 2.0 token endpoint or a sign-in: issuing a token is what it is for. */
    private static boolean tokenEndpoint(ApiOperation op) {
        return "POST".equals(op.method()) && TOKEN_ENDPOINT.matcher(OperationSignals.words(op.path())).find();
    }

    private static String singular(String name) {
        return name.endsWith("s") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    private static final Pattern TOKEN_ENDPOINT = Pattern.compile(
            "(^|/)(token|([a-z]+_)*access_?token|oauth2?/token|login|log_?in|sign_?in|signin|authenticate|refresh)$");

    private static List<String> sensitiveResponseFields(ApiOperation op, boolean secrets) {
        boolean issuesTokens = secrets && tokenEndpoint(op);
        // a write that answers with what the caller just sent discloses nothing new to them
        java.util.Set<String> echoed = secrets || !OperationSignals.writes(op) ? java.util.Set.of()
                : op.requestFields().stream().map(f -> singular(OperationSignals.leaf(f.path())))
                .collect(java.util.stream.Collectors.toSet());
        List<String> found = op.responseFields().stream()
                .filter(f -> !f.writeOnly())
                // uebermaps' invitation takes emails and answers with the email invited
                .filter(f -> !echoed.contains(singular(OperationSignals.leaf(f.path()))))
                .filter(f -> !(issuesTokens && SensitiveData.categoryOf(f.path(), f.format())
                        .filter("token"::equals).isPresent()))
                // counts and flags named after tokens (max_tokens, token_count) hold no secret, and a flag,
                // a number, an enum or a reference (address_sid, capabilities.fax) holds no personal data
                .filter(f -> "string".equals(f.type()) || f.type() == null || (!secrets && "array".equals(f.type())))
                .filter(f -> secrets || !organisationContact(op, f))
                .filter(f -> secrets || !f.enumerated() && !REFERENCE.matcher(OperationSignals.words(
                        OperationSignals.leaf(f.path()))).find())
                .filter(f -> SensitiveData.categoryOf(f, op.responseFields())
                        .map(category -> secrets == SECRETS.contains(category)).orElse(false))
                .map(f -> f.path() + " (" + SensitiveData.categoryOf(f.path(), f.format()).orElseThrow() + ")")
                .toList();
        return found.isEmpty() ? List.of() : List.of("response returns " + OperationSignals.sample(found));
    }

    private static List<String> credentialsInParameter(ApiSurface surface, ApiOperation op) {
        return OperationSignals.urlParameters(op).stream()
                .filter(p -> SensitiveData.categoryOf(p.name(), p.format()).equals(Optional.of("credentials")))
                .map(p -> p.in() + " parameter '" + p.name() + "' carries a password or secret")
                .toList();
    }
}
