package io.threatloop.analysis.threats;

import java.util.Collection;
import java.util.regex.Pattern;

/** What an OAuth scope's name says it grants: writing or administering, or only reading. */
public final class Scopes {

    private static final Pattern WRITE = Pattern.compile("(?i)(write|admin|manage|delete|create|update|modify|full|all)");
    private static final Pattern READ = Pattern.compile("(?i)(read|view|list|get)");

    private Scopes() {
    }

    /** {@code ledger.write}, {@code admin}, {@code repo:delete}. */
    public static boolean grantsWrite(String scope) {
        return WRITE.matcher(scope).find();
    }

    /** Scopes that name reading and nothing that writes: {@code ledger.read}, {@code pets:view}. */
    public static boolean onlyRead(Collection<String> scopes) {
        return !scopes.isEmpty() && scopes.stream().noneMatch(Scopes::grantsWrite)
                && scopes.stream().allMatch(s -> READ.matcher(s).find());
    }
}
