package io.threatloop.scanner.git;

import io.threatloop.api.ProblemException;
import io.threatloop.sources.RepositoryUrlPolicy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source as an administrator sends it. {@code pollInterval} is {@code 90s}, {@code 5m},
 * {@code 1h} or ISO-8601 ({@code PT5M}); without it the scanner's global interval applies.
 */
public record SourceRequest(String url, String branch, String application, String team, String from,
                            String pollInterval, String token, String tokenUser) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern TEAM = APPLICATION;
    /** A basic-auth user name: no ':' (it ends the user name), no control characters. */
    private static final Pattern TOKEN_USER = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
    private static final int LONGEST_URL = 2000;
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/^~-]{1,200}");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([smhd])");
    private static final Duration SHORTEST = Duration.ofSeconds(10);
    private static final Duration LONGEST = Duration.ofDays(1);

    static GitSource validated(String name, SourceRequest request, RepositoryUrlPolicy policy) {
        if (!NAME.matcher(name).matches()) {
            throw ProblemException.invalid("name", "a source name is lower-case letters, digits and '-'");
        }
        if (request == null) {
            throw ProblemException.invalid("body", "a JSON body is required");
        }
        if (request.url() != null && request.url().length() > LONGEST_URL) {
            throw ProblemException.invalid("url", "url is at most " + LONGEST_URL + " characters");
        }
        policy.problem(request.url()).ifPresent(problem -> {
            throw ProblemException.invalid("url", problem);
        });
        String branch = request.branch() == null ? "main" : request.branch();
        if (!BRANCH.matcher(branch).matches() || branch.contains("..")) {
            throw ProblemException.invalid("branch", "branch is a git branch name such as main or release/1.2");
        }
        if (request.application() != null && !APPLICATION.matcher(request.application()).matches()) {
            throw ProblemException.invalid("application", "application is letters, digits, '.', '_' and '-'");
        }
        if (request.team() != null && !TEAM.matcher(request.team()).matches()) {
            throw ProblemException.invalid("team", "team is a team name: letters, digits, '.', '_' and '-', at most 100");
        }
        if (request.from() != null && !REVISION.matcher(request.from()).matches()) {
            throw ProblemException.invalid("from", "from is a commit id, tag or branch");
        }
        if (request.token() != null && (request.token().isBlank() || request.token().length() > 4096)) {
            throw ProblemException.invalid("token", "token is a non-empty access token");
        }
        if (request.tokenUser() != null && !TOKEN_USER.matcher(request.tokenUser()).matches()) {
            throw ProblemException.invalid("tokenUser", "tokenUser is a user name of at most 100 letters, digits and"
                    + " '.', '_', '@', '+', '-' (x-access-token, oauth2 or your user name)");
        }
        return new GitSource(name, request.url().trim(), branch, request.application(), request.team(), request.from(),
                GitSource.MountedSecrets.NONE,
                request.tokenUser() == null ? "x-access-token" : request.tokenUser(), request.token(),
                interval(request.pollInterval()), GitSource.Origin.API);
    }

    private static Duration interval(String value) {
        if (value == null) {
            return null;
        }
        Duration interval;
        Matcher shorthand = SHORT_DURATION.matcher(value);
        try {
            interval = shorthand.matches() ? Duration.of(Long.parseLong(shorthand.group(1)), switch (shorthand.group(2)) {
                case "s" -> java.time.temporal.ChronoUnit.SECONDS;
                case "m" -> java.time.temporal.ChronoUnit.MINUTES;
                case "h" -> java.time.temporal.ChronoUnit.HOURS;
                default -> java.time.temporal.ChronoUnit.DAYS;
            }) : Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("pollInterval", "pollInterval is like 90s, 5m, 1h or PT5M");
        }
        if (interval.compareTo(SHORTEST) < 0 || interval.compareTo(LONGEST) > 0) {
            throw ProblemException.invalid("pollInterval", "pollInterval is between 10s and 1d");
        }
        return interval;
    }

    /** Leaves the token out, like {@link GitSource#toString()}. */
    @Override
    public String toString() {
        return "SourceRequest[" + url + " " + branch + ", token " + (token == null ? "not given" : "given") + "]";
    }
}
