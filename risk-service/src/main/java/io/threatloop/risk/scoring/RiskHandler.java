package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.threatloop.analysis.risk.ScoringPolicy;
import io.threatloop.analysis.risk.ThreatRating;
import io.threatloop.risk.register.RiskTrend;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.api.tracing.EventTracing;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.IgnoredEvents;
import io.threatloop.contracts.model.AcceptedRisksDeclared;
import io.threatloop.contracts.model.ChangeProposed;
import io.threatloop.contracts.model.DataAssetsIdentified;
import io.threatloop.contracts.model.DataClassificationDeclared;
import io.threatloop.contracts.model.DataFlowsDeclared;
import io.threatloop.contracts.model.EntryPointAdded;
import io.threatloop.contracts.model.EntryPointChanged;
import io.threatloop.contracts.model.EntryPointExposureChanged;
import io.threatloop.contracts.model.EntryPointRemoved;
import io.threatloop.contracts.model.ModelCreated;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.ModelReviewed;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.model.RiskAccepted;
import io.threatloop.contracts.model.ThreatMarkedFalsePositive;
import io.threatloop.contracts.model.SecurityObjectivesDefined;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.contracts.model.ThreatResolved;
import io.threatloop.contracts.model.SourceScanFailed;
import io.threatloop.contracts.model.WorkloadDeployed;
import io.threatloop.contracts.model.WorkloadWithdrawn;
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
import java.util.Set;
import java.util.UUID;

/**
 * Rescores on every model event that changes a threat or its surroundings (exposure, data,
 * compliance, mitigations: {@code ModelRiskContext}) and publishes {@code RiskChanged} only where
 * a rating moved, exactly once per model event (inbox + outbox in one transaction, a poll's
 * events at a time).
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

    @Inject
    ModelOwners owners;

    @Inject
    RiskTrend trend;

    @Inject
    EventTracing tracing;

    /**
     * A batch of model events in one transaction, in their order; each model whose ratings or
     * standings moved gets one trend point at the end (one per change counted all the model's
     * threats each time: onboarding a 12,500-threat model did that 25,000 times). What moved is
     * logged once the transaction committed (a retried transaction would otherwise log it twice),
     * and a model's new owner is announced to the live streams only then: announced earlier, a
     * stream could read the old owner again before the commit and keep showing it the model.
     */
    public Uni<Void> handleAll(List<Envelope<ModelEvent>> events) {
        List<String> lines = new ArrayList<>();
        Set<String> ownersMoved = new java.util.HashSet<>();
        return exactlyOnce.processAllOnConnection(CONSUMER, events, (connection, fresh) -> {
                    lines.clear();
                    ownersMoved.clear();
                    // the policy in force, read (and its lock taken) once per transaction, when an event needs it
                    Uni<ActivePolicy.Versioned> inForce = policy.inForce(connection).memoize().indefinitely();
                    Batch batch = new Batch(ownersMoved, new BatchRows(connection));
                    return batch.preload(fresh).chain(() -> ExactlyOnce.inOrder(fresh, event -> traced(event,
                                    traced -> decide(traced, inForce, batch)).invoke(changes -> changes.forEach(c -> {
                                batch.moved.add(c.applicationId());
                                lines.add(String.format("risk of %s on '%s': %s -> %s (%s)", c.ruleId(),
                                        c.applicationId(), severity(c.previous()), severity(c.current()), event.type()));
                            }))))
                            .chain(batch.rows::flush)
                            .chain(() -> outbox.enqueue(connection, Outbox.encode(batch.outgoing)))
                            .chain(() -> trend.record(connection, batch.moved));
                })
                .invoke(() -> {
                    ownersMoved.forEach(owners::changed);
                    lines.forEach(LOG::info);
                });
    }

    /**
     * What the model events of one transaction share: the models whose ratings or standings moved,
     * the risk changes to queue (once, at the end: a row per 500 records instead of one per
     * change), and the threats' and models' rows ({@link BatchRows}), read with one query per
     * thousand instead of one per event.
     */
    private static final class Batch {
        final Set<String> moved = new java.util.TreeSet<>();
        /** Models whose owning team this transaction changes. */
        final Set<String> ownersMoved;
        final List<Envelope<RiskChanged>> outgoing = new ArrayList<>();
        final BatchRows rows;

        Batch(Set<String> ownersMoved, BatchRows rows) {
            this.ownersMoved = ownersMoved;
            this.rows = rows;
        }

        Uni<Void> preload(List<Envelope<ModelEvent>> events) {
            List<String> threats = events.stream().map(event -> threatIdOf(event.data()))
                    .filter(java.util.Objects::nonNull).distinct().toList();
            List<String> models = events.stream().filter(event -> readsContext(stepFor(event.data())))
                    .map(event -> event.data().applicationId()).distinct().toList();
            return rows.load(threats, models);
        }

        private static String threatIdOf(ModelEvent event) {
            if (event instanceof ThreatIdentified identified) {
                return identified.threatId();
            }
            if (event instanceof ThreatResolved resolved) {
                return resolved.threatId();
            }
            if (event instanceof RiskAccepted accepted) {
                return accepted.threatId();
            }
            return event instanceof ThreatMarkedFalsePositive marked ? marked.threatId() : null;
        }
    }

    /**
     * Decides in a span of the event's trace when the event asks something of the register, the
     * risk changes then carrying the span's context (most model events ask nothing: no span).
     */
    private Uni<List<RiskChanged>> traced(Envelope<ModelEvent> event,
                                          java.util.function.Function<Envelope<ModelEvent>, Uni<List<RiskChanged>>> decide) {
        return stepFor(event.data()) == Step.NONE ? decide.apply(event)
                : tracing.hop("risk-service score", event, traceparent -> decide.apply(event.withTraceparent(traceparent)));
    }

    /** What a model event asks of the risk register. */
    enum Step { STANDING, IDENTIFY, RESOLVE, OWNER, CONTEXT, NONE }

    /** What says nothing about a threat's risk: structure without threats, reviews, proposals, deployments (they arrive as exposure). */
    static final IgnoredEvents IGNORED = IgnoredEvents.by("RiskHandler.stepFor", ModelCreated.class,
            EntryPointAdded.class, EntryPointChanged.class, EntryPointRemoved.class, SourceScanFailed.class,
            ModelReviewed.class, ChangeProposed.class, WorkloadDeployed.class, WorkloadWithdrawn.class,
            DataFlowsDeclared.class, AcceptedRisksDeclared.class);

    /** Whether deciding the step needs the model's stored context (and team). */
    static boolean readsContext(Step step) {
        return step == Step.IDENTIFY || step == Step.OWNER || step == Step.CONTEXT;
    }

    static Step stepFor(ModelEvent data) {
        if (data instanceof RiskAccepted || data instanceof ThreatMarkedFalsePositive) {
            return Step.STANDING;
        }
        if (data instanceof ThreatIdentified) {
            return Step.IDENTIFY;
        }
        if (data instanceof ThreatResolved) {
            return Step.RESOLVE;
        }
        if (data instanceof OwnerTeamAssigned) {
            return Step.OWNER;
        }
        if (ModelRiskContext.affects(data)) {
            return Step.CONTEXT;
        }
        IGNORED.require(data);
        return Step.NONE;
    }

    private Uni<List<RiskChanged>> decide(Envelope<ModelEvent> event, Uni<ActivePolicy.Versioned> policyInForce,
                                          Batch batch) {
        String app = event.data().applicationId();
        ModelEvent data = event.data();
        Step step = stepFor(data);
        if (step == Step.NONE) {
            return Uni.createFrom().item(List.of()); // most model events: no context row to read
        }
        if (data instanceof RiskAccepted accepted) {
            return stand(batch, app, accepted.threatId(), "accepted", accepted.expiresAt(), accepted.acceptedBy(),
                    accepted.justification());
        }
        if (data instanceof ThreatMarkedFalsePositive marked) {
            return stand(batch, app, marked.threatId(), "false-positive", marked.expiresAt(), marked.markedBy(),
                    marked.justification());
        }
        if (data instanceof ThreatResolved resolved) {
            return resolve(batch, event, resolved); // the threat's row says all a resolution needs
        }
        return batch.rows.context(app).chain(stored -> {
            ModelRiskContext context = stored == null ? ModelRiskContext.empty()
                    : EventCodec.mapper().convertValue(stored.context, ModelRiskContext.class);
            return switch (step) {
                case IDENTIFY -> policyInForce.chain(inForce -> identify(batch, event, (ThreatIdentified) data,
                        context, inForce.policy()));
                case OWNER -> {
                    ModelContextRow row = stored == null ? new ModelContextRow() : stored;
                    row.team = ((OwnerTeamAssigned) data).team();
                    yield save(batch, app, row, context).invoke(() -> batch.ownersMoved.add(app))
                            .replaceWith(List.<RiskChanged>of());
                }
                case CONTEXT -> {
                    ModelRiskContext next = context.apply(data);
                    // a data asset's locations moved, not whether the model holds personal data: no
                    // rating can move, and reading every threat of a large model would cost O(model)
                    yield save(batch, app, stored, next).chain(() -> next.ratesAlike(context)
                            ? Uni.createFrom().item(List.<RiskChanged>of())
                            : policyInForce.chain(inForce -> rescore(batch, event, app, next, inForce.policy())));
                }
                case STANDING, RESOLVE, NONE -> Uni.createFrom().item(List.<RiskChanged>of()); // decided above
            };
        });
    }

    private Uni<List<RiskChanged>> identify(Batch batch, Envelope<ModelEvent> event, ThreatIdentified identified,
                                            ModelRiskContext context, ScoringPolicy inForce) {
        boolean authenticated = identified.context() == null || identified.context().authenticated();
        String exposure = identified.context() == null ? "unknown" : identified.context().exposure();
        ThreatRating.Score score = ThreatScorer.score(identified.ruleId(),
                context.forThreat(identified.threatId(), identified.target(), authenticated, exposure), inForce);
        return batch.rows.threat(identified.threatId()).chain(existing -> {
            RiskRating previous = existing == null ? null : ratingOf(existing);
            ThreatRisk row = existing == null ? new ThreatRisk() : existing;
            row.threatId = identified.threatId();
            row.applicationId = identified.applicationId();
            row.ruleId = identified.ruleId();
            row.title = identified.title();
            row.target = identified.target();
            row.authenticated = authenticated;
            row.identifiedExposure = exposure;
            row.standing = null; // identified again: open again, as in the model
            row.standingUntil = null;
            row.standingBy = null;
            row.justification = null;
            if (score.rating().equals(previous)) {
                batch.rows.save(row);
                return Uni.createFrom().item(List.<RiskChanged>of());
            }
            row.severity = score.rating().severity();
            row.rating = StoredRating.write(score.rating());
            row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            RiskChanged changed = new RiskChanged(identified.applicationId(), identified.threatId(),
                    identified.ruleId(), identified.title(), previous, score.rating(), score.adjustments(),
                    causes(event, identified.provenance()));
            row.causes = JsonColumns.text(changed.causes());
            batch.rows.save(row);
            return Uni.createFrom().item(publish(batch, event, List.of(changed)));
        });
    }

    private Uni<List<RiskChanged>> resolve(Batch batch, Envelope<ModelEvent> event, ThreatResolved resolved) {
        return batch.rows.threat(resolved.threatId()).chain(existing -> {
            if (existing == null) {
                return Uni.createFrom().item(List.<RiskChanged>of());
            }
            RiskChanged changed = new RiskChanged(resolved.applicationId(), resolved.threatId(),
                    resolved.ruleId(), resolved.reason(), ratingOf(existing), null, List.of(),
                    causes(event, resolved.provenance()));
            batch.rows.delete(resolved.threatId());
            return Uni.createFrom().item(publish(batch, event, List.of(changed)));
        });
    }

    /**
     * The owner accepted a threat's risk or marked it a false positive: the rating stays, the
     * threat stops counting towards the model's severity until {@code until}. Nothing to publish:
     * no rating moved.
     */
    private Uni<List<RiskChanged>> stand(Batch batch, String app, String threatId, String standing,
                                         Instant until, String by, String justification) {
        return batch.rows.threat(threatId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(List.<RiskChanged>of()); // resolved meanwhile
            }
            row.standing = standing;
            row.standingUntil = until == null ? null : until.atOffset(ZoneOffset.UTC);
            row.standingBy = by;
            row.justification = justification;
            batch.rows.save(row);
            batch.moved.add(app);
            return Uni.createFrom().item(List.<RiskChanged>of());
        });
    }

    /** Every open threat of the model under the new context; a change only where the rating moved. */
    private Uni<List<RiskChanged>> rescore(Batch batch, Envelope<ModelEvent> event, String app,
                                           ModelRiskContext context, ScoringPolicy inForce) {
        // what the batch changed so far is written first: the rescore reads the model's rows from the table
        return batch.rows.flush().chain(() -> ThreatRiskRows.ofModel(batch.rows.connection(), app)).chain(rows -> {
            Rescoring rescore = Rescoring.of(rows, row -> context, inForce,
                    causes(event, provenanceOf(event.data())));
            if (rescore.changes().isEmpty()) {
                return Uni.createFrom().item(List.<RiskChanged>of());
            }
            String causes = JsonColumns.text(rescore.changes().get(0).causes());
            return ThreatRiskRows.update(batch.rows.connection(), rescore.ratings(), causes)
                    .invoke(() -> batch.rows.rated(rescore.ratings(), causes))
                    .replaceWith(() -> publish(batch, event, rescore.changes()));
        });
    }

    private static Uni<Void> save(Batch batch, String app, ModelContextRow stored, ModelRiskContext context) {
        ModelContextRow row = stored == null ? new ModelContextRow() : stored;
        row.applicationId = app;
        row.context = JsonColumns.map(context);
        row.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        batch.rows.save(row);
        return Uni.createFrom().voidItem();
    }

    /** Queues the changes for the batch's outbox write; returns them. */
    private static List<RiskChanged> publish(Batch batch, Envelope<ModelEvent> cause, List<RiskChanged> changes) {
        changes.forEach(changed -> batch.outgoing.add(Envelope.causedBy(cause, UUID.randomUUID().toString(), SOURCE,
                Instant.now(), changed)));
        return changes;
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

    private static RiskRating ratingOf(ThreatRisk row) {
        return StoredRating.read(row.rating);
    }

    private static String severity(RiskRating rating) {
        return rating == null ? "none" : rating.severity();
    }
}
