package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import io.threatloop.eventstore.ExactlyOnce;
import io.threatloop.eventstore.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rescores on every model event that changes a threat or its surroundings (exposure, data,
 * compliance, mitigations: {@code ModelRiskContext}) and publishes {@code RiskChanged} only where
 * a rating moved, exactly once per model event (inbox + outbox in one transaction).
 */
@ApplicationScoped
public class RiskHandler {

    static final String CONSUMER = "risk-service";
    static final String SOURCE = "/threatloop/risk-service";
    private static final Logger LOG = Logger.getLogger(RiskHandler.class);

    @Inject
    ExactlyOnce exactlyOnce;

    @Inject
    Outbox outbox;

    @Inject
    ActivePolicy policy;

    public Uni<List<RiskChanged>> handle(Envelope<ModelEvent> event) {
        return exactlyOnce.process(CONSUMER, event.id(), () -> decide(event))
                .map(result -> result.orElse(List.of()))
                .invoke(changes -> changes.forEach(c -> LOG.infof("risk of %s on '%s': %s -> %s (%s)",
                        c.ruleId(), c.applicationId(), severity(c.previous()), severity(c.current()), event.type())));
    }

    private Uni<List<RiskChanged>> decide(Envelope<ModelEvent> event) {
        String app = event.data().applicationId();
        ModelEvent data = event.data();
        if (!(data instanceof ThreatIdentified || data instanceof ThreatResolved || data instanceof OwnerTeamAssigned
                || ModelRiskContext.affects(data))) {
            return Uni.createFrom().item(List.of()); // most model events: no context row to read
        }
        return ModelContextRow.<ModelContextRow>findById(app).chain(stored -> {
            ModelRiskContext context = stored == null ? ModelRiskContext.empty()
                    : EventCodec.mapper().convertValue(stored.context, ModelRiskContext.class);
            if (event.data() instanceof ThreatIdentified identified) {
                return identify(event, identified, context);
            }
            if (event.data() instanceof ThreatResolved resolved) {
                return resolve(event, resolved);
            }
            if (event.data() instanceof OwnerTeamAssigned assigned) {
                ModelContextRow row = stored == null ? new ModelContextRow() : stored;
                row.team = assigned.team();
                return save(app, row, context).replaceWith(List.<RiskChanged>of());
            }
            if (ModelRiskContext.affects(event.data())) {
                ModelRiskContext next = context.apply(event.data());
                return save(app, stored, next).chain(() -> rescore(event, app, next));
            }
            return Uni.createFrom().item(List.<RiskChanged>of());
        });
    }

    private Uni<List<RiskChanged>> identify(Envelope<ModelEvent> event, ThreatIdentified identified,
                                            ModelRiskContext context) {
        boolean authenticated = identified.context() == null || identified.context().authenticated();
        String exposure = identified.context() == null ? "unknown" : identified.context().exposure();
        ThreatScorer.Score score = ThreatScorer.score(identified.ruleId(),
                context.forThreat(identified.threatId(), identified.target(), authenticated, exposure),
                policy.current().policy());
        return ThreatRisk.<ThreatRisk>findById(identified.threatId()).chain(existing -> {
            RiskRating previous = existing == null ? null : ratingOf(existing);
            ThreatRisk row = existing == null ? new ThreatRisk() : existing;
            row.threatId = identified.threatId();
            row.applicationId = identified.applicationId();
            row.ruleId = identified.ruleId();
            row.title = identified.title();
            row.target = identified.target();
            row.authenticated = authenticated;
            row.identifiedExposure = exposure;
            if (score.rating().equals(previous)) {
                return row.persist().replaceWith(List.<RiskChanged>of());
            }
            row.severity = score.rating().severity();
            row.rating = toMap(score.rating());
            row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            RiskChanged changed = new RiskChanged(identified.applicationId(), identified.threatId(),
                    identified.ruleId(), identified.title(), previous, score.rating(), score.adjustments(),
                    causes(event, identified.provenance()));
            return row.persist().chain(() -> publish(event, List.of(changed)));
        });
    }

    private Uni<List<RiskChanged>> resolve(Envelope<ModelEvent> event, ThreatResolved resolved) {
        return ThreatRisk.<ThreatRisk>findById(resolved.threatId()).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(List.<RiskChanged>of());
            }
            RiskChanged changed = new RiskChanged(resolved.applicationId(), resolved.threatId(),
                    resolved.ruleId(), resolved.reason(), ratingOf(existing), null, List.of(),
                    causes(event, resolved.provenance()));
            return existing.delete().chain(() -> publish(event, List.of(changed)));
        });
    }

    /** Every open threat of the model under the new context; a change only where the rating moved. */
    private Uni<List<RiskChanged>> rescore(Envelope<ModelEvent> event, String app, ModelRiskContext context) {
        return ThreatRisk.<ThreatRisk>list("applicationId", app).chain(rows -> {
            List<RiskChanged> changes = rescore(rows, row -> context, policy.current().policy(),
                    causes(event, provenanceOf(event.data())));
            return changes.isEmpty() ? Uni.createFrom().item(List.<RiskChanged>of()) : publish(event, changes);
        });
    }

    /** After a policy change: every open threat of every model; a change only where the rating moved. */
    public Uni<List<RiskChanged>> rescoreAll(ActivePolicy.Versioned next) {
        List<Cause> causes = List.of(new Cause("policy", "v" + next.policy().version(),
                "scoring policy version " + next.policy().version()));
        return ModelContextRow.<ModelContextRow>listAll().chain(stored -> {
            Map<String, ModelRiskContext> contexts = new java.util.HashMap<>();
            stored.forEach(row -> contexts.put(row.applicationId,
                    EventCodec.mapper().convertValue(row.context, ModelRiskContext.class)));
            return ThreatRisk.<ThreatRisk>listAll().chain(rows -> {
                List<RiskChanged> changes = rescore(rows,
                        row -> contexts.getOrDefault(row.applicationId, ModelRiskContext.empty()), next.policy(), causes);
                String id = "policy-v" + next.policy().version();
                List<Envelope<RiskChanged>> envelopes = changes.stream().map(changed -> Envelope.of(
                        UUID.randomUUID().toString(), SOURCE, Instant.now(), id, id, changed)).toList();
                return outbox.enqueue(envelopes).replaceWith(changes);
            });
        });
    }

    private static List<RiskChanged> rescore(List<ThreatRisk> rows,
                                             java.util.function.Function<ThreatRisk, ModelRiskContext> contextOf,
                                             io.threatloop.analysis.risk.ScoringPolicy policy, List<Cause> causes) {
        List<RiskChanged> changes = new ArrayList<>();
        for (ThreatRisk row : rows) {
            ThreatScorer.Score score = ThreatScorer.score(row.ruleId, contextOf.apply(row).forThreat(row.threatId,
                    row.target == null ? "" : row.target, row.authenticated == null || row.authenticated,
                    row.identifiedExposure == null ? "unknown" : row.identifiedExposure), policy);
            RiskRating previous = ratingOf(row);
            if (score.rating().equals(previous)) {
                continue;
            }
            row.severity = score.rating().severity();
            row.rating = toMap(score.rating());
            row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            changes.add(new RiskChanged(row.applicationId, row.threatId, row.ruleId, row.title, previous,
                    score.rating(), score.adjustments(), causes));
        }
        return changes;
    }

    private static Uni<Void> save(String app, ModelContextRow stored, ModelRiskContext context) {
        ModelContextRow row = stored == null ? new ModelContextRow() : stored;
        row.applicationId = app;
        row.context = toMap(context);
        row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return row.persist().replaceWithVoid();
    }

    private Uni<List<RiskChanged>> publish(Envelope<ModelEvent> cause, List<RiskChanged> changes) {
        List<Envelope<RiskChanged>> envelopes = changes.stream().map(changed -> Envelope.causedBy(cause,
                UUID.randomUUID().toString(), SOURCE, Instant.now(), changed)).toList();
        return outbox.enqueue(envelopes).replaceWith(changes);
    }

    /** The provenance of a context event that has one (mitigations are recorded by people, without). */
    private static Provenance provenanceOf(ModelEvent event) {
        if (event instanceof EntryPointExposureChanged changed) {
            return changed.provenance();
        }
        if (event instanceof DataAssetsIdentified identified) {
            return identified.provenance();
        }
        if (event instanceof DataClassificationDeclared declared) {
            return declared.provenance();
        }
        if (event instanceof SecurityObjectivesDefined defined) {
            return defined.provenance();
        }
        return null;
    }

    /** The chain of causes, newest first: the model event, the observation, the source revision. */
    static List<Cause> causes(Envelope<ModelEvent> event, Provenance provenance) {
        Cause modelEvent = new Cause("model-event", event.id(), event.type() + " v" + event.data().modelVersion());
        if (provenance == null || provenance.source() == null) {
            return List.of(modelEvent);
        }
        return List.of(modelEvent,
                new Cause("observation", provenance.observationId(), provenance.source().path()),
                new Cause("revision", provenance.source().revision(),
                        provenance.source().kind() + " " + provenance.source().repository()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object value) {
        return EventCodec.mapper().convertValue(value, Map.class);
    }

    private static RiskRating ratingOf(ThreatRisk row) {
        return EventCodec.mapper().convertValue(row.rating, RiskRating.class);
    }

    private static String severity(RiskRating rating) {
        return rating == null ? "none" : rating.severity();
    }
}
