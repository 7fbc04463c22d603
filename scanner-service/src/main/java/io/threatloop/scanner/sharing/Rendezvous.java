package io.threatloop.scanner.sharing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Which replica owns a key (a source's name): the one with the highest hash of (replica, key),
 * rendezvous hashing. Every replica that sees the same live set computes the same owner with no
 * coordination, the keys spread evenly, and when a replica leaves only its own keys move.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The owner of {@code key} among {@code replicas} (not empty). */
    public static String owner(String key, Collection<String> replicas) {
        String owner = null;
        long best = Long.MIN_VALUE;
        for (String replica : replicas) {
            long weight = hash(replica + '\u001f' + key);
            if (owner == null || weight > best || weight == best && replica.compareTo(owner) < 0) {
                owner = replica;
                best = weight;
            }
        }
        if (owner == null) {
            throw new IllegalArgumentException("no replica to own " + key);
        }
        return owner;
    }

    /** A stable 64-bit hash (the first bytes of its MD5: the same in every JVM and version). */
    public static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
