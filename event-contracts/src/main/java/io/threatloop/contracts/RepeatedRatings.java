package io.threatloop.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.threatloop.contracts.risk.RiskRating;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes each distinct {@link RiskRating} once and repeats its JSON: a rescore after a policy
 * change encodes tens of thousands of {@code RiskChanged}, and threats of one rule in one context
 * share their ratings, which are most of each event's bytes. The JSON is what the plain mapper
 * writes; ratings are immutable values, so a repeated one is the same text.
 */
final class RepeatedRatings extends StdSerializer<RiskRating> {

    /** Distinct ratings kept at most; then the memory starts over (a policy has a few hundred). */
    private static final int KEPT = 4096;

    private final ObjectMapper plain;
    private final ConcurrentHashMap<RiskRating, String> written = new ConcurrentHashMap<>();

    RepeatedRatings(ObjectMapper plain) {
        super(RiskRating.class);
        this.plain = plain;
    }

    @Override
    public void serialize(RiskRating rating, JsonGenerator json, SerializerProvider provider) throws IOException {
        if (json instanceof TokenBuffer) { // convertValue, valueToTree: tokens, not text
            plain.writeValue(json, rating);
            return;
        }
        String text = written.get(rating);
        if (text == null) {
            text = plain.writeValueAsString(rating);
            if (written.size() >= KEPT) {
                written.clear();
            }
            written.put(rating, text);
        }
        json.writeRawValue(text);
    }
}
