package io.threatloop.model.domain;

import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.MitigationStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /**
     * A proposed change as {@code threatloop gate --post} reports it. Bounded, so a pipeline
     * cannot flood a model's history: 2,000 threats each way, 500 spec paths.
     */
    record ProposeChange(String applicationId, String base, String head, List<ChangeProposed.ProposedThreat> introduced,
                         List<ChangeProposed.ProposedThreat> resolved, List<String> specs, boolean passed, String by,
                         Instant now) implements UserCommand {
        private static final Pattern REVISION = Pattern.compile("[0-9a-f]{4,40}");
        private static final Pattern SEVERITY = Pattern.compile("NOTE|LOW|MEDIUM|HIGH|CRITICAL");

        public ProposeChange {
            base = revision(base, "base");
            head = revision(head, "head");
            introduced = threats(introduced, "introduced");
            resolved = threats(resolved, "resolved");
            specs = specs == null ? List.of() : List.copyOf(specs);
            if (specs.size() > 500) {
                throw CommandRejected.invalid("specs", "at most 500 spec paths");
            }
            for (int i = 0; i < specs.size(); i++) {
                required(specs.get(i), "specs[" + i + "]", 1000);
            }
        }

        private static String revision(String value, String field) {
            String revision = required(value, field, 40);
            if (!REVISION.matcher(revision).matches()) {
                throw CommandRejected.invalid(field, field + " must be a commit id (4 to 40 hexadecimal digits)");
            }
            return revision;
        }

        private static List<ChangeProposed.ProposedThreat> threats(List<ChangeProposed.ProposedThreat> threats,
                                                                   String field) {
            if (threats == null) {
                return List.of();
            }
            if (threats.size() > 2000) {
                throw CommandRejected.invalid(field, "at most 2000 threats");
            }
            for (int i = 0; i < threats.size(); i++) {
                ChangeProposed.ProposedThreat threat = threats.get(i);
                String at = field + "[" + i + "]";
                if (threat == null) {
                    throw CommandRejected.invalid(at, at + " is required");
                }
                required(threat.ruleId(), at + ".ruleId", 200);
                required(threat.target(), at + ".target", 1000);
                if (threat.severity() == null || !SEVERITY.matcher(threat.severity()).matches()) {
                    throw CommandRejected.invalid(at + ".severity", "severity must be NOTE, LOW, MEDIUM, HIGH or CRITICAL");
                }
            }
            return List.copyOf(threats);
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
