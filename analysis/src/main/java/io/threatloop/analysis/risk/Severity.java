package io.threatloop.analysis.risk;

/** Overall risk severity from the methodology's matrix. */
public enum Severity {
    NOTE, LOW, MEDIUM, HIGH, CRITICAL;

    /** The OWASP Risk Rating severity matrix (impact rows, likelihood columns). */
    public static Severity of(Level likelihood, Level impact) {
        return switch (impact) {
            case HIGH -> switch (likelihood) {
                case LOW -> MEDIUM;
                case MEDIUM -> HIGH;
                case HIGH -> CRITICAL;
            };
            case MEDIUM -> switch (likelihood) {
                case LOW -> LOW;
                case MEDIUM -> MEDIUM;
                case HIGH -> HIGH;
            };
            case LOW -> switch (likelihood) {
                case LOW -> NOTE;
                case MEDIUM -> LOW;
                case HIGH -> MEDIUM;
            };
        };
    }
}
