package io.threatloop.eventstore;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlArraysTest {

    @Test
    void elementsAreQuotedSoThatSeparatorsAndTheWordNullStayText() {
        assertThat(SqlArrays.of(List.of("a", "b,c", "{d}", "NULL", "", " e ")))
                .isEqualTo("{\"a\",\"b,c\",\"{d}\",\"NULL\",\"\",\" e \"}");
    }

    @Test
    void quotesAndBackslashesAreEscapedAndNullIsSqlNull() {
        assertThat(SqlArrays.of(Arrays.asList("say \"hi\"", "C:\\dir", null)))
                .isEqualTo("{\"say \\\"hi\\\"\",\"C:\\\\dir\",NULL}");
    }

    @Test
    void numbersAndAnEmptyArray() {
        assertThat(SqlArrays.of(new Long[] {1L, 42L})).isEqualTo("{\"1\",\"42\"}");
        assertThat(SqlArrays.of(List.of())).isEqualTo("{}");
    }
}
