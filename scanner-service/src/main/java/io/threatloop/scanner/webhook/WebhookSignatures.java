package io.threatloop.scanner.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Verifies push webhooks: GitHub's HMAC-SHA256 signature, GitLab's secret token. Constant-time. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the secret>}. */
    public static boolean githubValid(String secret, byte[] body, String header) {
        if (secret == null || secret.isEmpty() || header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] expected = hmacSha256(secret, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** {@code X-Gitlab-Token: <the secret token>}. */
    public static boolean gitlabValid(String token, String header) {
        if (token == null || token.isEmpty() || header == null) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
