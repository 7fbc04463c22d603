package io.threatloop.analysis.risk;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named context rules under the default policy, and what an invalid policy is told. */
class ScoringPolicyTest {

    private static final RiskFactors MIDDLE = new RiskFactors(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    private static final ScoringPolicy POLICY = ScoringPolicy.defaults();

    private static ContextRules.Result apply(RiskContext context) {
        return ContextRules.apply(MIDDLE, context, POLICY);
    }

    @Test
    void personalAndRestrictedDataRaiseConfidentialityAndPrivacy() {
        ContextRules.Result personal = apply(new RiskContext(true, "internal", true, false, List.of(), null));
        assertThat(personal.factors().lossOfConfidentiality()).isEqualTo(7);
        assertThat(personal.factors().privacyViolation()).isEqualTo(7);
        assertThat(personal.adjustments()).extracting(a -> a.contextRule()).containsOnly("personal-data");

        ContextRules.Result restricted = apply(new RiskContext(true, "internal", true, true, List.of(), null));
        assertThat(restricted.factors().lossOfConfidentiality()).isEqualTo(9);
    }

    @Test
    void aComplianceScopeRaisesNonCompliance() {
        ContextRules.Result result = apply(new RiskContext(true, "internal", false, false, List.of("GDPR"), null));
        assertThat(result.factors().nonCompliance()).isEqualTo(8);
        assertThat(result.adjustments()).singleElement().satisfies(a -> assertThat(a.reason()).contains("GDPR"));
    }

    @Test
    void implementedAndVerifiedMitigationsLowerTheFactorsTheyAddress() {
        RiskContext exposed = new RiskContext(false, "internet", false, false, List.of(), null);
        assertThat(apply(exposed).factors().easeOfExploit()).isEqualTo(9);

        ContextRules.Result implemented = apply(new RiskContext(false, "internet", false, false, List.of(),
                "implemented"));
        assertThat(implemented.factors().easeOfExploit()).isEqualTo(4);
        assertThat(implemented.factors().opportunity()).isEqualTo(5);

        ContextRules.Result verified = apply(new RiskContext(false, "internet", false, false, List.of(), "verified"));
        assertThat(verified.factors().easeOfExploit()).isEqualTo(2);
        assertThat(verified.factors().easeOfDiscovery()).isEqualTo(3);
        assertThat(verified.adjustments()).extracting(a -> a.contextRule()).contains("mitigation-verified");

        assertThat(apply(new RiskContext(false, "internet", false, false, List.of(), "proposed")).factors())
                .isEqualTo(apply(exposed).factors());
    }

    @Test
    void aRuleLeftOutOfThePolicyDoesNotApply() throws Exception {
        ScoringPolicy onlyExposure = ScoringPolicy.parse("""
                version: 2
                impact: business
                rules:
                  internet-exposure: {raise: {opportunity: 8}}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(onlyExposure.version()).isEqualTo(2);
        assertThat(onlyExposure.businessImpact()).isTrue();
        ContextRules.Result result = ContextRules.apply(MIDDLE,
                new RiskContext(false, "internet", true, false, List.of(), null), onlyExposure);
        assertThat(result.adjustments()).singleElement().satisfies(a -> {
            assertThat(a.factor()).isEqualTo("opportunity");
            assertThat(a.to()).isEqualTo(8);
        });
    }

    @Test
    void anInvalidPolicyNamesTheField() {
        assertThatThrownBy(() -> ScoringPolicy.parse("rules: {}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("version:");
        assertThatThrownBy(() -> ScoringPolicy.parse("version: 1\nrules: {internet: {raise: {size: 9}}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("rules.internet: unknown context rule");
        assertThatThrownBy(() -> ScoringPolicy.parse("version: 1\nrules: {internet-exposure: {raise: {size: 12}}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("rules.internet-exposure.raise.size:");
        assertThatThrownBy(() -> ScoringPolicy.parse("version: 1\nrules: {personal-data: {raise: {secrecy: 9}}}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown factor");
        assertThatThrownBy(() -> ScoringPolicy.parse("version: 1\nimpact: gut feeling"
                .getBytes(StandardCharsets.UTF_8))).hasMessageStartingWith("impact:");
        assertThatThrownBy(() -> ScoringPolicy.parse("version: 1\n  rules: [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ScoringPolicy.InvalidPolicy.class);
    }
}
