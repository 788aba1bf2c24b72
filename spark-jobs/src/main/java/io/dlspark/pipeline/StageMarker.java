package io.dlspark.pipeline;

/** The content of a stage's {@code _SUCCESS} marker. */
public record StageMarker(String stage, String summary, double seconds, String finishedAt) {
}
