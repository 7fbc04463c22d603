package io.threatloop.contracts;

/**
 * An event larger than any topic takes ({@link EventCodec#MAX_EVENT_CHARS}): refused where it
 * is made, so it never blocks a relay. An API answers it with 413 naming the limit; a consumer
 * dead-letters the record that caused it.
 */
public final class EventTooLarge extends RuntimeException {

    private final String type;
    private final long size;

    public EventTooLarge(String type, long size) {
        super(type + " event of " + size + " characters of JSON; an event is at most " + EventCodec.MAX_EVENT_CHARS
                + " (Kafka takes 1 MiB per record)");
        this.type = type;
        this.size = size;
    }

    public String type() {
        return type;
    }

    public long size() {
        return size;
    }
}
