package io.threatloop.contracts;

import com.fasterxml.jackson.core.util.JsonGeneratorDecorator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

import java.io.IOException;

/**
 * The one rule for text that every store and topic can hold: NUL (which PostgreSQL's
 * {@code text} and {@code jsonb} refuse) and unpaired UTF-16 surrogates (which have no UTF-8
 * form and would be replaced silently, differently by each library) become U+FFFD, the
 * replacement character. Applied by {@link EventCodec} to every string it writes, so a spec
 * title with a NUL in it is observed, stored and shown, never wedges the source that holds it.
 */
public final class StorableText {

    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} itself when it can be stored as it is (the common case allocates nothing). */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnstorable(text);
        if (first < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = first; i < chars.length; i++) {
            char c = chars[i];
            if (c == 0) {
                chars[i] = REPLACEMENT;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    chars[i] = REPLACEMENT;
                }
            } else if (Character.isLowSurrogate(c)) {
                chars[i] = REPLACEMENT;
            }
        }
        return new String(chars);
    }

    /** Whether {@code text} holds a character that {@link #of} replaces. */
    public static boolean isStorable(String text) {
        return text == null || firstUnstorable(text) < 0;
    }

    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Wraps every generator of a mapper so that each string value and field name it writes is storable. */
    static final JsonGeneratorDecorator DECORATOR = (factory, generator) -> new JsonGeneratorDelegate(generator, true) {
        @Override
        public void writeString(String text) throws IOException {
            super.writeString(of(text));
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            super.writeString(of(new String(text, offset, len)));
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            super.writeFieldName(of(name));
        }

        @Override
        public void writeStringField(String fieldName, String value) throws IOException {
            writeFieldName(fieldName);
            writeString(value);
        }
    };
}
