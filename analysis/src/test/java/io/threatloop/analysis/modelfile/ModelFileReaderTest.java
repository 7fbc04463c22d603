package io.threatloop.analysis.modelfile;

import io.threatloop.analysis.spec.SpecException;
import io.threatloop.contracts.observation.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileReaderTest {

    static final String FULL = """
            threatmodel: 1
            owner: {team: payments}
            objectives:
              confidentiality: high
              integrity: high
              availability: medium
              compliance: [GDPR, PCI-DSS]
              availabilityTarget: "99.9%"
              responseTimeMs: 300
              intangibleAssets: [customer trust]
            dataFlows:
              - {from: mobile-app, to: accounts, data: [email, card number], protocol: https}
            acceptedRisks:
              - rule: API9-DOCUMENTED-NOT-DEPLOYED
                target: GET /accounts/{}/statements
                justification: ships next sprint
                expires: 2027-03-31
            classification:
              e-mail: restricted
            """;

    private static ModelFile read(String yaml) throws SpecException {
        return ModelFileReader.read("threatmodel.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everySectionIsRead() throws Exception {
        ModelFile file = read(FULL);

        assertThat(file.ownerTeam()).isEqualTo("payments");
        assertThat(file.objectives().confidentiality()).isEqualTo("high");
        assertThat(file.objectives().compliance()).containsExactly("GDPR", "PCI-DSS");
        assertThat(file.objectives().responseTimeMs()).isEqualTo(300);
        assertThat(file.dataFlows()).singleElement().satisfies(flow -> {
            assertThat(flow.from()).isEqualTo("mobile-app");
            assertThat(flow.data()).containsExactly("email", "card number");
        });
        assertThat(file.classification()).containsExactly(java.util.Map.entry("e-mail", "restricted"));
        assertThat(file.acceptedRisks()).singleElement().satisfies(risk -> {
            assertThat(risk.rule()).isEqualTo("API9-DOCUMENTED-NOT-DEPLOYED");
            assertThat(risk.expires()).isEqualTo(LocalDate.of(2027, 3, 31));
        });
    }

    @Test
    void onlyTheSchemaVersionIsRequired() throws Exception {
        ModelFile file = read("threatmodel: 1\n");
        assertThat(file.ownerTeam()).isNull();
        assertThat(file.objectives()).isNull();
        assertThat(file.dataFlows()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "threatmodel: 2|threatmodel: must be 1",
            "owner: {team: payments}|threatmodel: must be 1",
            "threatmodel: 1\\nowners: {team: x}|owners: unknown key",
            "threatmodel: 1\\nowner: {team: Payments Team}|owner.team: a team name",
            "threatmodel: 1\\nobjectives: {confidentiality: extreme}|objectives.confidentiality: must be low, medium or high",
            "threatmodel: 1\\nobjectives: {compliance: [GDPR, FOO]}|objectives.compliance[1]: unknown scope 'FOO'",
            "threatmodel: 1\\nacceptedRisks: [{rule: API2-NO-AUTH, target: x, justification: y, expires: soon}]|acceptedRisks[0].expires: must be a date",
            "threatmodel: 1\\nacceptedRisks: [{rule: API2-NO-AUTH, target: x, expires: 2027-01-01}]|acceptedRisks[0].justification: is required",
            "threatmodel: 1\\ndataFlows: [{from: a}]|dataFlows[0].to: is required",
            "- just a list|the model file is a YAML mapping",
            "threatmodel: 1\\nclassification: {e-mail: secret}|classification.e-mail: must be public, internal",
            "threatmodel: 1\\nclassification: {shoe-size: public}|classification.shoe-size: unknown key",
            "threatmodel: [1|invalid YAML"})
    void anInvalidFileSaysWhereAndWhat(String yaml, String expected) {
        assertThatThrownBy(() -> read(yaml.replace("\\n", "\n")))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining(expected);
    }
}
