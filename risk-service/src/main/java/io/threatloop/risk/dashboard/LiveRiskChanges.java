package io.threatloop.risk.dashboard;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.risk.RiskChanged;
import io.threatloop.contracts.risk.RiskEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code risk-changes} topic as it happens, for the dashboard's live stream. Every replica
 * reads the whole topic from its end under a group of its own (whichever replica relayed a change,
 * each replica's dashboards see it); a viewer that cannot keep up misses changes rather than
 * slowing the others.
 */
@ApplicationScoped
public class LiveRiskChanges {

    private static final Logger LOG = Logger.getLogger(LiveRiskChanges.class);

    /** One risk change as the dashboard shows it. */
    public record LiveRiskChange(String id, Instant time, RiskChanged change) {
    }

    private final BroadcastProcessor<LiveRiskChange> processor = BroadcastProcessor.create();
    /** Open live streams: without one, records are not decoded (a rescore relays tens of thousands). */
    private final AtomicInteger viewers = new AtomicInteger();

    @Incoming("risk-stream")
    void receive(String record) {
        if (viewers.get() == 0) {
            return;
        }
        try {
            Envelope<RiskEvent> event = EventCodec.decode(record, RiskEvent.class);
            if (event.data() instanceof RiskChanged changed) {
                processor.onNext(new LiveRiskChange(event.id(), event.time(), changed));
            }
        } catch (RuntimeException e) {
            // the topic's consumers (not this view) own its dead-letter handling
            LOG.debugf("risk-changes record not shown on dashboards: %s", e.getMessage());
        }
    }

    /** Changes from now on; each subscriber drops what it cannot take in time. */
    public Multi<LiveRiskChange> fromNow() {
        return processor.onOverflow().drop()
                .onSubscription().invoke(viewers::incrementAndGet)
                .onTermination().invoke(viewers::decrementAndGet);
    }
}
