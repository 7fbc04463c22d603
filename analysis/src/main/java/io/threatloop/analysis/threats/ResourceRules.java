package io.threatloop.analysis.threats;

import io.threatloop.analysis.data.SensitiveData;
import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiField;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiParameter;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * API4:2023 Unrestricted Resource Consumption and the parameter attacks behind it (unbounded
 * strings, numbers, arrays, page sizes, values without a pattern), and API6:2023 sensitive
 * business flows without limits.
 */
final class ResourceRules {

    static final RuleDefinition NO_RATE_LIMIT = new RuleDefinition(
            "API4-NO-RATE-LIMIT", "No rate limit declared", "API4:2023", "Denial of Service", "CWE-770",
            "Nothing in the API description (429 responses, rate-limit headers, rate-limit extensions) says requests"
                    + " are limited; clients and attackers can exhaust capacity or run up costs.",
            List.of("Rate-limit per client and per operation at the gateway; answer 429 with Retry-After",
                    "Document the limits (RateLimit headers) so clients can back off"),
            new RiskFactors(4, 5, 7, 6, 7, 7, 6, 6, 1, 1, 7, 3, 5, 5, 2, 1));

    static final RuleDefinition UNBOUNDED_STRING = new RuleDefinition(
            "API4-UNBOUNDED-STRING", "String input without a maximum length", "API4:2023", "Denial of Service",
            "CWE-770",
            "A string input without maxLength (or enum) lets a client send values of any size: memory and CPU cost,"
                    + " oversized rows, and regular expressions that backtrack on long input (ReDoS).",
            List.of("Set maxLength on every string input and validate it at the gateway or in the service"),
            new RiskFactors(4, 4, 6, 5, 6, 6, 5, 6, 1, 2, 6, 2, 3, 3, 1, 1));

    static final RuleDefinition UNBOUNDED_NUMBER = new RuleDefinition(
            "API4-UNBOUNDED-NUMBER", "Number input without a maximum", "API4:2023", "Denial of Service", "CWE-1284",
            "A numeric input without maximum (or enum) accepts any quantity: huge amounts, loop counts and"
                    + " allocation sizes.",
            List.of("Set minimum and maximum on every numeric input and validate them"),
            new RiskFactors(4, 4, 6, 5, 6, 6, 5, 6, 1, 4, 5, 2, 4, 3, 1, 1));

    static final RuleDefinition UNBOUNDED_ARRAY = new RuleDefinition(
            "API4-UNBOUNDED-ARRAY", "Array input without a maximum number of items", "API4:2023", "Denial of Service",
            "CWE-770",
            "An array input without maxItems lets one request carry any number of elements (batch abuse, memory).",
            List.of("Set maxItems on every array input and validate it"),
            new RiskFactors(4, 4, 6, 5, 6, 6, 5, 6, 1, 2, 6, 2, 3, 3, 1, 1));

    static final RuleDefinition UNBOUNDED_PAGE_SIZE = new RuleDefinition(
            "API4-UNBOUNDED-PAGE-SIZE", "Page size without a maximum", "API4:2023", "Denial of Service", "CWE-770",
            "A page-size parameter without maximum lets a client ask for every record at once: slow queries, large"
                    + " responses and bulk data extraction.",
            List.of("Give page-size parameters a maximum (e.g. 100) and enforce it on the server"),
            new RiskFactors(4, 5, 7, 6, 7, 7, 6, 6, 4, 1, 6, 2, 4, 4, 3, 3));

    static final RuleDefinition NO_PATTERN = new RuleDefinition(
            "PARAM-NO-PATTERN", "String parameter without a format, pattern or enum", "API4:2023", "Tampering",
            "CWE-20",
            "A string parameter the API passes on with no format, pattern or enum reaches queries, commands and"
                    + " templates unchecked (injection); the description cannot drive strict validation.",
            List.of("Give every string parameter a format, pattern or enum, and validate requests against the schema",
                    "Use parameterized queries and encode output regardless"),
            new RiskFactors(5, 5, 6, 5, 5, 5, 5, 6, 5, 5, 3, 3, 3, 3, 2, 2));

    static final RuleDefinition BUSINESS_FLOW = new RuleDefinition(
            "API6-SENSITIVE-FLOW-WITHOUT-LIMIT", "Sensitive business flow without a limit", "API6:2023",
            "Denial of Service", "CWE-799",
            "The operation runs a business flow attackers automate (sign-ups, purchases, transfers, bookings,"
                    + " vouchers, reviews) and declares no limit; bots can abuse it at scale.",
            List.of("Limit the flow per account, device and client (rate limits, quotas, challenges)",
                    "Detect automation (fingerprinting, behaviour) on flows that matter to the business"),
            new RiskFactors(5, 7, 6, 7, 6, 6, 5, 7, 2, 4, 4, 4, 6, 6, 3, 2));

    static final RuleDefinition CLIENT_IP_HEADER = new RuleDefinition(
            "API4-CLIENT-ADDRESS-FROM-HEADER", "Client address read from a header the client writes", "API4:2023",
            "Spoofing", "CWE-348",
            "The operation takes a forwarding header (X-Forwarded-For, X-Real-IP, Forwarded) as a parameter: any"
                    + " client can write it, so rate limits, lockouts and IP allow-lists keyed on it are bypassed by"
                    + " sending a new address with each request.",
            List.of("Take the client address from the connection, or from the forwarding header only as your own"
                            + " proxy sets it (drop what clients send at the edge)",
                    "Key rate limits and lockouts on the account and the client credential, not on an address"),
            new RiskFactors(5, 6, 7, 6, 6, 6, 6, 7, 3, 2, 6, 3, 5, 5, 3, 2));

    static final RuleDefinition QUANTITY_WITHOUT_MINIMUM = new RuleDefinition(
            "API6-QUANTITY-WITHOUT-MINIMUM", "Business quantity without a lower bound", "API6:2023", "Tampering",
            "CWE-1284",
            "A quantity, amount or price the client writes has no minimum (or a negative one): a negative quantity"
                    + " in an order or a return raises a balance, a zero price buys for free, and the business flow"
                    + " pays out what it should charge.",
            List.of("Give every business quantity its lower bound (minimum: 1 for quantities, exclusiveMinimum: 0"
                            + " for amounts) and validate it in the service, not only at the gateway",
                    "Compute prices and totals on the server from its own catalogue; never take them from the client"),
            new RiskFactors(5, 6, 5, 6, 5, 5, 5, 6, 2, 6, 2, 3, 7, 5, 3, 2));

    private static final Pattern BUSINESS_QUANTITY = Pattern.compile(
            "(^|_)(quantity|quantities|qty|amount|count|price|unit_?price|total|points|units|discount|fee|tip)$");

    /** A cursor the server issued and reads back (a string {@code page} is one): opaque, never parsed as a payload. */
    private static final Pattern PAGE_TOKEN = Pattern.compile(
            "^(page|page_?token|next_?token|next_?page_?token|cursor|page_?cursor|continuation(_?token)?|starting_?after"
                    + "|ending_?before|marker|next_?marker|starting_?token)$");

    private static final Pattern FORWARDING = Pattern.compile(
            "^(x_forwarded_for|x_real_ip|x_client_ip|x_originating_ip|x_remote_addr|x_remote_ip|true_client_ip"
                    + "|cf_connecting_ip|forwarded|x_cluster_client_ip)$");

    private static final Set<String> BOUNDED_FORMATS = Set.of("uuid", "date", "date-time", "time", "ipv4", "ipv6",
            "int32", "int64", "byte");
    private static final Pattern IDENTIFIER = Pattern.compile("(^|_)(dev)?ids?$"); // PTV's devid too
    private static final Pattern PAGE_SIZE = Pattern.compile(
            "^(limit|size|page_?size|per_?page|rpp|results_?per_?page|count|max_?results|max|top|first|last|take"
                    + "|batch_?size)$");
    private static final Pattern FLOW = Pattern.compile(
            "(^|/)(register|registration|signup|sign_?up|checkout|purchase|purchases|orders?|payments?|transfers?|"
                    + "reservations?|bookings?|votes?|reviews?|comments?|coupons?|vouchers?|redeem|invite|invites|"
                    + "invitations?|tickets?|referrals?|gift_?cards?|otp|reset_?password|password_?reset|withdraw"
                    + "|withdrawals?|refunds?|ratings?|likes?)(/|$)");

    private ResourceRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new SurfaceRule(NO_RATE_LIMIT, ResourceRules::noRateLimit),
                new OperationRule(UNBOUNDED_STRING, (s, op) -> removes(op) ? List.of() : inputs(op, "string",
                        p -> stringUnbounded(p) && carriesPayload(s, op, p), f -> stringUnbounded(f) && carriesPayload(op, f),
                        "no maxLength")),
                new OperationRule(UNBOUNDED_NUMBER, (s, op) -> numericInputs(op)),
                new OperationRule(UNBOUNDED_ARRAY, (s, op) -> inputs(op, "array", p -> !p.bounded() && !projection(p)
                                // TfL's /Line/Mode/{modes}/Status: a URL's length bounds a path list, as it does a path id
                                && !"path".equals(p.in()) && !"header".equals(p.in()),
                        f -> f.maxItems() == null, "no maxItems")),
                new OperationRule(UNBOUNDED_PAGE_SIZE, ResourceRules::unboundedPageSize),
                new OperationRule(NO_PATTERN, ResourceRules::noPattern),
                new OperationRule(BUSINESS_FLOW, ResourceRules::businessFlow),
                new OperationRule(QUANTITY_WITHOUT_MINIMUM, ResourceRules::quantityWithoutMinimum),
                new OperationRule(CLIENT_IP_HEADER, (s, op) -> op.parameters().stream()
                        .filter(p -> "header".equals(p.in()) && FORWARDING.matcher(OperationSignals.words(p.name())).find())
                        .map(p -> op.id() + " reads header '" + p.name() + "', which the client sets").toList()));
    }

    /** One finding for the API when nothing declares a limit; else the operations that lack one. */
    private static Map<String, List<String>> noRateLimit(ApiSurface surface) {
        List<ApiOperation> without = surface.operations().stream()
                .filter(op -> !OperationSignals.declaresRateLimit(op)).toList();
        Map<String, List<String>> found = new TreeMap<>();
        if (without.isEmpty()) {
            return found;
        }
        if (without.size() == surface.operations().size()) {
            found.put(AuthenticationRules.API, List.of("none of the " + without.size() + " operations declares a 429 response,"
                    + " a rate-limit header or a rate-limit extension"));
        } else {
            without.forEach(op -> found.put(op.id(), List.of(op.id() + " declares no rate limit while other"
                    + " operations of the API do")));
        }
        return found;
    }

    private static boolean boundedFormat(String format) {
        return format != null && BOUNDED_FORMATS.contains(format);
    }

    /**
     * An RPC that removes something: what it takes names what to remove (Slack's
     * {@code POST /reactions.remove} with {@code channel}, {@code file}, {@code name}), nothing is
     * stored. A REST {@code DELETE} may store what it is sent (GitLab's {@code commit_message}).
     */
    private static boolean removes(ApiOperation op) {
        return REMOVE.matcher(op.path()).find();
    }

    private static final Pattern REMOVE = Pattern.compile("[./](remove|delete|unset|revoke)$");

    private static boolean stringUnbounded(ApiParameter p) {
        return p.maxLength() == null && p.enumValues().isEmpty() && !boundedFormat(p.format());
    }

    /**
     * Whether a parameter carries a client's payload, so that its length is the API's to bound:
     * headers are bounded by every server and proxy (Authorization, Cookie and the rest), a path
     * id and the declared security scheme's own key are looked up, never stored or parsed.
     */
    private static boolean carriesPayload(ApiSurface surface, ApiOperation op, ApiParameter p) {
        if ("header".equals(p.in()) || "path".equals(p.in())) { // servers bound URL and header lengths
            return false;
        }
        // a read's query values filter by equality (Callfire's city, Twilio's FriendlyName, flat.io's
        // parent): compared, never stored; search text is what a server parses and matches
        if ("query".equals(p.in()) && ("GET".equals(op.method()) || "HEAD".equals(op.method()))
                && !SEARCH_TEXT.matcher(OperationSignals.words(p.name())).find()) {
            return false;
        }
        if (PAGE_TOKEN.matcher(OperationSignals.words(p.name())).find() || OperationSignals.isCredentialName(p.name())
                || identifier(p.name()) || lookupCode(p.name())) { // an id in the query is looked up, like one in the path
            return false;
        }
        if (FLAG.matcher(OperationSignals.words(p.name())).find() || projection(p)) { // exclude_archived=1, fields=a,b
            return false;
        }
        return !schemeKey(surface, p) && !lookedUp(p.name());
    }

    /** What a read's query parameter holds when it is text to search or an expression to evaluate. */
    private static final Pattern SEARCH_TEXT = Pattern.compile(
            "^(q|query|search|search_?(term|text|query|string|phrase)|text|full_?text|keywords?|terms?|phrase"
                    + "|filter|where|expression|expr|name|description|title|comment|message|body|content)$");

    /**
     * A body field carries a payload unless it only names something to look up or check, or is asked
     * by a read as its query values are (only search text counts there): an
     * identifier ({@code team_id}, Adyen's {@code accountHolderCode}), a token its issuer checks
     * (Slack's form {@code token}), a point in time. A password does: hashing a long one is the cost.
     */
    private static boolean carriesPayload(ApiOperation op, ApiField f) {
        String name = OperationSignals.leaf(f.path());
        // a read's body (Google's GET .../timeseriesDescriptors with its request's kind) asks like its query
        if (("GET".equals(op.method()) || "HEAD".equals(op.method()))
                && !SEARCH_TEXT.matcher(OperationSignals.words(name)).find()) {
            return false;
        }
        return !identifier(name) && !lookupCode(name) && !timePoint(name) && !ipAddress(name) && !choiceOrKey(name)
                && !TOGGLED.matcher(OperationSignals.words(name)).find()
                && !SensitiveData.categoryOf(name, f.format()).filter("token"::equals).isPresent();
    }

    /** Square's {@code taxes_to_enable[]}: the existing objects to switch on or off, named by id. */
    private static final Pattern TOGGLED = Pattern.compile("_to_(enable|disable|add|remove|delete|attach|detach)$");

    /**
     * A mode picked from the server's own set (OSIsoft's {@code bufferOption}, a {@code mode})
     * or a key the server compares to the ones it saw (Twilio's {@code IdempotencyKey}): matched,
     * never stored or parsed as sent, whether or not the spec lists the choices.
     */
    private static boolean choiceOrKey(String name) {
        return CHOICE_OR_KEY.matcher(OperationSignals.words(name)).find();
    }

    private static final Pattern CHOICE_OR_KEY = Pattern.compile("(^|_)(option|mode|idempotency_key)$");

    /**
     * Query values that are looked up or parsed into a fixed form, never stored as given: a point
     * in time, a user name to find ({@code ?username=}), Google's {@code quotaUser} and {@code userIp},
     * the version to serve (Azure's {@code api-version}), a {@code user_agent} sent as a query
     * value where a browser cannot set the header (EVE's ESI), a status or type to filter by (Adyen's
     * {@code ?status=}: matched against the API's own states), the bounds of a range and the site to
     * serve (Stack Exchange's {@code min}, {@code max}, {@code site}), a JSONP {@code callback}'s name.
     */
    private static boolean lookedUp(String name) {
        return timePoint(name) || ipAddress(name) || choiceOrKey(name)
                || LOOKED_UP.matcher(OperationSignals.words(name)).find();
    }

    private static final Pattern LOOKED_UP = Pattern.compile(
            "^(user_?name|login|quota_?user|user_?agent)$|(^|_)version$|^(status|state|type|kind)$"
                    + "|^(min|max|site|callback|jsonp)$");

    /** An IP address (Google's {@code userIp}, SendGrid's {@code ip}): parsed into a fixed form. */
    private static boolean ipAddress(String name) {
        return IP_ADDRESS.matcher(OperationSignals.words(name)).find();
    }

    private static final Pattern IP_ADDRESS = Pattern.compile("(^|_)ip(_?address)?$");

    /**
     * A code that names something kept elsewhere ({@code accountHolderCode}, {@code currency_code},
     * {@code promo_code}): looked up, never stored as sent. Source code and markup are payloads.
     */
    private static boolean lookupCode(String name) {
        String words = OperationSignals.words(name);
        return LOOKUP_CODE.matcher(words).find() && !CODE_PAYLOAD.matcher(words).find();
    }

    private static final Pattern LOOKUP_CODE = Pattern.compile("[a-z0-9]_code$");
    private static final Pattern CODE_PAYLOAD = Pattern.compile("(^|_)(source|html|script|program|snippet|embed)_code$");

    /** The declared API-key scheme's own parameter. */
    private static boolean schemeKey(ApiSurface surface, ApiParameter p) {
        return surface.securitySchemes().values().stream().anyMatch(scheme -> "apiKey".equals(scheme.type())
                && p.name().equalsIgnoreCase(scheme.name()) && p.in().equals(scheme.in()));
    }

    private static boolean stringUnbounded(ApiField f) {
        return f.maxLength() == null && !f.enumerated() && !boundedFormat(f.format());
    }

    /** Parameters and client-writable request fields of {@code type} that {@code unbounded} says are. */
    private static List<String> inputs(ApiOperation op, String type,
                                       java.util.function.Predicate<ApiParameter> unboundedParameter,
                                       java.util.function.Predicate<ApiField> unboundedField, String what) {
        List<String> names = new ArrayList<>();
        op.parameters().stream().filter(p -> type.equals(p.type()) && unboundedParameter.test(p))
                .forEach(p -> names.add(p.in() + " '" + p.name() + "'"));
        OperationSignals.writableFields(op).stream().filter(f -> type.equals(f.type()) && unboundedField.test(f))
                .forEach(f -> names.add("body '" + f.path() + "'"));
        return names.isEmpty() ? List.of() : List.of(what + ": " + OperationSignals.sample(names));
    }

    private static List<String> numericInputs(ApiOperation op) {
        List<String> found = new ArrayList<>();
        if (OperationSignals.authenticationFlow(op)) { // a sign-in checks what it is sent (Pixi's whole user), stores none
            return found;
        }
        for (String type : List.of("integer", "number")) {
            found.addAll(inputs(op, type, p -> p.maximum() == null && p.enumValues().isEmpty() && !"path".equals(p.in())
                            && !"header".equals(p.in())
                            && quantity(p.name()) && !pageSize(p) && !namesPathResource(op, p),
                    f -> f.maximum() == null && !f.enumerated() && quantity(OperationSignals.leaf(f.path())),
                    "no maximum (" + type + ")"));
        }
        return found;
    }

    /**
     * Numbers that are no quantities allocate nothing however large: identifiers, a page index
     * or read position, coordinates, a point in time (a Unix {@code fromdate}, {@code start_time},
     * {@code created_at}: a wide range is paged like any other). A page size is one, reported by
     * its own rule; a duration ({@code timeout_ms}, {@code wait_time}) is one too.
     */
    private static boolean quantity(String name) {
        String words = OperationSignals.words(name);
        // Magento's integer is_shareable: a switch, however it is typed
        return !identifier(name) && !NOT_A_QUANTITY.matcher(words).find() && !timePoint(name)
                && !FLAG.matcher(words).find();
    }

    /**
     * A query number named after a resource of the operation's own path selects one of them:
     * Pixi's {@code GET /api/picture/delete/{picture_id}?picture=} is the picture's id.
     */
    private static boolean namesPathResource(ApiOperation op, ApiParameter p) {
        String name = OperationSignals.words(p.name());
        if (businessQuantity(name)) {
            return false;
        }
        for (String segment : op.path().split("/")) {
            String resource = OperationSignals.words(segment);
            if (!resource.isEmpty() && !segment.startsWith("{")
                    && (resource.equals(name) || resource.equals(name + "s") || resource.equals(name + "es"))) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern NOT_A_QUANTITY = Pattern.compile(
            "^(page|pg|page_?(number|index|no)|offset|start|start_?index|skip|cursor|position|after|before|since|"
                    // the time frame to bucket by (yunbi's candle period): a choice, no amount
                    + "period|interval|granularity|resolution|time_?frame|"
                    + "lat|lng|lon|long|day|hour|minute|second)$"
                    // a month or year, a card's expMonth and expYear; an account, routing or serial number
                    // names, not counts
                    + "|(^|_|exp)(month|year)$|(^|_)(account|routing|card|serial|phone|invoice|order|reference)_?number$"
                    // schema_version, maxlatitude, min_longitude: the last word decides
                    + "|(^|_|min|max)(version|latitude|longitude)$"
                    // the column to sort on (EPA's newsort), an ordering position
                    + "|(^|_|new)(sort|order)(_?(by|column|index))?$"
                    // an action's type, an account's status: a code, however it is numbered
                    + "|(^|_)(type|kind|status|state)$"
                    // Adyen's CharacterSet: which one, not how many
                    + "|(^|_)(character_?set|charset|encoding)$"
                    // where it goes or comes first: a form field's placement, a rank, a priority
                    + "|(^|_)(placement|rank|ordinal|sequence|priority)$"
                    // Magento's integer customer_gender: a code
                    + "|(^|_)gender$");

    /**
     * A point in time: Stack Exchange's {@code fromdate}, {@code start_time}, {@code created_at},
     * Xero's {@code DateFrom}, GitHub's {@code due_on}.
     */
    private static final Pattern TIME_POINT = Pattern.compile(
            "(^|_|from|to|min|max|start|end)(date|datetime|timestamp)$|_at$|(^|_)until$"
                    + "|(^|_)(created|updated|modified|due|expires|published|started|ended|closed|completed)_on$"
                    + "|(^|_)not_(before|after)$"
                    + "|(^|_)(start|end|from|to|begin|created|updated|modified)_?time$|^(date|time)_?(from|to)$");

    static boolean timePoint(String name) {
        return TIME_POINT.matcher(OperationSignals.words(name)).find();
    }

    /**
     * A switch some APIs declare as a string or a number (Slack's {@code exclude_archived}, {@code is_published},
     * Magento's {@code is_customer_notified}).
     */
    private static final Pattern FLAG = Pattern.compile("^(is|has|exclude|include|show|hide|skip|with|without)_[a-z_]+$"
            // Magento's vat_is_valid, can_ship_partially, vat_request_success
            + "|(^|_)(is|has|can)_[a-z]+$|^can_[a-z_]+$|_success$");

    /** {@code fields=id,name}, {@code expand=owner}: picks from the API's own vocabulary, bounded by it. */
    private static boolean projection(ApiParameter p) {
        return "query".equals(p.in()) && PROJECTION.matcher(OperationSignals.words(p.name())).find();
    }

    private static final Pattern PROJECTION = Pattern.compile(
            "^(fields|field|expand|include|select|selected_?fields|embed|sort|sort_?by|order|order_?by|opt_?fields"
                    + "|opt_?expand)$");

    private static boolean pageSize(ApiParameter p) {
        return "query".equals(p.in()) && PAGE_SIZE.matcher(OperationSignals.words(p.name())).find();
    }

    private static boolean identifier(String name) {
        return IDENTIFIER.matcher(OperationSignals.words(name)).find();
    }

    private static List<String> unboundedPageSize(ApiSurface surface, ApiOperation op) {
        return op.parameters().stream()
                .filter(p -> pageSize(p)
                        && ("integer".equals(p.type()) || "number".equals(p.type())) && p.maximum() == null
                        && p.enumValues().isEmpty())
                .map(p -> "query parameter '" + p.name() + "' has no maximum")
                .toList();
    }

    private static List<String> noPattern(ApiSurface surface, ApiOperation op) {
        List<String> names = op.parameters().stream()
                .filter(p -> !"header".equals(p.in()) && "string".equals(p.type()) && p.pattern() == null
                        && p.format() == null && p.enumValues().isEmpty()
                        // a credential is checked by whoever issued it, not parsed into a query
                        && !OperationSignals.isCredentialName(p.name()) && !schemeKey(surface, p)
                        // a password is hashed, never parsed: no pattern to ask of it
                        && !SensitiveData.categoryOf(p.name(), p.format()).filter("credentials"::equals).isPresent()
                        // fields=, selectedFields=: names from the API's own vocabulary, checked against it
                        && !projection(p)
                        // Azure's api-version: compared with the versions the server serves
                        && !API_VERSION.matcher(OperationSignals.words(p.name())).matches()
                        // Twilio's /Accounts/{sid}/IncomingPhoneNumbers/Local{mediaTypeExtension}: the answer's format
                        && !AuthorizationRules.formatSuffix(op, p))
                .map(p -> p.in() + " '" + p.name() + "'").toList();
        return names.isEmpty() ? List.of()
                : List.of("no format, pattern or enum: " + OperationSignals.sample(names));
    }

    private static final Pattern API_VERSION = Pattern.compile("api_?version");

    /** Quantities a write takes (body fields, query or form parameters) whose lower bound is missing or negative. */
    private static List<String> quantityWithoutMinimum(ApiSurface surface, ApiOperation op) {
        if (!OperationSignals.writes(op)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        op.parameters().stream().filter(p -> "query".equals(p.in()) && numeric(p.type()) && p.enumValues().isEmpty()
                        && businessQuantity(p.name()) && (p.minimum() == null || p.minimum() < 0))
                .forEach(p -> names.add("query '" + p.name() + "'" + lowerBound(p.minimum())));
        OperationSignals.writableFields(op).stream().filter(f -> numeric(f.type()) && !f.enumerated()
                        && businessQuantity(OperationSignals.leaf(f.path())) && (f.minimum() == null || f.minimum() < 0))
                .forEach(f -> names.add("body '" + f.path() + "'" + lowerBound(f.minimum())));
        return names.isEmpty() ? List.of() : List.of("a negative or zero value is accepted: " + OperationSignals.sample(names));
    }

    private static String lowerBound(Double minimum) {
        return minimum == null ? " (no minimum)" : " (minimum " + minimum + ")";
    }

    private static boolean numeric(String type) {
        return "integer".equals(type) || "number".equals(type);
    }

    private static boolean businessQuantity(String name) {
        return BUSINESS_QUANTITY.matcher(OperationSignals.words(name)).find();
    }

    private static List<String> businessFlow(ApiSurface surface, ApiOperation op) {
        if (!"POST".equals(op.method()) || OperationSignals.declaresRateLimit(op)
                || !FLOW.matcher(OperationSignals.words(op.path())).find()) {
            return List.of();
        }
        return List.of(op.id() + " runs a business flow and declares no rate limit");
    }
}
