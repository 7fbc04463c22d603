package io.threatloop.risk.scoring;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.api.ProblemException;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The scoring policy in force: of the built-in one, the file {@code threatloop.risk.policy-file}
 * and those administrators set through the API, the one with the highest version.
 */
@ApplicationScoped
public class ActivePolicy {

    private static final Logger LOG = Logger.getLogger(ActivePolicy.class);
    /** Held shared while a threat is scored, exclusively while a new policy is stored and rescores. */
    private static final long POLICY_LOCK = 0x7269736b706f6cL; // "riskpol"

    /** A policy and the YAML it was read from. */
    public record Versioned(ScoringPolicy policy, String document) {
    }

    @ConfigProperty(name = "threatloop.risk.policy-file")
    Optional<Path> policyFile;

    private volatile Versioned current;

    void load(@Observes StartupEvent start) throws IOException {
        Versioned configured = policyFile.isPresent() ? read(Files.readString(policyFile.get()), "the file "
                + policyFile.get()) : new Versioned(ScoringPolicy.defaults(), ScoringPolicy.DEFAULT_DOCUMENT);
        current = configured;
        java.util.List<String> stored;
        try {
            stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .chain(session -> session.createNativeQuery(
                            "select document from risk_policies order by version desc limit 1", String.class)
                            .getResultList())));
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the stored risk policies: " + e.getMessage(), e);
        }
        if (!stored.isEmpty()) {
            Versioned saved = read(stored.get(0), "the stored policy");
            if (saved.policy().version() > current.policy().version()) {
                current = saved;
            }
        }
        LOG.infof("risk scoring policy version %d in force", current.policy().version());
    }

    /** The policy this replica last saw in force; for reading (scoring goes through {@link #inForce}). */
    public Versioned current() {
        return current;
    }

    /**
     * The policy in force for scoring in the caller's transaction: newer ones stored by any replica
     * are picked up, and a policy change (which holds this lock exclusively while it rescores)
     * either finished before, or waits until this transaction ends. So no threat is scored with a
     * policy that a rescore has already passed over.
     */
    public Uni<Versioned> inForce(io.vertx.mutiny.sqlclient.SqlConnection connection) {
        return connection.query("select pg_advisory_xact_lock_shared(" + POLICY_LOCK + ")").execute()
                .chain(() -> connection.query("select version from risk_policies order by version desc limit 1").execute())
                .chain(versions -> {
                    Integer newest = versions.iterator().hasNext() ? versions.iterator().next().getInteger(0) : null;
                    if (newest == null || newest <= current.policy().version()) {
                        return Uni.createFrom().item(current);
                    }
                    return connection.preparedQuery("select document from risk_policies where version = $1")
                            .execute(io.vertx.mutiny.sqlclient.Tuple.of(newest))
                            .map(rows -> {
                                Versioned stored = read(rows.iterator().next().getString(0), "the stored policy");
                                if (stored.policy().version() > current.policy().version()) {
                                    LOG.infof("risk scoring policy version %d put in force on another replica: in force here too",
                                            stored.policy().version());
                                    current = stored;
                                }
                                return current;
                            });
                });
    }

    private Uni<Optional<Versioned>> newestStored(org.hibernate.reactive.mutiny.Mutiny.Session session) {
        return session.createNativeQuery("select version from risk_policies order by version desc limit 1",
                        Integer.class).getResultList()
                .chain(versions -> versions.isEmpty() || versions.get(0) <= current.policy().version()
                        ? Uni.createFrom().item(Optional.<Versioned>empty())
                        : session.createNativeQuery("select document from risk_policies where version = ?1", String.class)
                        .setParameter(1, versions.get(0)).getSingleResult()
                        .map(document -> Optional.of(read(document, "the stored policy"))));
    }

    /**
     * Checks and stores a newer policy in the caller's transaction, holding the policy lock until
     * it ends (the rescore runs in it); {@link #activate} it once committed.
     */
    /** Reads a policy document; CPU work, so not on an event loop. */
    public Versioned parse(String document) {
        try {
            return new Versioned(ScoringPolicy.parse(document.getBytes(StandardCharsets.UTF_8)), document);
        } catch (ScoringPolicy.InvalidPolicy e) {
            throw ProblemException.invalid(e.field(), e.getMessage() + "; the policy in force stays version "
                    + current.policy().version());
        }
    }

    /** Stores a parsed policy if it is newer than the one in force (across replicas: an advisory lock). */
    public Uni<Versioned> store(Versioned next, String by) {
        String document = next.document();
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + POLICY_LOCK + ")").getSingleResult()
                .chain(() -> newestStored(session))
                .chain(newest -> {
                    newest.ifPresent(stored -> current = stored); // set meanwhile through another replica
                    if (next.policy().version() <= current.policy().version()) {
                        throw ProblemException.conflict("policy version " + next.policy().version()
                                + " is not newer than version " + current.policy().version() + " in force; raise version");
                    }
                    return session.createNativeQuery(
                                    "insert into risk_policies (version, document, set_by, set_at) values (?1, ?2, ?3, ?4)")
                            .setParameter(1, next.policy().version()).setParameter(2, document).setParameter(3, by)
                            .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
                }))
                .replaceWith(next);
    }

    public void activate(Versioned next) {
        current = next;
    }

    private static Versioned read(String document, String where) {
        try {
            return new Versioned(ScoringPolicy.parse(document.getBytes(StandardCharsets.UTF_8)), document);
        } catch (ScoringPolicy.InvalidPolicy e) {
            throw new IllegalStateException("the risk policy in " + where + " is invalid: " + e.getMessage()
                    + " (fix it or remove threatloop.risk.policy-file)", e);
        }
    }
}
