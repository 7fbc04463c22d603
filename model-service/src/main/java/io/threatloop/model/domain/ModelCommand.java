package io.threatloop.model.domain;

import io.threatloop.analysis.threats.RuleEvaluation;
import io.threatloop.contracts.model.Deployment;
import io.threatloop.contracts.model.Provenance;
import io.threatloop.contracts.observation.ModelFile;

import java.time.Instant;
import io.threatloop.contracts.surface.ApiSurface;

/** What an observation asks of a threat model. Validated on construction. */
public sealed interface ModelCommand {

    String applicationId();

    Provenance provenance();

    /** A spec file of the application has this surface now. */
    /** {@code evaluation}: the rules' findings on {@code surface}, which the decision reconciles the threats with. */
    record ApplySpec(String applicationId, String specPath, ApiSurface surface, Provenance provenance,
                     RuleEvaluation evaluation) implements ModelCommand {
        public ApplySpec {
            require(applicationId, "applicationId");
            require(specPath, "specPath");
            if (surface == null) {
                throw new IllegalArgumentException("surface is required");
            }
            if (evaluation == null) {
                evaluation = RuleEvaluation.of(surface);
            }
        }

        /** Every rule evaluated over the whole surface. */
        public ApplySpec(String applicationId, String specPath, ApiSurface surface, Provenance provenance) {
            this(applicationId, specPath, surface, provenance, null);
        }
    }

    /** A spec file of the application is gone. */
    record RemoveSpec(String applicationId, String specPath, Provenance provenance) implements ModelCommand {
        public RemoveSpec {
            require(applicationId, "applicationId");
            require(specPath, "specPath");
        }
    }

    /** A source could not be read; the model keeps its state but records the failure. */
    record RecordScanFailure(String applicationId, String reason, String location, Provenance provenance)
            implements ModelCommand {
        public RecordScanFailure {
            require(applicationId, "applicationId");
            require(reason, "reason");
        }
    }

    /** The application runs as this workload now (first seen or changed); {@code team} is its declared owner. */
    record ApplyWorkload(String applicationId, Deployment deployment, String team, Provenance provenance)
            implements ModelCommand {
        public ApplyWorkload {
            require(applicationId, "applicationId");
            if (deployment == null) {
                throw new IllegalArgumentException("deployment is required");
            }
            require(deployment.id(), "deployment.id");
        }
    }

    /** A workload of the application is gone. */
    record RemoveWorkload(String applicationId, String workloadId, Provenance provenance) implements ModelCommand {
        public RemoveWorkload {
            require(applicationId, "applicationId");
            require(workloadId, "workloadId");
        }
    }

    /** The application's model file says this now. */
    record ApplyModelFile(String applicationId, ModelFile file, Provenance provenance) implements ModelCommand {
        public ApplyModelFile {
            require(applicationId, "applicationId");
            if (file == null) {
                throw new IllegalArgumentException("file is required");
            }
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
