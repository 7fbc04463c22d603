package io.threatloop.model.domain;

import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.contracts.model.MitigationStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What a person asks of an existing threat model through the API, validated on construction
 * ({@link CommandRejected#invalid} names the field). {@code by} is the authenticated user.
 */
public sealed interface UserCommand {

    /** Accepted risks and false positives are judged again at least once a year. */
    Duration LONGEST_EXPIRY = Duration.ofDays(366);
    Pattern TEAM = ModelFileReader.TEAM_NAME;

    String applicationId();

    String by();

    record AssignOwner(String applicationId, String team, String by) implements UserCommand {
        public AssignOwner {
            team = required(team, "team", 63);
            if (!TEAM.matcher(team).matches()) {
                throw CommandRejected.invalid("team", "a team name is lower-case letters, digits and '-'");
            }
        }
    }

    /** {@code mitigationId} null records a new mitigation; else it moves an existing one on. */
    record RecordMitigation(String applicationId, String threatId, String mitigationId, String description,
                            MitigationStatus status, String by) implements UserCommand {
        public RecordMitigation {
            description = required(description, "description", 2000);
            if (status == null) {
                throw CommandRejected.invalid("status", "status is required: proposed, implemented or verified");
            }
        }
    }

    record AcceptRisk(String applicationId, String threatId, String justification, Instant expiresAt, String by,
                      Instant now) implements UserCommand {
        public AcceptRisk {
            justification = required(justification, "justification", 2000);
            checkExpiry(expiresAt, now);
        }
    }

    record MarkFalsePositive(String applicationId, String threatId, String justification, Instant expiresAt,
                             String by, Instant now) implements UserCommand {
        public MarkFalsePositive {
            justification = required(justification, "justification", 2000);
            checkExpiry(expiresAt, now);
        }
    }

    record RecordReview(String applicationId, String notes, String by, Instant now) implements UserCommand {
        public RecordReview {
            notes = notes == null ? "" : notes.strip();
            if (notes.length() > 10_000) {
                throw CommandRejected.invalid("notes", "notes are at most 10000 characters");
            }
        }
    }

    private static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw CommandRejected.invalid(field, field + " is required");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw CommandRejected.invalid(field, field + " is at most " + maxLength + " characters");
        }
        return stripped;
    }

    private static void checkExpiry(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            throw CommandRejected.invalid("expiresAt", "expiresAt is required: every decision is judged again");
        }
        if (!expiresAt.isAfter(now)) {
            throw CommandRejected.invalid("expiresAt", "expiresAt must be in the future");
        }
        if (expiresAt.isAfter(now.plus(LONGEST_EXPIRY))) {
            throw CommandRejected.invalid("expiresAt", "expiresAt must be within " + LONGEST_EXPIRY.toDays() + " days");
        }
    }
}
