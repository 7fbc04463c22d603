package io.threatloop.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.risk.Cause;
import io.threatloop.contracts.risk.FactorAdjustment;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskRating;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi/risk-changes.yaml describes exactly what risk-service publishes. */
class AsyncApiDocumentTest {

    private static final JsonNode DOCUMENT = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("../docs/asyncapi/risk-changes.yaml").toFile());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("docs/asyncapi/risk-changes.yaml is missing or not YAML", e);
        }
    }

    private static List<String> properties(String schema) {
        List<String> names = new ArrayList<>();
        DOCUMENT.at("/components/schemas/" + schema + "/properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
    }

    @Test
    void theChannelIsTheTopicRiskServicePublishesTo() {
        assertThat(DOCUMENT.at("/channels/riskChanges/address").asText()).isEqualTo(Topics.RISK_CHANGES);
        assertThat(DOCUMENT.at("/components/messages/RiskChanged/payload/properties/dataschema/const").asText())
                .isEqualTo(EventCatalog.entryFor(RiskChanged.class).dataschema());
    }

    @Test
    void everyFieldOfTheEventIsDescribedAndNothingElse() {
        assertThat(properties("RiskChanged")).containsExactlyInAnyOrderElementsOf(components(RiskChanged.class));
        assertThat(properties("RiskRating")).containsExactlyInAnyOrderElementsOf(components(RiskRating.class));
        assertThat(properties("FactorAdjustment")).containsExactlyInAnyOrderElementsOf(
                components(FactorAdjustment.class));
        assertThat(properties("Cause")).containsExactlyInAnyOrderElementsOf(components(Cause.class));
    }
}
