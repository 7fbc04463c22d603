package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Where a consumer gets the {@link PollQueue} of a channel, with the service's gathering wait. */
@ApplicationScoped
public class PollQueues {

    @ConfigProperty(name = "threatloop.consumers.gather", defaultValue = "50ms")
    Duration gather;

    /** See {@link PollQueue#PollQueue}. */
    public <E> PollQueue<E> of(String what, Function<String, E> decode, Function<List<E>, Uni<Void>> handle) {
        return new PollQueue<>(what, decode, handle, gather);
    }
}
