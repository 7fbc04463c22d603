package io.threatloop.contracts.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How far a countermeasure has come: only implemented and verified ones lower a risk. */
public enum MitigationStatus {
    @JsonProperty("proposed") PROPOSED,
    @JsonProperty("implemented") IMPLEMENTED,
    @JsonProperty("verified") VERIFIED
}
