package io.threatloop.contracts.golden;

import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCatalog;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.EventData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One golden event per catalogued (type, version): {@code golden/<type>.v<version>.json}, the
 * wire form services wrote at that version, kept as it was. Decoding them is what old records in
 * topics, outboxes and event stores will need; other modules' tests drive them through their
 * folds (the test jar of event-contracts carries them).
 */
public final class GoldenEvents {

    private GoldenEvents() {
    }

    /** Where the fixture of a (type, version) is on the class path. */
    public static String resource(String type, int version) {
        return "golden/" + type + ".v" + version + ".json";
    }

    /** The golden fixture's text, or empty when there is none yet. */
    public static Optional<String> json(String type, int version) {
        try (InputStream in = GoldenEvents.class.getClassLoader().getResourceAsStream(resource(type, version))) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every catalogued type at its current version, decoded from its golden fixture. */
    public static List<Envelope<EventData>> current() {
        List<Envelope<EventData>> events = new ArrayList<>();
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            String json = json(entry.type(), entry.version()).orElseThrow(() -> new IllegalStateException(
                    "no golden fixture " + resource(entry.type(), entry.version())));
            events.add(EventCodec.decode(json));
        }
        return events;
    }

    /** Every catalogued payload of {@code family} (e.g. ModelEvent), one per type. */
    public static <T extends EventData> List<T> of(Class<T> family) {
        return current().stream().map(Envelope::data).filter(family::isInstance).map(family::cast).toList();
    }

    /**
     * A sample of a payload record with every component set, for a new fixture: texts name their
     * component, numbers are 1, lists and maps hold one sample, enums and sealed families their
     * first member.
     */
    public static Object sample(Type type, String name) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return name;
        }
        if (raw == int.class || raw == Integer.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 1L;
        }
        if (raw == double.class || raw == Double.class) {
            return 5.0;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return true;
        }
        if (raw == Instant.class) {
            return Instant.parse("2026-11-01T10:00:00Z");
        }
        if (raw == LocalDate.class) {
            return LocalDate.parse("2027-03-31");
        }
        if (raw == Duration.class) {
            return Duration.ofDays(7);
        }
        if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        }
        if (List.class.isAssignableFrom(raw)) {
            return List.of(sample(argument(type, 0), singular(name)));
        }
        if (Set.class.isAssignableFrom(raw)) {
            return new TreeSet<>(List.of((Comparable<?>) sample(argument(type, 0), singular(name))));
        }
        if (Map.class.isAssignableFrom(raw)) {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put(sample(argument(type, 0), name + "-key"), sample(argument(type, 1), name + "-value"));
            return map;
        }
        if (raw.isArray()) {
            Object array = Array.newInstance(raw.getComponentType(), 1);
            Array.set(array, 0, sample(raw.getComponentType(), name));
            return array;
        }
        if (raw.isSealed()) {
            return sample(raw.getPermittedSubclasses()[0], name);
        }
        if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), components[i].getName());
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = raw.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a sample " + raw.getSimpleName() + ": "
                        + (e.getCause() != null ? e.getCause() : e), e);
            }
        }
        throw new IllegalStateException("no sample for " + type.getTypeName() + " (" + name + ")");
    }

    private static String singular(String name) {
        return name.endsWith("s") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("no sample for " + type.getTypeName());
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type argument = p.getActualTypeArguments()[index];
            return argument instanceof java.lang.reflect.WildcardType w ? w.getUpperBounds()[0] : argument;
        }
        return String.class;
    }
}
