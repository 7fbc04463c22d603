package io.threatloop.contracts.risk;

import io.threatloop.contracts.EventData;

/** Events on {@code risk-changes}. */
public sealed interface RiskEvent extends EventData permits RiskChanged {
}
