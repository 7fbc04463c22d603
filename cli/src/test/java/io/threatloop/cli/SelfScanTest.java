package io.threatloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.cli.inspect.AnalyzeCommand;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.observation.ModelFile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * threatloop models itself: its four OpenAPI documents (written by each service's build, as
 * served at {@code /q/openapi}) go through {@code threatloop analyze}, and every threat found is
 * either fixed or accepted, with a justification, in the repository's own {@code threatmodel.yaml}.
 * An acceptance that matches nothing any more fails too, so the file stays true.
 */
class SelfScanTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SERVICES = List.of("scanner-service", "model-service", "risk-service",
            "notifier-service");

    @Test
    void everyThreatInThreatloopsOwnApisIsFixedOrAcceptedWithAReason() throws Exception {
        ModelFile model = ModelFileReader.read(ModelFileReader.PATH,
                Files.readAllBytes(PROJECT.resolve(ModelFileReader.PATH)));
        Set<String> accepted = new TreeSet<>();
        for (ModelFile.DeclaredAcceptance acceptance : model.acceptedRisks()) {
            assertThat(acceptance.expires()).as("acceptance of %s on %s", acceptance.rule(), acceptance.target())
                    .isAfter(LocalDate.now());
            assertThat(acceptance.justification()).hasSizeGreaterThan(30);
            accepted.add(acceptance.rule() + " " + acceptance.target());
        }

        Set<String> found = new TreeSet<>();
        for (String service : SERVICES) {
            Path document = PROJECT.resolve(service).resolve("target/openapi/openapi.yaml");
            assertThat(document).as("written by the build of " + service).exists();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = AnalyzeCommand.run(List.of(document.toString(), "--json"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(exit).isZero();
            for (JsonNode threat : EventCodec.mapper().readTree(out.toString(StandardCharsets.UTF_8))) {
                found.add(threat.get("ruleId").asText() + " " + threat.get("target").asText());
            }
        }

        List<String> unaccepted = new ArrayList<>(found);
        unaccepted.removeAll(accepted);
        List<String> stale = new ArrayList<>(accepted);
        stale.removeAll(found);
        assertThat(unaccepted).as("threats in threatloop's own APIs, neither fixed nor accepted in threatmodel.yaml")
                .isEmpty();
        assertThat(stale).as("acceptances in threatmodel.yaml that match no threat any more").isEmpty();
    }
}
