package io.threatloop.risk.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.analysis.risk.RiskFactors;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.risk.RiskRating;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rating as {@code threat_risks.rating} keeps it: a JSON array {@code [likelihood, impact,
 * likelihoodLevel, impactLevel, severity, score, [the sixteen factors in the methodology's
 * order]]}, about 90 bytes instead of 650 for the named form. A rescore after a policy change
 * reads and rewrites every rating, so their size is its time.
 */
public final class StoredRating {

    /** Position of the score in the array (the register orders by it in SQL). */
    public static final int SCORE = 5;

    private StoredRating() {
    }

    public static String write(RiskRating rating) {
        StringBuilder json = new StringBuilder(96).append('[').append(rating.likelihood()).append(',')
                .append(rating.impact()).append(",\"").append(rating.likelihoodLevel()).append("\",\"")
                .append(rating.impactLevel()).append("\",\"").append(rating.severity()).append("\",")
                .append(rating.score()).append(",[");
        for (int i = 0; i < RiskFactors.NAMES.size(); i++) {
            Integer value = rating.factors().get(RiskFactors.NAMES.get(i));
            if (value == null) {
                throw new IllegalArgumentException("a rating without " + RiskFactors.NAMES.get(i));
            }
            json.append(i == 0 ? "" : ",").append(value);
        }
        return json.append("]]").toString();
    }

    public static RiskRating read(String stored) {
        JsonNode array;
        try {
            array = EventCodec.mapper().readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rating in threat_risks: " + e.getOriginalMessage(), e);
        }
        JsonNode values = array.get(6);
        if (!array.isArray() || array.size() != 7 || values == null || values.size() != RiskFactors.NAMES.size()) {
            throw new IllegalStateException("unreadable rating in threat_risks: " + stored);
        }
        Map<String, Integer> factors = new LinkedHashMap<>();
        for (int i = 0; i < RiskFactors.NAMES.size(); i++) {
            factors.put(RiskFactors.NAMES.get(i), values.get(i).intValue());
        }
        return new RiskRating(array.get(0).doubleValue(), array.get(1).doubleValue(), array.get(2).textValue(),
                array.get(3).textValue(), array.get(4).textValue(), array.get(SCORE).doubleValue(), factors);
    }
}
