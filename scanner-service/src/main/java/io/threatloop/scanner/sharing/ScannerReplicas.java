package io.threatloop.scanner.sharing;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.threatloop.scanner.git.ScannerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scanner replicas that share one database share its sources: each records itself alive at
 * every tick ({@code scanner_replicas}), and polls only the sources {@link Rendezvous} gives it
 * among the replicas seen within {@code replica-timeout}. During a change of the live set two
 * replicas may both think they own a source for a tick; {@link #lockForPoll} makes one of them
 * skip it, so a source is never polled by two replicas at once.
 */
@ApplicationScoped
public class ScannerReplicas {

    private static final Logger LOG = Logger.getLogger(ScannerReplicas.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ScannerConfig config;

    private final String id = localName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile List<String> live = List.of(id);
    private final Map<String, Instant> ownedSince = new ConcurrentHashMap<>();
    private volatile String lastProblem;

    /** This replica's id: its host name (the pod's, in Kubernetes) and a per-start suffix. */
    public String id() {
        return id;
    }

    /** The replicas seen alive at the last tick, this one included. */
    public List<String> live() {
        return live;
    }

    /**
     * Records this replica alive, forgets those not seen within the timeout and reads who is
     * alive. Without the database the last known share is kept (the polls then fail on their
     * own and say why).
     */
    public void heartbeat() {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement seen = connection.prepareStatement("""
                    insert into scanner_replicas (replica_id, seen_at) values (?, now())
                    on conflict (replica_id) do update set seen_at = now()""")) {
                seen.setString(1, id);
                seen.executeUpdate();
            }
            try (PreparedStatement gone = connection.prepareStatement(
                    "delete from scanner_replicas where seen_at < now() - make_interval(secs => ?)")) {
                gone.setDouble(1, timeout().toMillis() / 1000.0);
                gone.executeUpdate();
            }
            List<String> alive = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select replica_id from scanner_replicas order by replica_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    alive.add(rows.getString(1));
                }
            }
            if (!alive.contains(id)) {
                alive.add(id);
            }
            if (!alive.equals(live)) {
                LOG.infof("scanner replicas sharing the sources: %s (this one: %s)", alive, id);
            }
            live = List.copyOf(alive);
            lastProblem = null;
        } catch (SQLException e) {
            String problem = e.getMessage();
            if (!problem.equals(lastProblem)) {
                LOG.warnf("cannot record scanner replica %s as alive: %s; keeping the last known share of the"
                        + " sources", id, problem);
                lastProblem = problem;
            }
        }
    }

    /** Whether this replica polls {@code source} on its schedule. */
    public boolean owns(String source) {
        boolean owns = Rendezvous.owner(source, live).equals(id);
        if (owns) {
            ownedSince.putIfAbsent(source, Instant.now());
        } else {
            ownedSince.remove(source);
        }
        return owns;
    }

    /** Since when this replica owns {@code source}, null when another one does. */
    public Instant ownedSince(String source) {
        return owns(source) ? ownedSince.get(source) : null;
    }

    /** The replica that polls {@code source}. */
    public String ownerOf(String source) {
        return Rendezvous.owner(source, live);
    }

    /**
     * Takes {@code source} for one poll across all replicas (a PostgreSQL session advisory lock,
     * released when the poll ends or its connection dies); empty when another replica is
     * polling it now.
     */
    public Optional<AutoCloseable> lockForPoll(String source) throws SQLException {
        long key = lockKey(source);
        Connection connection = dataSource.getConnection();
        boolean locked = false;
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet row = lock.executeQuery()) {
                locked = row.next() && row.getBoolean(1);
            }
        } finally {
            if (!locked) {
                connection.close();
            }
        }
        if (!locked) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            try (connection; PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            }
        });
    }

    static long lockKey(String source) {
        return Rendezvous.hash("threatloop-source\u001f" + source);
    }

    /** A replica that stops hands its share over at once instead of after the timeout. */
    void leave(@Observes ShutdownEvent stop) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from scanner_replicas where replica_id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("scanner replica %s stops without handing over its sources (the others take them in %s): %s",
                    id, timeout(), e.getMessage());
        }
    }

    Duration timeout() {
        return config.replicaTimeout().orElseGet(() -> {
            Duration three = config.pollInterval().multipliedBy(3);
            return three.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : three;
        });
    }

    private static String localName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "scanner";
        }
    }
}
