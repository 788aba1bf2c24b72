package io.dlspark.pipeline;

import java.util.List;

/**
 * The content of a run's {@code _RUN.json}: which configuration the run id belongs to. A re-run with other stage
 * settings under the same id is a configuration error; Spark settings and the lease may change between attempts.
 */
public record RunRecord(String runId, String fingerprint, List<String> stages, String config, String createdAt) {
}
