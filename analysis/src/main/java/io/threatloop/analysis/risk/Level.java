package io.threatloop.analysis.risk;

/** The methodology's levels for likelihood and impact: 0 to &lt;3 LOW, 3 to &lt;6 MEDIUM, 6 to 9 HIGH. */
public enum Level {
    LOW, MEDIUM, HIGH;

    public static Level of(double value) {
        if (value < 3) {
            return LOW;
        }
        return value < 6 ? MEDIUM : HIGH;
    }
}
