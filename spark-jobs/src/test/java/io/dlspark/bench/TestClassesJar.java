package io.dlspark.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs a folder of compiled classes into a jar that Spark can ship to executors ({@code spark.jars}). */
final class TestClassesJar {
    private TestClassesJar() {
    }

    /** Writes every file under {@code classes} into {@code jar} (through a temporary file) and returns {@code jar}. */
    static Path write(Path classes, Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            Path temporary = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            try (OutputStream out = Files.newOutputStream(temporary); JarOutputStream jarOut = new JarOutputStream(out)) {
                for (Path file : files) {
                    jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, jarOut);
                    jarOut.closeEntry();
                }
            }
            return Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not pack " + classes + " into " + jar, e);
        }
    }
}
