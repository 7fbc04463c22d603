package io.threatloop.notifier.delivery;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The generic webhook's signature: {@code X-Threatloop-Signature: t=<unix seconds>,v1=<hex>} where
 * the hex is HMAC-SHA256 with the shared secret over {@code <t>.<body>} (docs/NOTIFICATIONS.md has
 * a receiver's check). The timestamp lets receivers refuse replays.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Threatloop-Signature";

    private WebhookSignature() {
    }

    public static String header(byte[] secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    static String hmac(byte[] secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
