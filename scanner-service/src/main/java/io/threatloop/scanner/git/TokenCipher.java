package io.threatloop.scanner.git;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encrypts the access tokens of API-added sources at rest (AES-256-GCM, the source's name as
 * associated data, so a ciphertext copied to another row does not decrypt). The keys come from a
 * file mounted from a Secret, one {@code <key-id>=<base64 of 32 random bytes>} per line: the
 * first encrypts, every one decrypts. Rotation: put a new key first, restart (stored tokens are
 * encrypted again with it at start), then remove the old line.
 */
public final class TokenCipher {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private TokenCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /** Reads the key file; its problems name the line, never a key. */
    public static TokenCipher fromFile(Path file) throws IOException {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String id = equals < 0 ? "" : line.substring(0, equals).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(equals + 1).strip());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (!id.matches("[A-Za-z0-9._-]{1,40}") || key.length != 32) {
                throw new IllegalArgumentException(file + " line " + number + ": expected <key-id>=<base64 of 32 random"
                        + " bytes>, e.g. 2026-12=$(head -c 32 /dev/urandom | base64)");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no key; add <key-id>=<base64 of 32 random bytes>");
        }
        return new TokenCipher(keys.keySet().iterator().next(), Map.copyOf(keys));
    }

    public String encrypt(String source, String token) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(source.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, stored, 0, iv.length);
            System.arraycopy(sealed, 0, stored, iv.length, sealed.length);
            return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the token of source '" + source + "'", e);
        }
    }

    public String decrypt(String source, String stored) {
        String[] parts = stored.split(":", 3);
        SecretKeySpec key = parts.length == 3 && stored.startsWith(PREFIX) ? keys.get(parts[1]) : null;
        if (key == null) {
            throw new IllegalStateException("the token of source '" + source + "' is encrypted with key '"
                    + (parts.length == 3 ? parts[1] : "?") + "', which the token key file does not hold (any more);"
                    + " put that key back, or set the token again");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(source.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored token of source '" + source + "' does not decrypt"
                    + " (altered, or moved from another source); set the token again", e);
        }
    }

    /** True when {@code stored} is sealed with a key other than the current one, or not at all. */
    public boolean needsReencryption(String stored) {
        return !stored.startsWith(PREFIX + currentId + ":");
    }

    static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX);
    }
}
