package io.dlspark.ml;

import io.dlspark.testing.ProjectDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that documents quote a source file's marked example lines exactly, so that a documented example is tested code. */
final class DocQuotes {
    private DocQuotes() {
    }

    /**
     * The lines of {@code source} (a project-relative path) between {@code // <marker>-start} and
     * {@code // <marker>-end}, less the start line's indentation, are quoted exactly by every one of {@code documents}.
     */
    static void assertQuoted(String source, String marker, String... documents) throws IOException {
        String example = example(source, marker);
        for (String document : documents) {
            assertTrue(Files.readString(ProjectDir.get().resolve(document)).contains(example),
                document + " quotes the example of " + source + " exactly:\n" + example);
        }
    }

    private static String example(String source, String marker) throws IOException {
        List<String> lines = Files.readAllLines(ProjectDir.get().resolve(source));
        int start = indexOf(lines, "// " + marker + "-start", source);
        int end = indexOf(lines, "// " + marker + "-end", source);
        String line = lines.get(start);
        int indent = line.length() - line.stripLeading().length();
        return lines.subList(start + 1, end).stream()
            .map(l -> l.substring(Math.min(indent, l.length() - l.stripLeading().length())))
            .collect(Collectors.joining("\n"));
    }

    private static int indexOf(List<String> lines, String marker, String source) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(source + " has no line '" + marker + "'");
    }
}
