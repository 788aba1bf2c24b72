package io.dlspark.preflight;

import io.dlspark.spark.JobDescription;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Java 17 executors need the {@code --add-opens} of {@code conf/jvm.options}, or DL4J, ND4J and Spark fail deep inside
 * a task with {@code InaccessibleObjectException}. A one-task job asks an executor which of them it lacks.
 */
final class AddOpensCheck {
    /** The packages conf/jvm.options opens to the unnamed module, as module/package. */
    static final List<String> REQUIRED = List.of("java.base/java.lang", "java.base/java.lang.invoke",
        "java.base/java.lang.reflect", "java.base/java.io", "java.base/java.net", "java.base/java.nio",
        "java.base/java.util", "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic",
        "java.base/sun.nio.ch", "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar");

    private AddOpensCheck() {
    }

    /** The packages of {@code required} not opened to the unnamed module in this JVM. */
    static List<String> missingHere(List<String> required) {
        List<String> missing = new ArrayList<>();
        Module unnamed = AddOpensCheck.class.getClassLoader().getUnnamedModule();
        for (String entry : required) {
            String[] parts = entry.split("/", 2);
            Optional<Module> module = ModuleLayer.boot().findModule(parts[0]);
            if (module.isEmpty() || !module.get().isOpen(parts[1], unnamed)) {
                missing.add(entry);
            }
        }
        return missing;
    }

    /** Runs the probe in one executor task. */
    static Optional<String> check(JavaSparkContext jsc, List<String> required) {
        JobDescription described = JobDescription.of(jsc.sc(), "dlspark preflight: executor JVM options");
        List<String> missing;
        try {
            missing = jsc.parallelize(List.of(0), 1).flatMap(x -> missingHere(required).iterator()).collect();
        } finally {
            described.close();
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the executors lack " + String.join(" ", missing.stream().map(m -> "--add-opens=" + m + "=ALL-UNNAMED").toList())
            + ": pass the lines of conf/jvm.options as spark.executor.extraJavaOptions (deploy/submit.sh does)");
    }
}
