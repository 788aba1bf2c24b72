package io.dlspark.core.catalog;

import io.dlspark.core.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where model spec files are found: a path given by the user; else, for a name, {@code <name>.conf} in
 * {@code $DLSPARK_HOME/conf/models}, then {@code conf/models} under the working directory, then the copy of
 * {@code conf/models} that the build puts on the classpath under {@code dlspark/models/} (inside the shaded jar).
 */
final class SpecSources {
    static final String EXTENSION = ".conf";
    private static final String RESOURCE_DIR = "dlspark/models/";

    private SpecSources() {
    }

    /** A spec file's text and where it came from. */
    record Source(String name, String origin, String text) {
    }

    static boolean looksLikePath(String nameOrFile) {
        return nameOrFile.endsWith(EXTENSION) || nameOrFile.contains("/") || nameOrFile.contains("\\");
    }

    static Source file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--model: no model spec file at " + file.toAbsolutePath());
        }
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(EXTENSION) ? fileName.substring(0, fileName.length() - EXTENSION.length()) : fileName;
        try {
            return new Source(name, file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageException("--model: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static Optional<Source> named(String name) {
        for (Path dir : directories()) {
            Path file = dir.resolve(name + EXTENSION);
            if (Files.isRegularFile(file)) {
                return Optional.of(file(file));
            }
        }
        URL resource = SpecSources.class.getClassLoader().getResource(RESOURCE_DIR + name + EXTENSION);
        if (resource == null) {
            return Optional.empty();
        }
        try (InputStream in = resource.openStream()) {
            return Optional.of(new Source(name, "classpath:" + RESOURCE_DIR + name + EXTENSION,
                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The names of every spec in the folders and on the classpath, sorted. */
    static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Path dir : directories()) {
            addNames(dir, names);
        }
        URL resource = SpecSources.class.getClassLoader().getResource(RESOURCE_DIR);
        if (resource != null) {
            try {
                URI uri = resource.toURI();
                if (uri.getScheme().equals("jar")) {
                    try (FileSystem jar = FileSystems.newFileSystem(uri, Collections.emptyMap())) {
                        addNames(jar.getPath(RESOURCE_DIR), names);
                    }
                } else {
                    addNames(Path.of(uri), names);
                }
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("cannot list model specs under " + resource, e);
            }
        }
        return List.copyOf(names);
    }

    private static void addNames(Path dir, TreeSet<String> names) {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(EXTENSION))
                .forEach(f -> names.add(f.substring(0, f.length() - EXTENSION.length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model specs in " + dir, e);
        }
    }

    private static List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String home = System.getenv("DLSPARK_HOME");
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home, "conf", "models"));
        }
        dirs.add(Path.of("conf", "models"));
        return dirs.stream().filter(Files::isDirectory).toList();
    }
}
