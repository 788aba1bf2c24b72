package io.dlspark.train;

import io.dlspark.core.Versions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The versions recorded in a model artifact's manifest: dlspark, DL4J, Spark and Java. */
public final class ArtifactVersions {
    private ArtifactVersions() {
    }

    public static Map<String, String> current() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("dlspark", Versions.dlspark());
        versions.put("deeplearning4j", Versions.deeplearning4j());
        versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        versions.put("java", Versions.java());
        return versions;
    }
}
