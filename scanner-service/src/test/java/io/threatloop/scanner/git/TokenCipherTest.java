package io.threatloop.scanner.git;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenCipherTest {

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static TokenCipher cipher(String... lines) throws Exception {
        Path file = Files.createTempFile("token-keys", "");
        Files.write(file, java.util.List.of(lines));
        return TokenCipher.fromFile(file);
    }

    @Test
    void aTokenIsSealedForItsSourceAndReadBackOnlyThere() throws Exception {
        TokenCipher cipher = cipher("k1=" + key());
        String stored = cipher.encrypt("payments", "ghp_secret");

        assertThat(stored).startsWith("v1:k1:").doesNotContain("ghp_secret");
        assertThat(cipher.encrypt("payments", "ghp_secret")).as("a fresh nonce each time").isNotEqualTo(stored);
        assertThat(cipher.decrypt("payments", stored)).isEqualTo("ghp_secret");
        assertThatThrownBy(() -> cipher.decrypt("other-source", stored)).hasMessageContaining("does not decrypt");
        String tampered = stored.substring(0, stored.length() - 4) + (stored.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> cipher.decrypt("payments", tampered)).hasMessageContaining("does not decrypt");
    }

    @Test
    void rotationReadsWithTheOldKeyAndSealsWithTheNewOne() throws Exception {
        String oldKey = key();
        String stored = cipher("old=" + oldKey).encrypt("payments", "ghp_secret");

        TokenCipher rotated = cipher("# newest first", "new=" + key(), "old=" + oldKey);
        assertThat(rotated.needsReencryption(stored)).isTrue();
        assertThat(rotated.decrypt("payments", stored)).isEqualTo("ghp_secret");
        String resealed = rotated.encrypt("payments", rotated.decrypt("payments", stored));
        assertThat(resealed).startsWith("v1:new:");
        assertThat(rotated.needsReencryption(resealed)).isFalse();

        TokenCipher withoutOld = cipher("new=" + key());
        assertThatThrownBy(() -> withoutOld.decrypt("payments", stored)).hasMessageContaining("key 'old'");
    }

    @Test
    void aBrokenKeyFileNamesTheLineButNeverAKey() throws Exception {
        assertThatThrownBy(() -> cipher("k1=c2hvcnQ=")).hasMessageContaining("line 1")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> cipher("# nothing")).hasMessageContaining("no key");
    }
}
