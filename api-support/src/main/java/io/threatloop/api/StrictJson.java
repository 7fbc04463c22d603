package io.threatloop.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.threatloop.contracts.StorableText;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Request bodies are read strictly, the same way in every service: a text field takes a JSON
 * string and nothing else ({@code {"team": 7}} is refused, not read as "7"), a number field a
 * JSON number, a property the request does not have is refused, and text that PostgreSQL or the
 * event topics cannot hold (NUL, a lone surrogate) is refused with the field named, instead of
 * failing later in the database.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // a property the request does not have is a mistake or a probe (mass assignment), never ignored
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.registerModule(new SimpleModule("threatloop-strict-text").addDeserializer(String.class, new Text()));
    }

    /** The problem with a text value, or null when it can be stored as it is ({@link StorableText}). */
    public static String unstorable(String text) {
        return StorableText.isStorable(text) ? null
                : "contains a NUL character (\\u0000) or an unpaired surrogate (invalid UTF-16), which cannot be stored";
    }

    static final class Text extends StdScalarDeserializer<String> {
        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (String) context.handleUnexpectedToken(String.class, parser.currentToken(), parser,
                        "expected a JSON string, not %s", describe(parser.currentToken()));
            }
            String text = parser.getText();
            String problem = unstorable(text);
            if (problem != null) { // the value stays out of the message: it may be long, and it holds the NUL
                throw InvalidFormatException.from(parser, problem, "(not shown)", String.class);
            }
            return text;
        }

        private static String describe(JsonToken token) {
            return switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                default -> String.valueOf(token);
            };
        }
    }
}
