package io.dlspark.train;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.nn.NetworkState;

import java.util.List;

/** What a training run produced: the artifact, the metrics of the epochs it ran, and the final state. */
public record TrainResult(String output, ModelArtifactManifest manifest, List<EpochMetrics> epochs, NetworkState state) {
}
