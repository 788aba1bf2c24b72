package io.dlspark.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions recorded in manifests for provenance. */
public final class Versions {
    private static final String DLSPARK = load("version");
    /** Where DL4J's jar (and the shaded job jar, which keeps it) records DL4J's version. */
    static final String DL4J_POM = "/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";

    private Versions() {
    }

    /** dlspark's own version, from the build. */
    public static String dlspark() {
        return DLSPARK;
    }

    /**
     * DL4J's version: from its jar's Maven metadata (its manifest has no implementation version), else the version
     * dlspark was built against.
     */
    public static String deeplearning4j() {
        String fromJar = property(org.deeplearning4j.nn.conf.NeuralNetConfiguration.class.getResourceAsStream(DL4J_POM), "version");
        return fromJar != null ? fromJar : load("deeplearning4j");
    }

    /** The Java runtime, for example {@code 17.0.15}. */
    public static String java() {
        return System.getProperty("java.version");
    }

    private static String load(String key) {
        String value = property(Versions.class.getResourceAsStream("version.properties"), key);
        return value == null ? "unknown" : value;
    }

    /** One property of a properties stream (closed here), or null when the stream or the key is missing. */
    private static String property(InputStream stream, String key) {
        if (stream == null) {
            return null;
        }
        try (InputStream in = stream) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }
}
