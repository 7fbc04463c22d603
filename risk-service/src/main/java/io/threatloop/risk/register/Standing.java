package io.threatloop.risk.register;

/**
 * Whether a rated threat counts towards its model's severity: it does unless the owner accepted
 * its risk or marked it a false positive, and only until that standing expires. The rating is
 * kept either way, so an expired standing counts again without a rescore.
 */
public final class Standing {

    /** SQL condition over {@code threat_risks} (alias {@code r}): true when the threat counts. */
    public static final String COUNTS = "(r.standing is null or (r.standing_until is not null"
            + " and r.standing_until <= now()))";

    /** SQL: the standing in force, or null once it expired. */
    public static final String IN_FORCE = "case when " + COUNTS + " then null else r.standing end";

    private Standing() {
    }
}
