package io.threatloop.cli.watch;

import io.threatloop.contracts.EventData;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.review.ReviewTaskClosed;
import io.threatloop.contracts.review.ReviewTaskRaised;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.runtime.RecordedEvent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One application as the recorded topics show it: its entry points, its open threats by
 * severity (their latest risk), its open review tasks. Folded from what the stack published,
 * so it needs no sign-in.
 */
record ApplicationSummary(String application, int entryPoints, Map<String, Long> threatsBySeverity, int openTasks) {

    private static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "NOTE");

    static ApplicationSummary of(String application, List<RecordedEvent> records) {
        Set<String> entryPoints = new HashSet<>();
        Map<String, String> severities = new HashMap<>();
        Set<String> tasks = new HashSet<>();
        for (RecordedEvent record : records) {
            EventData data = record.event() == null ? null : record.event().data();
            if (data == null || !application.equals(data.applicationId())) {
                continue;
            }
            if (data instanceof EntryPointAdded added) {
                entryPoints.add(added.entryPoint().id());
            } else if (data instanceof EntryPointRemoved removed) {
                entryPoints.remove(removed.entryPointId());
            } else if (data instanceof RiskChanged risk) {
                if (risk.current() == null) {
                    severities.remove(risk.threatId());
                } else {
                    severities.put(risk.threatId(), risk.current().severity().toUpperCase(Locale.ROOT));
                }
            } else if (data instanceof ReviewTaskRaised raised) {
                tasks.add(raised.taskId());
            } else if (data instanceof ReviewTaskClosed closed) {
                tasks.remove(closed.taskId());
            }
        }
        Map<String, Long> bySeverity = severities.values().stream()
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        return new ApplicationSummary(application, entryPoints.size(), bySeverity, tasks.size());
    }

    /** {@code payments-api: 12 entry points; threats: 2 critical, 5 high; 1 open review task}. */
    String line() {
        String threats = threatsBySeverity.isEmpty() ? "no threats" : "threats: " + SEVERITIES.stream()
                .filter(threatsBySeverity::containsKey)
                .map(s -> threatsBySeverity.get(s) + " " + s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return application + ": " + entryPoints + " entry point(s); " + threats + "; " + openTasks
                + " open review task(s)";
    }
}
