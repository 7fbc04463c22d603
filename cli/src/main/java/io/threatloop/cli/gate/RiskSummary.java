package io.threatloop.cli.gate;

import io.threatloop.analysis.risk.Severity;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application's risk at one revision: its highest severity and its threats by severity, as
 * risk-service counts them (accepted threats set aside, not counted).
 */
public record RiskSummary(String highest, Map<String, Integer> bySeverity, int accepted) {

    static RiskSummary of(Collection<GateThreat> threats) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Severity[] severities = Severity.values();
        for (int i = severities.length - 1; i >= 0; i--) { // CRITICAL first
            counts.put(severities[i].name(), 0);
        }
        int accepted = 0;
        String highest = null;
        for (GateThreat threat : threats) {
            if (threat.accepted()) {
                accepted++;
                continue;
            }
            counts.merge(threat.severity(), 1, Integer::sum);
            if (highest == null || Severity.valueOf(threat.severity()).compareTo(Severity.valueOf(highest)) > 0) {
                highest = threat.severity();
            }
        }
        return new RiskSummary(highest, counts, accepted);
    }

    int total() {
        return bySeverity.values().stream().mapToInt(Integer::intValue).sum();
    }
}
