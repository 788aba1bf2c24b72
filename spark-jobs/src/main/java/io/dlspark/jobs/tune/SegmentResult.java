package io.dlspark.jobs.tune;

import io.dlspark.core.nn.NetworkState;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a trial's Spark task hands back after training some epochs: the network state to continue from, each
 * epoch's metrics (keys {@code train.loss}, {@code validation.accuracy}, {@code validation.loss}), where it ran, and
 * the error that ended it, if any (null when it finished normally).
 */
public record SegmentResult(NetworkState state, List<Map<String, Double>> epochs, String executor, String error)
    implements Serializable {
}
