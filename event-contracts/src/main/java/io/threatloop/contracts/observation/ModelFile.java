package io.threatloop.contracts.observation;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code threatmodel.yaml} (schema in docs/MODEL-FILE.md): what the owners of an
 * application declare about it. Absent sections are null or empty.
 */
public record ModelFile(int schema, String ownerTeam, SecurityObjectives objectives, List<DataFlow> dataFlows,
                        List<DeclaredAcceptance> acceptedRisks, Map<String, String> classification) {

    /**
     * {@code classification}: data category (e-mail, card-number, ...) -> the level the owners give it
     * ({@code public}, {@code internal}, {@code confidential}, {@code restricted}), overriding the default.
     */
    public ModelFile {
        dataFlows = dataFlows == null ? List.of() : List.copyOf(dataFlows);
        acceptedRisks = acceptedRisks == null ? List.of() : List.copyOf(acceptedRisks);
        classification = classification == null ? Map.of() : Map.copyOf(classification);
    }

    /**
     * What the application must protect: confidentiality, integrity and availability priority
     * ({@code low}, {@code medium}, {@code high}), compliance scopes, availability and response-time
     * requirements, intangible assets.
     */
    public record SecurityObjectives(String confidentiality, String integrity, String availability,
                                     List<String> compliance, String availabilityTarget, Integer responseTimeMs,
                                     List<String> intangibleAssets) {
        public SecurityObjectives {
            compliance = compliance == null ? List.of() : List.copyOf(compliance);
            intangibleAssets = intangibleAssets == null ? List.of() : List.copyOf(intangibleAssets);
        }
    }

    /** A declared data flow: from a client or workload to another, carrying these data, over this protocol. */
    public record DataFlow(String from, String to, List<String> data, String protocol) {
        public DataFlow {
            data = data == null ? List.of() : List.copyOf(data);
        }
    }

    /** The owners accept the risk of {@code rule} on {@code target} until {@code expires}, for this reason. */
    public record DeclaredAcceptance(String rule, String target, String justification, LocalDate expires) {
    }
}
