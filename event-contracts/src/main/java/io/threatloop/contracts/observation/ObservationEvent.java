package io.threatloop.contracts.observation;

import io.threatloop.contracts.EventData;

/** Events on {@code api-observations}: what the scanner saw. */
public sealed interface ObservationEvent extends EventData permits SpecObserved, SpecRemoved, ScanFailed, WorkloadObserved,
        WorkloadRemoved, ModelFileObserved {
    SourceRef source();
}
