package io.threatloop.cli;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SpecObserved;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import io.threatloop.runtime.RecordedEvent;

import java.io.PrintStream;
import java.util.Locale;

/** One readable line per event on the four topics, for people watching {@code up} or {@code demo}. */
final class EventPrinter {

    private final PrintStream out;

    EventPrinter(PrintStream out) {
        this.out = out;
    }

    void print(RecordedEvent record) {
        if (record.event() == null) {
            out.printf("   %-12s %-18s %s%n", "dead-letter", record.topic(),
                    record.headers().getOrDefault("dead-letter-reason", "unreadable record"));
            return;
        }
        out.printf("   %-12s %-18s %s%n", stage(record.topic()), record.event().type(), describe(record.event().data()));
    }

    private static String stage(String topic) {
        return switch (topic) {
            case "api-observations" -> "observation";
            case "threatmodel-events" -> "model";
            case "risk-changes" -> "risk";
            case "review-tasks" -> "review";
            default -> topic;
        };
    }

    static String describe(EventData data) {
        if (data instanceof SpecObserved spec) {
            return spec.source().path() + " @ " + spec.source().revision().substring(0, 8) + ": "
                    + spec.surface().operations().size() + " operation(s)";
        }
        if (data instanceof ScanFailed failed) {
            return failed.location() + ": " + failed.reason();
        }
        if (data instanceof EntryPointAdded added) {
            return added.entryPoint().id() + (added.entryPoint().authenticated() ? " (authenticated)" : " (open)");
        }
        if (data instanceof EntryPointChanged changed) {
            return changed.after().id() + " authentication " + changed.before().securitySchemes() + " -> "
                    + changed.after().securitySchemes();
        }
        if (data instanceof EntryPointRemoved removed) {
            return removed.entryPointId();
        }
        if (data instanceof ThreatIdentified threat) {
            return threat.owaspCategory() + " " + threat.title() + ": " + threat.target();
        }
        if (data instanceof ThreatResolved resolved) {
            return resolved.ruleId() + ": " + resolved.reason();
        }
        if (data instanceof SourceScanFailed failed) {
            return "model kept at its last good state (" + failed.reason() + ")";
        }
        if (data instanceof RiskChanged risk) {
            return risk.ruleId() + " " + rating(risk.previous()) + " -> " + rating(risk.current())
                    + "  caused by commit " + risk.causes().stream().filter(c -> c.kind().equals("revision"))
                    .map(c -> c.id().substring(0, Math.min(8, c.id().length()))).findFirst().orElse("?");
        }
        if (data instanceof ReviewTaskRaised task) {
            return "model '" + task.applicationId() + "' due by " + task.dueBy() + ": " + String.join("; ", task.reasons());
        }
        return data.applicationId();
    }

    private static String rating(RiskRating rating) {
        return rating == null ? "none" : rating.severity() + String.format(Locale.ROOT, " (L %.1f x I %.1f)",
                rating.likelihood(), rating.impact());
    }
}
