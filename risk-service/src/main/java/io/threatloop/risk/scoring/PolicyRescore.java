package io.threatloop.risk.scoring;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.threatloop.analysis.risk.ModelRiskContext;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.eventstore.CallerContext;
import io.threatloop.eventstore.Outbox;
import io.threatloop.risk.register.RiskTrend;
import io.threatloop.risk.scoring.ThreatRiskRows.OpenThreat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/** Every open threat of every model scored again after a new scoring policy ({@link RescorePages} does the scoring). */
@ApplicationScoped
public class PolicyRescore {

    @Inject
    Outbox outbox;

    @Inject
    RiskTrend trend;

    /**
     * After a policy change: every open threat of every model, a page at a time, in the caller's
     * transaction; a change only where the rating moved. Returns how many ratings moved.
     *
     * <p>Pipelined over two cores: while the database writes one page's ratings and events and
     * reads the next page, a worker thread scores the page read before and encodes its events.
     * At most three pages are in memory.
     */
    public Uni<Integer> rescoreAll(ActivePolicy.Versioned next) {
        List<Cause> causes = List.of(new Cause("policy", "v" + next.policy().version(),
                "scoring policy version " + next.policy().version()));
        Executor onContext = CallerContext.executor(Runnable::run);
        return ModelContextRow.<ModelContextRow>listAll().chain(stored -> {
            Map<String, ModelRiskContext> contexts = new HashMap<>();
            stored.forEach(row -> contexts.put(row.applicationId,
                    EventCodec.mapper().convertValue(row.context, ModelRiskContext.class)));
            RescorePages rescore = new RescorePages(
                    row -> contexts.getOrDefault(row.applicationId(), ModelRiskContext.empty()), next.policy(), causes);
            String causesJson = JsonColumns.text(causes);
            return ThreatRiskRows.pageAfter(null)
                    .chain(first -> rescorePages(null, first, rescore, causesJson, onContext))
                    .chain(() -> trend.record(rescore.moved()))
                    .map(recorded -> rescore.changes());
        });
    }

    /** Writes {@code prepared} and reads the page after {@code rows} while a worker prepares {@code rows}. */
    private Uni<Void> rescorePages(RescorePages.Page prepared, List<OpenThreat> rows, RescorePages rescore,
                                   String causes, Executor onContext) {
        if (rows.isEmpty()) {
            return write(prepared, causes);
        }
        Uni<List<OpenThreat>> writtenThenRead = write(prepared, causes)
                .chain(() -> ThreatRiskRows.pageAfter(rows.get(rows.size() - 1).threatId()));
        Uni<RescorePages.Page> scored = Uni.createFrom().item(() -> rescore.prepare(rows))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Uni.combine().all().unis(writtenThenRead, scored).asTuple()
                .emitOn(onContext) // the session is bound to its Vert.x context
                .chain(both -> rescorePages(both.getItem2(), both.getItem1(), rescore, causes, onContext));
    }

    private Uni<Void> write(RescorePages.Page page, String causes) {
        return page == null ? Uni.createFrom().voidItem()
                : ThreatRiskRows.update(page.ratings(), causes).chain(() -> outbox.enqueue(page.events()));
    }
}
