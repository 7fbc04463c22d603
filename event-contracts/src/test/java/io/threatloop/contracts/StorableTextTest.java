package io.threatloop.contracts;

import io.threatloop.contracts.observation.ScanFailed;
import io.threatloop.contracts.observation.SourceRef;
import io.threatloop.contracts.surface.ApiSurface;
import io.threatloop.contracts.surface.SecurityScheme;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesBecomeTheReplacementCharacterAndPairsStay() {
        assertThat(StorableText.of("nul\u0000here")).isEqualTo("nul\uFFFDhere");
        assertThat(StorableText.of("lone \uD83D high")).isEqualTo("lone \uFFFD high");
        assertThat(StorableText.of("lone \uDE00 low")).isEqualTo("lone \uFFFD low");
        assertThat(StorableText.of("end \uD83D")).isEqualTo("end \uFFFD");
        String pair = "smile \uD83D\uDE00";
        assertThat(StorableText.of(pair)).isSameAs(pair);
        assertThat(StorableText.isStorable("plain")).isTrue();
        assertThat(StorableText.isStorable("a\u0000")).isFalse();
    }

    @Test
    void theCodecWritesNoStringAPostgresJsonbColumnRefusesInValuesListsOrMapKeys() throws Exception {
        SourceRef source = new SourceRef("git", "file:///r", "c0ffee", "open\u0000api.yaml", "a@b", Instant.EPOCH);
        ScanFailed failed = new ScanFailed("app", source, "bad \uD800 text", "line\u0000 1");
        String json = EventCodec.encode(Envelope.of("id-1", "/threatloop/test", Instant.EPOCH, "c", "c", failed));

        assertThat(json).doesNotContain("\\u0000").doesNotContain("\uD800");
        ScanFailed decoded = (ScanFailed) EventCodec.decode(json).data();
        assertThat(decoded.reason()).isEqualTo("bad \uFFFD text");
        assertThat(decoded.source().path()).isEqualTo("open\uFFFDapi.yaml");

        ApiSurface surface = new ApiSurface("t\u0000", "1", "openapi-3.0", List.of(),
                Map.of("key\u0000", new SecurityScheme("http", "bearer", null, null)), List.of(), List.of("hook\u0000"));
        String written = EventCodec.mapper().writeValueAsString(surface);
        assertThat(written).doesNotContain("\\u0000").contains("key\uFFFD").contains("hook\uFFFD").contains("t\uFFFD");
    }
}
