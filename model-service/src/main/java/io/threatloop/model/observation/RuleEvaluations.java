package io.threatloop.model.observation;

import io.threatloop.analysis.threats.RuleEvaluation;
import io.threatloop.contracts.surface.ApiSurface;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last rule evaluation of each spec this replica was sent, so that the next surface of the
 * spec is judged by what changed in it ({@link RuleEvaluation#next}). What it keeps cannot make a
 * decision wrong, only faster: an evaluation's findings are those of its surface whichever
 * evaluation it started from (a rolled-back decision, another replica's write, an evicted entry
 * only cost a full evaluation). Bounded by the operations held, least recently used go first.
 */
@ApplicationScoped
public class RuleEvaluations {

    /** The surfaces' operations are what is held: at a few KB each, the default keeps some 60 MB at most. */
    @ConfigProperty(name = "threatloop.model.rule-evaluations.max-operations", defaultValue = "20000")
    long maxOperations;

    private final LinkedHashMap<String, RuleEvaluation> bySpec = new LinkedHashMap<>(64, 0.75f, true);
    private long operations;

    /** The evaluation of {@code surface}, the spec {@code specPath} of {@code applicationId}, kept for its next one. */
    public RuleEvaluation evaluate(String applicationId, String specPath, ApiSurface surface) {
        String key = applicationId + "\n" + specPath;
        RuleEvaluation before = take(key);
        RuleEvaluation evaluation = before == null ? RuleEvaluation.of(surface) : before.next(surface);
        keep(key, evaluation);
        return evaluation;
    }

    private synchronized RuleEvaluation take(String key) {
        RuleEvaluation kept = bySpec.remove(key);
        if (kept != null) {
            operations -= kept.operations();
        }
        return kept;
    }

    private synchronized void keep(String key, RuleEvaluation evaluation) {
        if (evaluation.operations() > maxOperations) {
            return; // larger than the whole budget: evaluated in full each time
        }
        RuleEvaluation replaced = bySpec.put(key, evaluation);
        operations += evaluation.operations() - (replaced == null ? 0 : replaced.operations());
        Iterator<Map.Entry<String, RuleEvaluation>> eldest = bySpec.entrySet().iterator();
        while (operations > maxOperations && eldest.hasNext()) {
            operations -= eldest.next().getValue().operations();
            eldest.remove();
        }
    }

    synchronized int size() {
        return bySpec.size();
    }
}
