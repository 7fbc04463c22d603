package io.threatloop.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schema (for dashboards) must describe exactly the records in the catalogue. */
class EventSchemaTest {

    private static final Path SOURCE = Path.of("src/main/resources/threatloop-events.schema.json");

    @Test
    void publishedSchemaMatchesTheRecords() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode generated = EventSchemaGenerator.generate();
        if (Boolean.getBoolean("threatloop.updateSchema")) {
            Files.writeString(SOURCE, mapper.writeValueAsString(generated) + "\n");
        }
        try (InputStream published = getClass().getResourceAsStream("/threatloop-events.schema.json")) {
            assertThat(published).as("threatloop-events.schema.json on the classpath").isNotNull();
            assertThat(mapper.readTree(SOURCE.toFile()))
                    .as("schema out of date: run ./mvnw -pl event-contracts test -Dthreatloop.updateSchema=true")
                    .isEqualTo(generated);
        }
    }

    @Test
    void everyCatalogueEntryIsInTheSchema() {
        JsonNode generated = EventSchemaGenerator.generate();
        assertThat(generated.get("oneOf")).hasSize(EventCatalog.ENTRIES.size());
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            assertThat(generated.get("$defs").has(entry.payload().getSimpleName())).isTrue();
        }
    }
}
