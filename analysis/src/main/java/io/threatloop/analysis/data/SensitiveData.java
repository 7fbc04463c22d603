package io.threatloop.analysis.data;

import io.threatloop.contracts.surface.ApiField;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises personal data and secrets from field names and formats. One place for these
 * patterns: the diff flags sensitive response fields with it, the threat rules and the model's
 * data classification use it too.
 */
public final class SensitiveData {

    /** A category and the name pattern that reveals it. */
    private record Category(String name, Pattern pattern) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("credentials", Pattern.compile("pass(word|wd|phrase)?$|^pwd$|secret|private_?key|pin$|otp")),
            // a session's id or key, not session_endpoints or session_expires_at
            // refresh_token and a bare refresh, not Shipstation's refreshDate
            new Category("token", Pattern.compile("token|api_?key|(^|_)session(_?(id|key|token|cookie))?$|bearer|jwt"
                    + "|(^|_)refresh$")),
            new Category("card-number", Pattern.compile("card_?(number|no)|^pan$|cvv|cvc|credit_?card")),
            // not a BIC or SWIFT code: it names a bank, which every account there shares
            new Category("bank-account", Pattern.compile("iban|account_?number|routing_?number")),
            new Category("national-id", Pattern.compile("ssn|social_?security|national_?id|passport|tax_?id|nin$")),
            // the name ends in it: email, sender_email, emailAddress; not voicemail, email_subject, email_verified
            new Category("e-mail", Pattern.compile("(^|_)e_?mails?(_(address(es)?|addr))?$")),
            // LaunchDarkly's mobileKey, a mobile_app or mobile_os: what a mobile device is given or runs
            new Category("phone", Pattern.compile("phone|mobile(?!_?(keys?|apps?|sdk|os|devices?|versions?))|msisdn|fax")),
            new Category("birth-date", Pattern.compile("birth|dob$")),
            new Category("postal-address", Pattern.compile(
                    "^(?!.*(web|ip|mac|wallet|url|e_?mail)_?address).*(address|street|postcode|postal_?code|zip_?code|city$)")),
            new Category("person-name", Pattern.compile("first_?name|last_?name|full_?name|surname|given_?name")),
            new Category("location", Pattern.compile("latitude|longitude|geo_?location|ip_?address")));

    private SensitiveData() {
    }

    /** Every category name, for validating what users write about them. */
    public static List<String> categories() {
        return CATEGORIES.stream().map(Category::name).toList();
    }

    /** Tokens that only page through results: neither secret nor personal. */
    private static final Pattern PAGING = Pattern.compile("(page|next|prev|previous|continuation|sync|cursor|resume)"
            + "_?token|token_?(count|type|limit|usage)$|tokens?_(used|usage|count)$"
            // what names a key or token is not the key: api_key_id, token_name, key_prefix
            + "|(api_?key|key|token|secret)_?(id|ids|name|names|prefix|hint|last_?4)$"
            // the addresses a credential may be used from (Adyen's allowedIpAddresses): configuration, no one's location
            + "|(allowed|trusted|white_?listed|allow_?listed|blocked|denied)_ip|ip_?(allow|white|block|deny)_?list");

    /** The category a field (by the last segment of its path, and its format) belongs to, if any. */
    public static Optional<String> categoryOf(String fieldPath, String format) {
        if ("password".equals(format)) {
            return Optional.of("credentials");
        }
        if ("email".equals(format)) {
            return Optional.of("e-mail");
        }
        String segment = lastSegment(fieldPath);
        Optional<String> known = BY_NAME.get(segment);
        if (known == null) {
            known = categoryOfName(segment);
            if (BY_NAME.size() > MAX_CACHED) {
                BY_NAME.clear();
            }
            BY_NAME.put(segment, known);
        }
        return known;
    }

    /**
     * Field names repeat across operations and specs (id, name, email, created_at), and matching
     * every pattern was most of the rules' time on large specs: each name is classified once.
     */
    private static final java.util.Map<String, Optional<String>> BY_NAME = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED = 100_000;

    /**
     * The category of a field among the other fields of its message: as
     * {@link #categoryOf(String, String)}, except that a {@code full_name} next to an {@code owner}
     * is a thing's qualified name ("octocat/hello-world": GitHub's and Bitbucket's repositories),
     * not a person's.
     */
    public static Optional<String> categoryOf(ApiField field, List<ApiField> message) {
        Optional<String> category = categoryOf(field.path(), field.format());
        if (category.filter("person-name"::equals).isPresent() && QUALIFIED_NAME.matcher(
                CAMEL_CASE.matcher(lastSegment(field.path())).replaceAll("$1_$2").toLowerCase(Locale.ROOT)).matches()) {
            String owner = field.path().substring(0, field.path().lastIndexOf('.') + 1) + "owner";
            if (message.stream().anyMatch(f -> f.path().equals(owner) || f.path().startsWith(owner + "."))) {
                return Optional.empty();
            }
        }
        return category;
    }

    private static final Pattern QUALIFIED_NAME = Pattern.compile("full_?name");
    /** Compiled once: every field's name is read through it. */
    private static final Pattern CAMEL_CASE = Pattern.compile("([a-z])([A-Z])");

    private static Optional<String> categoryOfName(String segment) {
        String name = CAMEL_CASE.matcher(segment).replaceAll("$1_$2").toLowerCase(Locale.ROOT).replace('-', '_');
        if (PAGING.matcher(name).find()) {
            return Optional.empty();
        }
        return CATEGORIES.stream().filter(c -> c.pattern().matcher(name).find()).map(Category::name).findFirst();
    }

    private static String lastSegment(String path) {
        String clean = path.replace("[]", "");
        return clean.substring(clean.lastIndexOf('.') + 1);
    }
}
