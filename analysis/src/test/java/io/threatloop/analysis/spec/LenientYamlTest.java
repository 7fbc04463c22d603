package io.threatloop.analysis.spec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A spec with a tab after a colon (a common hand-edit that the serving application loads
 * leniently) was refused as a whole: its user got no analysis at all.
 */
class LenientYamlTest {

    private static final String TAB_AFTER_COLON = """
            openapi: 3.0.3
            info:
              title:\tAccounts
              version: "1"
            paths:
              /accounts/{id}:
                get:
                  responses: {"200": {description: ok}}
            ...
            """;

    @Test
    void wellKnownSlipsAreReadWithAWarningNamingTheLine() throws SpecException {
        NormalizedSpec spec = new SpecNormalizer().normalize("openapi.yaml", TAB_AFTER_COLON.getBytes(StandardCharsets.UTF_8));

        assertThat(spec.surface().title()).isEqualTo("Accounts");
        assertThat(spec.surface().operations()).hasSize(1);
        assertThat(spec.findings()).contains(
                "openapi.yaml: line 3: a tab after the indentation was read as a space (read leniently; --strict refuses it)");
    }

    @Test
    void aKeyGivenTwiceIsReadAsTheLastValueWithAWarningAndRefusedStrictly() throws SpecException {
        String twice = """
                openapi: 3.0.3
                info: {title: Accounts, version: "1"}
                paths:
                  /accounts:
                    get:
                      security: [{bearer: []}]
                      responses: {"200": {description: ok}}
                      security: []
                """;
        NormalizedSpec spec = new SpecNormalizer().normalize("openapi.yaml", twice.getBytes(StandardCharsets.UTF_8));
        assertThat(spec.surface().operations()).singleElement()
                .satisfies(op -> assertThat(op.requiresAuthentication()).as("the last value").isFalse());
        assertThat(spec.findings()).contains("openapi.yaml: line 8: duplicate key 'security', the last value was used"
                + " (read leniently; --strict refuses it)");
        assertThatThrownBy(() -> new SpecNormalizer(true).normalize("openapi.yaml", twice.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecException.class).hasMessageContaining("duplicate key 'security'");
    }

    @Test
    void strictReadingRefusesThemAndSaysWhereTheTabIs() {
        assertThatThrownBy(() -> new SpecNormalizer(true).normalize("openapi.yaml",
                TAB_AFTER_COLON.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("a tab character where YAML allows only spaces")
                .hasMessageNotContaining("for indentation");
    }

    @Test
    void aTabThatIndentsIsNotGuessedAt() {
        String indentedByTab = "openapi: 3.0.3\ninfo:\n\ttitle: Accounts\n\tversion: \"1\"\npaths: {}\n";
        assertThatThrownBy(() -> new SpecNormalizer().normalize("openapi.yaml",
                indentedByTab.getBytes(StandardCharsets.UTF_8))).isInstanceOf(SpecException.class);
    }
}
