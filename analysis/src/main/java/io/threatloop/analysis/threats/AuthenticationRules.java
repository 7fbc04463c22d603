package io.threatloop.analysis.threats;

import io.threatloop.analysis.data.SensitiveData;
import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.surface.ApiOperation;
import io.threatloop.contracts.surface.ApiSurface;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** API2:2023 Broken Authentication and the identity attacks the spec can show. */
final class AuthenticationRules {

    static final RuleDefinition NO_AUTH = new RuleDefinition(
            "API2-NO-AUTH", "Operation without authentication", "API2:2023", "Spoofing", "CWE-306",
            "The operation declares no security requirement (or allows anonymous access), so any client can call it.",
            List.of("Require an authentication scheme on the operation or globally",
                    "Authorize with broad identity context (user, client, tenant) at the gateway and in the service"),
            new RiskFactors(3, 6, 7, 6, 7, 7, 6, 8, 6, 5, 2, 7, 5, 5, 5, 5));

    static final RuleDefinition BASIC_AUTH = new RuleDefinition(
            "API2-BASIC-AUTH", "HTTP basic authentication", "API2:2023", "Spoofing", "CWE-522",
            "Basic authentication sends a reusable password with every request; it cannot expire, be scoped or be"
                    + " bound to a client, and a leaked header gives lasting access.",
            List.of("Use short-lived bearer tokens from an identity provider (OAuth 2.0 / OpenID Connect)",
                    "If basic authentication must stay, allow it only over TLS and rate-limit failed attempts"),
            new RiskFactors(4, 6, 5, 6, 7, 5, 6, 7, 6, 5, 1, 6, 4, 5, 5, 4));

    static final RuleDefinition API_KEY_IN_QUERY = new RuleDefinition(
            "API2-APIKEY-IN-QUERY", "API key in the query string", "API2:2023", "Information Disclosure", "CWE-598",
            "Query strings are written to access logs, proxies and browser history, so the key leaks to whoever"
                    + " reads them.",
            List.of("Send API keys in a header (e.g. Authorization or X-API-Key), never in the URL",
                    "Rotate keys that were sent in URLs"),
            new RiskFactors(4, 5, 5, 6, 6, 6, 6, 8, 6, 4, 1, 5, 4, 4, 4, 3));

    static final RuleDefinition TOKEN_IN_URL = new RuleDefinition(
            "API2-TOKEN-IN-URL", "Token or session id in the URL", "API2:2023", "Information Disclosure", "CWE-598",
            "A token passed as a query or path parameter is written to logs and Referer headers and can be"
                    + " replayed by anyone who reads them.",
            List.of("Pass tokens in the Authorization header or an HttpOnly cookie",
                    "Make tokens short-lived and bound to the client"),
            new RiskFactors(4, 5, 5, 6, 6, 6, 6, 8, 6, 5, 1, 6, 4, 4, 4, 4));

    static final RuleDefinition OAUTH_IMPLICIT = new RuleDefinition(
            "API2-OAUTH-IMPLICIT-FLOW", "OAuth 2.0 implicit flow", "API2:2023", "Spoofing", "CWE-1390",
            "The implicit flow returns access tokens in the redirect URL, where they can be stolen or injected;"
                    + " the OAuth 2.0 Security Best Current Practice (RFC 9700) says not to use it.",
            List.of("Use the authorization code flow with PKCE", "Remove the implicit flow from the scheme"),
            new RiskFactors(5, 6, 5, 5, 6, 5, 6, 7, 6, 5, 1, 5, 4, 5, 4, 4));

    static final RuleDefinition OAUTH_PASSWORD = new RuleDefinition(
            "API2-OAUTH-PASSWORD-FLOW", "OAuth 2.0 resource owner password flow", "API2:2023", "Spoofing", "CWE-1390",
            "The password flow hands the user's password to the client and cannot support multi-factor"
                    + " authentication; RFC 9700 says it must not be used.",
            List.of("Use the authorization code flow with PKCE (users) or client credentials (services)"),
            new RiskFactors(5, 6, 5, 5, 6, 5, 6, 7, 6, 5, 1, 5, 4, 5, 4, 4));

    static final RuleDefinition LOGIN_WITHOUT_LIMIT = new RuleDefinition(
            "API2-LOGIN-WITHOUT-BRUTE-FORCE-PROTECTION", "Authentication endpoint without brute-force protection",
            "API2:2023", "Spoofing", "CWE-307",
            "A login, token or password-reset operation that declares no rate limit lets attackers try passwords"
                    + " and enumerate accounts at machine speed (credential stuffing).",
            List.of("Rate-limit by account and by client, answer 429 with Retry-After",
                    "Give the same answer for unknown users and wrong passwords; lock out or add a challenge after"
                            + " repeated failures"),
            new RiskFactors(6, 7, 7, 7, 7, 7, 7, 7, 6, 5, 3, 5, 5, 6, 4, 5));

    static final RuleDefinition JWT_VALIDATION = new RuleDefinition(
            "API2-JWT-VALIDATION", "JSON Web Tokens whose validation the spec cannot show", "API2:2023", "Spoofing",
            "CWE-347",
            "The API accepts bearer JWTs. Forged or replayed tokens get in when the service accepts the 'none' or an"
                    + " unexpected algorithm, signs with a weak or guessable key, or skips the issuer, audience or"
                    + " expiry checks; nothing in a spec shows that these are done.",
            List.of("Validate JWTs as RFC 8725 says: an allow-list of algorithms, strong keys from the identity"
                            + " provider's JWKS, and iss, aud and exp checked on every request",
                    "Keep access tokens short-lived; never sign with a shared secret that ships with the code"),
            new RiskFactors(6, 7, 5, 6, 5, 5, 6, 7, 7, 6, 2, 7, 5, 6, 5, 5));

    static final RuleDefinition CREDENTIAL_PARAMETER = new RuleDefinition(
            "API2-CREDENTIAL-AS-PARAMETER", "Credential taken as a plain parameter, not a security scheme",
            "API2:2023", "Spoofing", "CWE-287",
            "The operation takes its credential (an Authorization header, a token or an API key) as an ordinary"
                    + " parameter and declares no security scheme: clients, gateways and scanners cannot tell how it"
                    + " is checked, and nothing in the description makes it required or says what it proves.",
            List.of("Declare the scheme (http bearer, apiKey, oauth2 or openIdConnect) and apply it to the operation",
                    "Validate the credential centrally (gateway or framework), not per operation from a parameter"),
            new RiskFactors(5, 6, 6, 6, 6, 6, 6, 7, 5, 5, 2, 6, 4, 5, 5, 4));


    private AuthenticationRules() {
    }

    static List<ThreatRule> rules() {
        return List.of(
                new OnceWhenNothingIsSecured(NO_AUTH, AuthenticationRules::noAuthentication,
                        AuthenticationRules::noAuthenticationAnywhere),
                new OnceWhenNothingIsSecured(CREDENTIAL_PARAMETER, AuthenticationRules::credentialAsParameter,
                        AuthenticationRules::credentialParametersEverywhere),
                new SurfaceRule(BASIC_AUTH, s -> OperationSignals.usedSchemes(s,
                        scheme -> "http".equals(scheme.type()) && "basic".equals(scheme.scheme()),
                        "is HTTP basic authentication")),
                new SurfaceRule(API_KEY_IN_QUERY, s -> OperationSignals.usedSchemes(s,
                        scheme -> "apiKey".equals(scheme.type()) && "query".equals(scheme.in()),
                        "sends an API key in the query string")),
                new OperationRule(TOKEN_IN_URL, AuthenticationRules::tokenInUrl),
                new SurfaceRule(OAUTH_IMPLICIT, s -> OperationSignals.usedSchemes(s,
                        scheme -> scheme.flows().contains("implicit"), "offers the OAuth 2.0 implicit flow")),
                new SurfaceRule(OAUTH_PASSWORD, s -> OperationSignals.usedSchemes(s,
                        scheme -> scheme.flows().contains("password"), "offers the OAuth 2.0 password flow")),
                new OperationRule(LOGIN_WITHOUT_LIMIT, AuthenticationRules::loginWithoutLimit),
                new SurfaceRule(JWT_VALIDATION, s -> OperationSignals.usedSchemes(s,
                        scheme -> "http".equals(scheme.type()) && "bearer".equals(scheme.scheme())
                                && scheme.bearerFormat() != null && scheme.bearerFormat().equalsIgnoreCase("jwt"),
                        "accepts bearer JSON Web Tokens")));
    }

    private static List<String> noAuthentication(ApiSurface surface, ApiOperation op) {
        if (!openToAnyone(op)) {
            return List.of();
        }
        long secured = surface.operations().stream().filter(ApiOperation::requiresAuthentication).count();
        // a 401 says the server turns some callers away: how, the spec does not say, which is the finding too
        String answers401 = op.security().isEmpty() && op.responseCodes().contains("401")
                ? "; it answers 401 Unauthorized, so it may authenticate in a way the spec does not declare" : "";
        return List.of(!op.security().isEmpty()
                ? op.id() + " lists anonymous access ({}) among its security alternatives"
                : secured > 0 ? op.id() + " has no security requirement while " + secured + " other operation(s) of"
                + " the API require one" + answers401
                : op.id() + " has no security requirement, and no operation of the API requires one" + answers401);
    }

    private static String noAuthenticationAnywhere(ApiSurface surface, List<ApiOperation> open) {
        String examples = OnceWhenNothingIsSecured.examples(open);
        return surface.securitySchemes().isEmpty()
                ? "no operation of the API requires authentication and no security scheme is declared: "
                + open.size() + " operations are open to anyone (" + examples + ")"
                : "the API declares security scheme(s) " + new java.util.TreeSet<>(surface.securitySchemes().keySet())
                + " but applies none to its " + open.size() + " operations (" + examples + ")";
    }

    /** The target of a finding about the API as a whole. */
    static final String API = OnceWhenNothingIsSecured.API;

    /** An operation anyone can call, that is not anonymous on purpose and takes no credential parameter. */
    private static boolean openToAnyone(ApiOperation op) {
        // an API key passed as an ordinary parameter is authentication the spec did not declare as a scheme
        return !op.requiresAuthentication() && OperationSignals.credentialParameter(op).isEmpty()
                && !anonymousByDesign(op);
    }

    private static String credentialParametersEverywhere(ApiSurface surface, List<ApiOperation> operations) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        operations.forEach(op -> op.parameters().stream().filter(AuthenticationRules::plainCredential)
                .forEach(p -> names.add(p.in() + " '" + p.name() + "'")));
        return operations.size() + " operations take their credential as a plain parameter (" + String.join(", ", names)
                + ") and no security scheme applies to any of them (" + OnceWhenNothingIsSecured.examples(operations) + ")";
    }

    private static boolean plainCredential(io.threatloop.contracts.surface.ApiParameter p) {
        return !"path".equals(p.in()) && !RequestTargetRules.deliveryHeader(p.name())
                && OperationSignals.isCredentialName(p.name());
    }

    private static List<String> credentialAsParameter(ApiSurface surface, ApiOperation op) {
        if (op.requiresAuthentication()) {
            return List.of();
        }
        return op.parameters().stream()
                .filter(AuthenticationRules::plainCredential)
                .map(p -> op.id() + " takes " + p.in() + " '" + p.name() + "' as a plain parameter; no security scheme"
                        + " applies to it")
                .toList();
    }

    /**
     * Signing up, in or out and recovering access must answer before the caller has a token;
     * their risk is brute force and enumeration (API2-LOGIN-WITHOUT-BRUTE-FORCE-PROTECTION).
     */
    private static boolean anonymousByDesign(ApiOperation op) {
        return ("POST".equals(op.method()) && ANONYMOUS.matcher(OperationSignals.words(op.path())).find())
                || ("GET".equals(op.method()) && "/".equals(op.path())); // the API's home page: how to use it
    }

    private static final Pattern ANONYMOUS = Pattern.compile(
            "(^|/)(login|log_?in|signin|sign_?in|logout|log_?out|sign_?out|signup|sign_?up|register|registration"
                    + "|forgot_?password|reset_?password|password_?reset|forgot|otp|verify_?otp|mfa|2fa)(/|$)");

    private static List<String> tokenInUrl(ApiSurface surface, ApiOperation op) {
        return OperationSignals.urlParameters(op).stream()
                .filter(p -> SensitiveData.categoryOf(p.name(), p.format()).equals(Optional.of("token")))
                .map(p -> p.in() + " parameter '" + p.name() + "' carries a token")
                .toList();
    }

    private static List<String> loginWithoutLimit(ApiSurface surface, ApiOperation op) {
        String path = OperationSignals.words(op.path());
        if (!OperationSignals.authenticationFlow(op) || OperationSignals.declaresRateLimit(op)) {
            return List.of();
        }
        return List.of(op.id() + " authenticates or resets credentials and declares no 429 response, rate-limit"
                + " header or rate-limit extension");
    }
}
