package io.threatloop.analysis.risk;

import io.threatloop.contracts.risk.RiskRating;

/**
 * The OWASP Risk Rating Methodology (owasp.org/www-community/OWASP_Risk_Rating_Methodology):
 * likelihood and impact are the means of their factors; impact is the business impact when
 * the business factors are known, else the technical impact; severity from the matrix.
 */
public final class OwaspRiskRating {

    private OwaspRiskRating() {
    }

    public static RiskRating rate(RiskFactors factors, boolean businessImpactKnown) {
        double likelihood = factors.likelihood();
        double impact = businessImpactKnown ? factors.businessImpact() : factors.technicalImpact();
        Level likelihoodLevel = Level.of(likelihood);
        Level impactLevel = Level.of(impact);
        Severity severity = Severity.of(likelihoodLevel, impactLevel);
        double score = Math.round(likelihood * impact * 100) / 100.0;
        return new RiskRating(likelihood, impact, likelihoodLevel.name(), impactLevel.name(), severity.name(), score,
                factors.asMap());
    }
}
