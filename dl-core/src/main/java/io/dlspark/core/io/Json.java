package io.dlspark.core.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dlspark.core.DataException;

import java.io.IOException;

/**
 * The one JSON mapper of dlspark's files (manifests, metrics, checkpoint state). Unknown properties are errors and
 * no polymorphic typing is enabled, so reading a file never instantiates a class named by its content.
 */
public final class Json {
    private static final ObjectMapper PRETTY = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper COMPACT = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** One line, for JSON-lines files. */
    public static String line(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type, String source) {
        try {
            return PRETTY.readValue(json, type);
        } catch (IOException e) {
            throw new DataException(source + ": not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
