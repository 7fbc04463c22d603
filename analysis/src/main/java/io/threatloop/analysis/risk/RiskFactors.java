package io.threatloop.analysis.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sixteen factors of the OWASP Risk Rating Methodology, each 0-9.
 * Likelihood: threat agent (skill level, motive, opportunity, size) and vulnerability (ease of
 * discovery, ease of exploit, awareness, intrusion detection). Impact: technical (loss of
 * confidentiality, integrity, availability, accountability) and business (financial damage,
 * reputation damage, non-compliance, privacy violation).
 */
public record RiskFactors(
        int skillLevel, int motive, int opportunity, int size,
        int easeOfDiscovery, int easeOfExploit, int awareness, int intrusionDetection,
        int lossOfConfidentiality, int lossOfIntegrity, int lossOfAvailability, int lossOfAccountability,
        int financialDamage, int reputationDamage, int nonCompliance, int privacyViolation) {

    public RiskFactors {
        for (Map.Entry<String, Integer> factor : asMap(skillLevel, motive, opportunity, size, easeOfDiscovery,
                easeOfExploit, awareness, intrusionDetection, lossOfConfidentiality, lossOfIntegrity,
                lossOfAvailability, lossOfAccountability, financialDamage, reputationDamage, nonCompliance,
                privacyViolation).entrySet()) {
            if (factor.getValue() < 0 || factor.getValue() > 9) {
                throw new IllegalArgumentException(factor.getKey() + " must be 0-9, was " + factor.getValue());
            }
        }
    }

    public double likelihood() {
        return (skillLevel + motive + opportunity + size + easeOfDiscovery + easeOfExploit + awareness
                + intrusionDetection) / 8.0;
    }

    public double technicalImpact() {
        return (lossOfConfidentiality + lossOfIntegrity + lossOfAvailability + lossOfAccountability) / 4.0;
    }

    public double businessImpact() {
        return (financialDamage + reputationDamage + nonCompliance + privacyViolation) / 4.0;
    }

    /** The factors by their methodology names, in the methodology's order. */
    public Map<String, Integer> asMap() {
        return asMap(skillLevel, motive, opportunity, size, easeOfDiscovery, easeOfExploit, awareness,
                intrusionDetection, lossOfConfidentiality, lossOfIntegrity, lossOfAvailability, lossOfAccountability,
                financialDamage, reputationDamage, nonCompliance, privacyViolation);
    }

    public RiskFactors with(String factor, int value) {
        Map<String, Integer> map = asMap();
        if (!map.containsKey(factor)) {
            throw new IllegalArgumentException("unknown factor " + factor);
        }
        map.put(factor, value);
        return new RiskFactors(map.get("skillLevel"), map.get("motive"), map.get("opportunity"), map.get("size"),
                map.get("easeOfDiscovery"), map.get("easeOfExploit"), map.get("awareness"),
                map.get("intrusionDetection"), map.get("lossOfConfidentiality"), map.get("lossOfIntegrity"),
                map.get("lossOfAvailability"), map.get("lossOfAccountability"), map.get("financialDamage"),
                map.get("reputationDamage"), map.get("nonCompliance"), map.get("privacyViolation"));
    }

    /** The sixteen factor names, in the methodology's order. */
    public static final List<String> NAMES = List.of("skillLevel", "motive", "opportunity", "size",
            "easeOfDiscovery", "easeOfExploit", "awareness", "intrusionDetection", "lossOfConfidentiality",
            "lossOfIntegrity", "lossOfAvailability", "lossOfAccountability", "financialDamage", "reputationDamage",
            "nonCompliance", "privacyViolation");

    private static Map<String, Integer> asMap(int... v) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            map.put(NAMES.get(i), v[i]);
        }
        return map;
    }
}
