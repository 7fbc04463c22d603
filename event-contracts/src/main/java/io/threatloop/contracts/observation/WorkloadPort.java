package io.threatloop.contracts.observation;

/** A port a workload serves: its name, number, protocol and the container port it maps to. */
public record WorkloadPort(String name, int port, String protocol, String targetPort) {
}
