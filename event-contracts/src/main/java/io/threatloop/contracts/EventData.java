package io.threatloop.contracts;

/**
 * The payload of a threatloop CloudEvent. Each topic has a sealed sub-interface in its own
 * package, so a consumer's {@code switch}/{@code instanceof} chain is checked by the compiler.
 */
public interface EventData {
    /** The application the event is about: the CloudEvent subject and the Kafka record key. */
    String applicationId();
}
