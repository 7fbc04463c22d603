package io.threatloop.contracts.model;

import io.threatloop.contracts.observation.SourceRef;

/** The observation (and through it the commit or resource version) a model decision came from. */
public record Provenance(String observationId, SourceRef source) {
}
