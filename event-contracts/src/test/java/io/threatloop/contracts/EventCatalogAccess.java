package io.threatloop.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** The catalogue's upcasting with upcasters of a test's own, for the golden tests in another package. */
public final class EventCatalogAccess {

    private EventCatalogAccess() {
    }

    public static ObjectNode upcast(EventCatalog.Entry entry, int version, ObjectNode data,
                                    Map<String, EventCatalog.Upcaster> steps) {
        return EventCatalog.upcast(entry, version, data, steps);
    }
}
