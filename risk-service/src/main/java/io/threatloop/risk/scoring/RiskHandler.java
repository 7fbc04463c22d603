package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.Provenance;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rescores on every model event that changes a threat and publishes {@code RiskChanged} only
 * when the rating moved, exactly once per model event (inbox + outbox in one transaction).
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

    public Uni<Optional<RiskChanged>> handle(Envelope<ModelEvent> event) {
        return exactlyOnce.process(CONSUMER, event.id(), () -> decide(event))
                .map(result -> result.flatMap(changed -> changed))
                .invoke(changed -> changed.ifPresent(c -> LOG.infof("risk of %s on '%s': %s -> %s",
                        c.ruleId(), c.applicationId(), severity(c.previous()), severity(c.current()))));
    }

    private Uni<Optional<RiskChanged>> decide(Envelope<ModelEvent> event) {
        if (event.data() instanceof ThreatIdentified identified) {
            ThreatScorer.Score score = ThreatScorer.score(identified);
            return ThreatRisk.<ThreatRisk>findById(identified.threatId()).chain(existing -> {
                RiskRating previous = existing == null ? null : ratingOf(existing);
                if (score.rating().equals(previous)) {
                    return Uni.createFrom().item(Optional.<RiskChanged>empty());
                }
                ThreatRisk row = existing == null ? new ThreatRisk() : existing;
                row.threatId = identified.threatId();
                row.applicationId = identified.applicationId();
                row.ruleId = identified.ruleId();
                row.severity = score.rating().severity();
                row.rating = toMap(score.rating());
                row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                RiskChanged changed = new RiskChanged(identified.applicationId(), identified.threatId(),
                        identified.ruleId(), identified.title(), previous, score.rating(), score.adjustments(),
                        causes(event, identified.provenance()));
                return row.persist().chain(() -> publish(event, changed));
            });
        }
        if (event.data() instanceof ThreatResolved resolved) {
            return ThreatRisk.<ThreatRisk>findById(resolved.threatId()).chain(existing -> {
                if (existing == null) {
                    return Uni.createFrom().item(Optional.<RiskChanged>empty());
                }
                RiskChanged changed = new RiskChanged(resolved.applicationId(), resolved.threatId(),
                        resolved.ruleId(), resolved.reason(), ratingOf(existing), null, List.of(),
                        causes(event, resolved.provenance()));
                return existing.delete().chain(() -> publish(event, changed));
            });
        }
        return Uni.createFrom().item(Optional.empty());
    }

    private Uni<Optional<RiskChanged>> publish(Envelope<ModelEvent> cause, RiskChanged changed) {
        Envelope<RiskChanged> envelope = Envelope.causedBy(cause, UUID.randomUUID().toString(), SOURCE,
                Instant.now(), changed);
        return outbox.enqueue(List.of(envelope)).replaceWith(Optional.of(changed));
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
    private static Map<String, Object> toMap(RiskRating rating) {
        return EventCodec.mapper().convertValue(rating, Map.class);
    }

    private static RiskRating ratingOf(ThreatRisk row) {
        return EventCodec.mapper().convertValue(row.rating, RiskRating.class);
    }

    private static String severity(RiskRating rating) {
        return rating == null ? "none" : rating.severity();
    }
}
