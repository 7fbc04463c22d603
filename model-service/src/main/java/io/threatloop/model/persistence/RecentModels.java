package io.threatloop.model.persistence;

import io.threatloop.model.domain.ThreatModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The models this replica decided on lately, as their committed state: loading one reads only
 * the events stored after it ({@link ModelEventStore#load}), so a write by another replica is
 * never missed, and an unchanged model costs one indexed query instead of a snapshot's JSON and
 * the events after it. Bounded by the entry points and threats held (least recently used go
 * first); only states a transaction committed are put here.
 */
@ApplicationScoped
public class RecentModels {

    /** At about 400 bytes per entry point or threat held, the default keeps some 40 MB. */
    @ConfigProperty(name = "threatloop.model.recent-models.max-elements", defaultValue = "100000")
    long maxElements;

    private final LinkedHashMap<String, ThreatModel> byApplication = new LinkedHashMap<>(64, 0.75f, true);
    private long elements;

    public synchronized Optional<ThreatModel> get(String applicationId) {
        return Optional.ofNullable(byApplication.get(applicationId));
    }

    /** Keeps {@code model} as committed, unless a later version of it is kept already. */
    public synchronized void committed(ThreatModel model) {
        ThreatModel kept = byApplication.get(model.applicationId());
        if (kept != null && kept.version() >= model.version()) {
            return;
        }
        if (kept != null) {
            elements -= weight(kept);
            byApplication.remove(model.applicationId());
        }
        long weight = weight(model);
        if (weight > maxElements) {
            return; // larger than the whole budget: loaded from its snapshot each time
        }
        byApplication.put(model.applicationId(), model);
        elements += weight;
        Iterator<Map.Entry<String, ThreatModel>> eldest = byApplication.entrySet().iterator();
        while (elements > maxElements && eldest.hasNext()) {
            elements -= weight(eldest.next().getValue());
            eldest.remove();
        }
    }

    synchronized int size() {
        return byApplication.size();
    }

    private static long weight(ThreatModel model) {
        return 1L + model.entryPoints().size() + model.threats().size();
    }
}
