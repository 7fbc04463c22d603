package io.threatloop.model.observation;

import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.analysis.threats.RuleCatalogue;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.testsupport.HostileSpecs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuleEvaluationsTest {

    private static ApiSurface surface(int operations) throws Exception {
        return new SpecNormalizer().normalize("openapi.yaml", HostileSpecs.large(operations).getBytes()).surface();
    }

    private static RuleEvaluations holding(long operations) {
        RuleEvaluations evaluations = new RuleEvaluations();
        evaluations.maxOperations = operations;
        return evaluations;
    }

    @Test
    void eachSpecIsJudgedFromItsOwnLastEvaluationAndFindsWhatAllTheRulesFind() throws Exception {
        RuleEvaluations evaluations = holding(1000);
        ApiSurface ten = surface(10);
        ApiSurface nine = surface(9);
        evaluations.evaluate("app", "a.yaml", ten);
        evaluations.evaluate("app", "b.yaml", nine);

        assertThat(evaluations.evaluate("app", "a.yaml", nine).findings()).isEqualTo(RuleCatalogue.evaluate(nine));
        assertThat(evaluations.evaluate("app", "b.yaml", ten).findings()).isEqualTo(RuleCatalogue.evaluate(ten));
        assertThat(evaluations.evaluate("other", "a.yaml", ten).findings()).isEqualTo(RuleCatalogue.evaluate(ten));
        assertThat(evaluations.size()).isEqualTo(3);
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheOperationsHeldExceedTheBudget() throws Exception {
        RuleEvaluations evaluations = holding(25);
        evaluations.evaluate("a", "openapi.yaml", surface(10));
        evaluations.evaluate("b", "openapi.yaml", surface(10));
        evaluations.evaluate("a", "openapi.yaml", surface(9)); // a is now the most recent
        evaluations.evaluate("c", "openapi.yaml", surface(10)); // 29 held: b goes

        assertThat(evaluations.size()).isEqualTo(2);
        evaluations.evaluate("d", "openapi.yaml", surface(40)); // beyond the whole budget: not kept
        assertThat(evaluations.size()).isEqualTo(2);
    }
}
