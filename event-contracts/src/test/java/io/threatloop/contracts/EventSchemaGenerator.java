package io.threatloop.contracts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Derives the JSON Schema of every catalogued event from its record, so the document cannot drift. */
final class EventSchemaGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSchemaGenerator() {
    }

    static ObjectNode generate() {
        ObjectNode root = JSON.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:threatloop:events");
        root.put("title", "threatloop events (CloudEvents 1.0, structured JSON mode)");
        root.put("description", "Generated from io.threatloop.contracts by EventSchemaTest; do not edit by hand.");
        Map<String, ObjectNode> defs = new TreeMap<>();
        ArrayNode oneOf = JSON.arrayNode();
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            defineRecord(entry.payload(), defs);
            ObjectNode event = JSON.objectNode();
            event.put("type", "object");
            event.put("description", entry.type() + " v" + entry.version() + " on topic " + entry.topic());
            event.putArray("required").add("specversion").add("id").add("source").add("type").add("time").add("data");
            ObjectNode props = event.putObject("properties");
            props.putObject("specversion").put("const", "1.0");
            props.putObject("id").put("type", "string");
            props.putObject("source").put("type", "string");
            props.putObject("type").put("const", entry.type());
            props.putObject("time").put("type", "string").put("format", "date-time");
            props.putObject("subject").put("type", "string").put("description", "application id; also the Kafka key");
            props.putObject("datacontenttype").put("const", "application/json");
            props.putObject("dataschema").put("const", entry.dataschema());
            props.putObject("causationid").put("type", "string");
            props.putObject("correlationid").put("type", "string");
            props.putObject("traceparent").put("type", "string").put("pattern",
                    "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$").put("description",
                    "W3C trace context of the span that produced the event (CloudEvents distributed tracing)");
            props.putObject("data").put("$ref", "#/$defs/" + entry.payload().getSimpleName());
            oneOf.add(event);
        }
        root.set("oneOf", oneOf);
        ObjectNode defsNode = root.putObject("$defs");
        defs.forEach(defsNode::set);
        return root;
    }

    private static void defineRecord(Class<?> type, Map<String, ObjectNode> defs) {
        if (defs.containsKey(type.getSimpleName())) {
            return;
        }
        ObjectNode node = JSON.objectNode();
        defs.put(type.getSimpleName(), node);
        node.put("type", "object");
        ObjectNode props = node.putObject("properties");
        ArrayNode required = node.putArray("required");
        for (RecordComponent component : type.getRecordComponents()) {
            props.set(component.getName(), schemaOf(component.getGenericType(), defs));
            if (component.getType().isPrimitive()) {
                required.add(component.getName());
            }
        }
    }

    private static ObjectNode schemaOf(Type type, Map<String, ObjectNode> defs) {
        ObjectNode node = JSON.objectNode();
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                node.put("type", "array");
                node.set("items", schemaOf(args[0], defs));
            } else if (Map.class.isAssignableFrom(raw)) {
                node.put("type", "object");
                node.set("additionalProperties", schemaOf(args[1], defs));
            } else {
                throw new IllegalStateException("unsupported type " + type);
            }
            return node;
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            node.putArray("type").add("string").add("null");
        } else if (cls == java.time.LocalDate.class) {
            node.putArray("type").add("string").add("null");
            node.put("format", "date");
        } else if (cls == Instant.class) {
            node.putArray("type").add("string").add("null");
            node.put("format", "date-time");
        } else if (cls == boolean.class || cls == Boolean.class) {
            node.put("type", "boolean");
        } else if (cls == int.class || cls == long.class || cls == Integer.class || cls == Long.class) {
            if (cls.isPrimitive()) {
                node.put("type", "integer");
            } else {
                node.putArray("type").add("integer").add("null");
            }
        } else if (cls == double.class || cls == Double.class) {
            node.put("type", "number");
        } else if (cls.isEnum()) {
            var values = node.putArray("enum");
            for (Object constant : cls.getEnumConstants()) {
                values.add(EventCodec.mapper().convertValue(constant, String.class));
            }
        } else if (cls.isRecord()) {
            defineRecord(cls, defs);
            node.put("$ref", "#/$defs/" + cls.getSimpleName());
        } else {
            throw new IllegalStateException("unsupported type " + cls);
        }
        return node;
    }
}
