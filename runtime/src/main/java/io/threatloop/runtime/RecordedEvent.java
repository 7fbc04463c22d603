package io.threatloop.runtime;

import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventData;

import java.util.Map;

/** A record read from a topic: the decoded event, or for a DLQ record the raw value and headers. */
public record RecordedEvent(String topic, String key, String value, Map<String, String> headers,
                            Envelope<EventData> event) {

    public boolean is(String type) {
        return event != null && event.type().equals(type);
    }

    @SuppressWarnings("unchecked")
    public <T extends EventData> T data(Class<T> type) {
        return (T) event.data();
    }
}
