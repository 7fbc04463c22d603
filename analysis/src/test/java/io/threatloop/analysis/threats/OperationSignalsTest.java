package io.threatloop.analysis.threats;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OperationSignalsTest {

    /** The rule {@link OperationSignals#words} implements by hand, as the regular expressions it replaced. */
    private static String wordsByRegex(String name) {
        return name.replaceAll("\\[(\\w+)]", "_$1").replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT).replace('-', '_');
    }

    @Test
    void namesReadAsWordsJoinedByUnderscores() {
        assertThat(List.of("userId", "user-id", "USER_ID", "page[number]", "filter[statusCode]", "a[b]C", "X-Forwarded-For",
                "e_mail", "Émail", "ids[]", "[x]"))
                .map(OperationSignals::words)
                .containsExactly("user_id", "user_id", "user_id", "page_number", "filter_status_code", "a_b_c",
                        "x_forwarded_for", "e_mail", "émail", "ids[]", "_x");
    }

    @Test
    void readsEveryNameAsTheRegularExpressionsDid() {
        Random random = new Random(20261208);
        String alphabet = "aZz09_-[].ÉéB ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder name = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(OperationSignals.words(name.toString())).as(name.toString()).isEqualTo(wordsByRegex(name.toString()));
        }
    }
}
