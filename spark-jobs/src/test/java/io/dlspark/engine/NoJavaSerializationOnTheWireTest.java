package io.dlspark.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exchange's sources (io.dlspark.engine and below) never read or write Java-serialized objects themselves. */
class NoJavaSerializationOnTheWireTest {
    private static final Pattern JAVA_SERIALIZATION =
        Pattern.compile("ObjectInputStream|ObjectOutputStream|ObjectInput\\b|ObjectOutput\\b|readObject\\(|readUnshared\\(");

    @Test
    void noEngineSourceUsesObjectStreams() throws IOException {
        Path engine = Path.of("src/main/java/io/dlspark/engine");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(engine)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.stream().anyMatch(p -> p.endsWith("LiveRounds.java")), "found the engine's sources: " + sources);
        assertTrue(sources.stream().anyMatch(p -> p.toString().contains("wire")), "found the transport's sources");
        List<String> offenders = sources.stream().filter(p -> {
            try {
                return JAVA_SERIALIZATION.matcher(Files.readString(p)).find();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).map(Path::toString).toList();
        assertEquals(List.of(), offenders);
    }
}
