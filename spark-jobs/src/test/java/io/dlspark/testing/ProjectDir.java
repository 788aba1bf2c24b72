package io.dlspark.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder (with deploy/ and conf/) for tests: the build's dlspark.project.dir, else found upwards. */
public final class ProjectDir {
    private ProjectDir() {
    }

    public static Path get() {
        String configured = System.getProperty("dlspark.project.dir");
        if (configured != null && Files.isRegularFile(Path.of(configured, "deploy", "submit.sh"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/submit.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project folder with deploy/submit.sh above " + Path.of("").toAbsolutePath());
    }
}
