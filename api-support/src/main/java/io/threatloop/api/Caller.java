package io.threatloop.api;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling and which teams' models they may see: their {@code teams} claim, or every team
 * for an administrator. A model nobody owns yet is visible to administrators only.
 */
@RequestScoped
public class Caller {

    public static final String VIEWER = "viewer";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public String name() {
        String preferred = token.getClaim("preferred_username");
        return preferred != null ? preferred : identity.getPrincipal().getName();
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /** The caller's teams; null means every team (administrators). */
    public Collection<String> teams() {
        if (isAdmin()) {
            return null;
        }
        Set<String> teams = new TreeSet<>();
        Object claim = token.getClaim("teams");
        if (claim instanceof JsonArray array) {
            array.getValuesAs(JsonString.class).forEach(team -> teams.add(team.getString()));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(team -> teams.add(String.valueOf(team)));
        }
        return teams;
    }

    /**
     * A SQL condition that keeps rows of the caller's teams, {@code where <teamColumn> = any(?n)},
     * with the teams appended to the positional {@code parameters}; empty for administrators.
     */
    public String teamFilter(String teamColumn, java.util.List<Object> parameters) {
        Collection<String> teams = teams();
        if (teams == null) {
            return "";
        }
        parameters.add(teams.toArray(String[]::new));
        return " where " + teamColumn + " = any(?" + parameters.size() + ")";
    }

    public boolean canSee(String team) {
        Collection<String> teams = teams();
        return teams == null || (team != null && teams.contains(team));
    }
}
