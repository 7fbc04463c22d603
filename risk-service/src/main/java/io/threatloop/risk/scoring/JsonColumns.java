package io.threatloop.risk.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.threatloop.contracts.EventCodec;

import java.util.Map;

/** Values for the JSON columns of the risk register, written the way the events are. */
final class JsonColumns {

    private JsonColumns() {
    }

    static String text(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return EventCodec.mapper().convertValue(value, Map.class);
    }
}
