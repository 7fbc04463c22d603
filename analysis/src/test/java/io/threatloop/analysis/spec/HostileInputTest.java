package io.threatloop.analysis.spec;

import io.threatloop.testsupport.HostileSpecs;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every hostile document is refused with a reason, quickly and within bounded memory. */
class HostileInputTest {

    private final SpecNormalizer normalizer = new SpecNormalizer();

    private NormalizedSpec normalize(String text) throws SpecException {
        return normalizer.normalize("openapi.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aYamlAliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("openapi: 3.0.3\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String previous = "a";
        for (char c = 'b'; c <= 'j'; c++) { // 9 levels of 9 aliases: 9^9 strings if expanded
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = String.valueOf(c);
        }
        assertThatThrownBy(() -> normalize(bomb.toString())).isInstanceOf(SpecException.class)
                .hasMessageContaining("more than 50 aliases").hasMessageContaining("alias bombs are refused");
    }

    @Test
    void nestingTenThousandDeepIsRefused() {
        String deep = "{\"openapi\":\"3.0.3\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThatThrownBy(() -> normalize(deep)).isInstanceOf(SpecException.class)
                .hasMessageContaining("nesting depth");
        String deepYaml = "openapi: 3.0.3\nx: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatThrownBy(() -> normalize(deepYaml)).isInstanceOf(SpecException.class);
    }

    @Test
    void aFiftyMegabyteSpecIsRefusedBeforeParsing() {
        byte[] huge = new byte[50 * 1024 * 1024];
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", huge)).isInstanceOf(SpecException.class)
                .hasMessageContaining("above the limit");
    }

    @Test
    void binaryAndNonUtf8FilesAreRefused() {
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}))
                .hasMessageContaining("not UTF-8");
        byte[] latin1 = "openapi: 3.0.3\ninfo: {title: caf\u00e9, version: '1'}\npaths: {}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml", latin1)).hasMessageContaining("not UTF-8");
    }

    @Test
    void refCyclesAreCutAndNamed() throws SpecException {
        Map<String, String> files = Map.of(
                "a.yaml", "A: {$ref: 'b.yaml#/B'}\n",
                "b.yaml", "B: {type: object, properties: {next: {$ref: 'a.yaml#/A'}}}\n");
        String root = """
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /a:
                    get:
                      responses:
                        '200':
                          description: ok
                          content: {application/json: {schema: {$ref: 'a.yaml#/A'}}}
                """;
        NormalizedSpec spec = normalizer.normalize("openapi.yaml", root.getBytes(StandardCharsets.UTF_8),
                path -> files.containsKey(path) ? files.get(path).getBytes(StandardCharsets.UTF_8) : null);
        assertThat(spec.findings()).anySatisfy(f -> assertThat(f).startsWith("recursive $ref cut"));
        assertThat(spec.surface().operations()).hasSize(1);
    }

    @Test
    void internalRecursiveSchemasAreFlattenedOnce() throws SpecException {
        NormalizedSpec spec = normalize("""
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /tree:
                    get:
                      responses:
                        '200':
                          description: ok
                          content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
                components:
                  schemas:
                    Node: {type: object, properties: {name: {type: string}, children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
                """);
        assertThat(spec.surface().operations().get(0).responseFields()).extracting(f -> f.path())
                .containsExactly("$", "children", "name");
    }

    /** The same list referenced by thousands of operations is copied once: memory grows with the files, not the references. */
    @Test
    void aListReferencedThousandsOfTimesIsSharedNotCopied() throws SpecException {
        Map<String, String> files = HostileSpecs.referenceAmplification(2_990, 1_000);
        assertThat(files.get("openapi.yaml").length()).isLessThan(100_000);

        long before = allocatedBytes();
        NormalizedSpec spec = normalizer.normalize("openapi.yaml", files.get("openapi.yaml").getBytes(StandardCharsets.UTF_8),
                path -> files.containsKey(path) ? files.get(path).getBytes(StandardCharsets.UTF_8) : null);
        long allocated = allocatedBytes() - before;

        assertThat(spec.surface().operations()).hasSize(1);
        assertThat(spec.surface().operations().get(0).responseFields()).hasSize(SurfaceExtractor.MAX_FIELDS);
        // copying each reference allocated several GB here (and ran out of a 256 MB heap)
        assertThat(allocated).as("bytes allocated while normalizing").isLessThan(400L * 1024 * 1024);
    }

    @Test
    void referencesThatExpandBeyondTheBudgetAreRefusedNamingTheLimit() {
        Map<String, String> files = HostileSpecs.referenceAmplification(6_000, 1_000);
        assertThatThrownBy(() -> normalizer.normalize("openapi.yaml",
                files.get("openapi.yaml").getBytes(StandardCharsets.UTF_8),
                path -> files.containsKey(path) ? files.get(path).getBytes(StandardCharsets.UTF_8) : null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("references expand the spec beyond 5000000 nodes");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
