package io.threatloop.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Idempotent consumption: a message id is recorded in the same transaction as its effect.
 * Plain SQL, one statement per batch and no entity to manage: every transaction of the three
 * consumers passes here (HQL would be parsed again each time, the plan cache being off).
 */
@ApplicationScoped
public class Inbox {

    /**
     * Records {@code messageIds} for {@code consumer} and returns those not recorded before: the
     * ones whose effect this transaction must apply. The record and the check are one statement at
     * the start of the transaction, so a rollback takes the record back with the effect. A replica
     * processing the same message at the same moment waits on the key until the first commits,
     * then finds it recorded (or claims it, if the first rolled back). Ids are claimed in sorted
     * order, so two batches sharing ids lock them in the same order and cannot deadlock.
     */
    public Uni<Set<String>> claim(SqlConnection connection, String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return connection.preparedQuery("insert into processed_messages (consumer, message_id, processed_at)"
                        + " select $1, id, now() from unnest($2::text[]) as id on conflict do nothing returning message_id")
                .execute(Tuple.of(consumer, new TreeSet<>(messageIds).toArray(String[]::new)))
                .map(rows -> {
                    Set<String> claimed = new HashSet<>();
                    rows.forEach(row -> claimed.add(row.getString(0)));
                    return claimed;
                });
    }
}
