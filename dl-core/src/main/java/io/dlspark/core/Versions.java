package io.dlspark.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in manifests for provenance. */
public final class Versions {
    private static final String DLSPARK = load();

    private Versions() {
    }

    /** dlspark's own version, from the build. */
    public static String dlspark() {
        return DLSPARK;
    }

    /** The Java runtime, for example {@code 17.0.15}. */
    public static String java() {
        return System.getProperty("java.version");
    }

    private static String load() {
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
