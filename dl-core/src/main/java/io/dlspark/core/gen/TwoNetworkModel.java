package io.dlspark.core.gen;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.NetworkBlueprint;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generative families share: two networks, named for the artifact and packed into one state in that order,
 * the fitting settings, and the blueprint that rebuilds them on executors. Subclasses add the fitting step.
 */
abstract class TwoNetworkModel implements GenerativeModel {
    private final GenerativeFamily family;
    private final Map<String, MultiLayerNetwork> networks = new LinkedHashMap<>();
    private final MultiLayerNetwork first;
    private final MultiLayerNetwork second;
    private final PackedState.Layout layout;
    private final List<String> lossNames;
    protected final GenerativeSettings settings;

    TwoNetworkModel(GenerativeFamily family, String firstName, MultiLayerNetwork first, String secondName,
                    MultiLayerNetwork second, GenerativeSettings settings, List<String> lossNames) {
        this.family = family;
        this.first = first;
        this.second = second;
        this.networks.put(firstName, first);
        this.networks.put(secondName, second);
        this.settings = settings;
        this.lossNames = List.copyOf(lossNames);
        this.layout = PackedState.Layout.of(List.of(first, second));
    }

    /** Both networks' states packed, with the counters of {@code counters} (the network that steps every batch). */
    protected final NetworkState packWithCountersOf(MultiLayerNetwork counters) {
        return PackedState.pack(List.of(NetworkState.of(first), NetworkState.of(second)),
            counters.getIterationCount(), counters.getEpochCount());
    }

    /** A packed state cut back into the first network's and the second network's, each with the packed counters. */
    protected final List<NetworkState> unpack(NetworkState state) {
        return PackedState.unpack(state, layout);
    }

    @Override
    public final List<String> lossNames() {
        return lossNames;
    }

    @Override
    public final GenerativeFamily family() {
        return family;
    }

    @Override
    public final int latentSize() {
        return settings.latentSize();
    }

    @Override
    public final Map<String, MultiLayerNetwork> networks() {
        return Collections.unmodifiableMap(networks);
    }

    @Override
    public final GenerativeBlueprint blueprint() {
        return new GenerativeBlueprint(family, NetworkBlueprint.of(first), NetworkBlueprint.of(second), settings);
    }

    @Override
    public final GenerativeSettings settings() {
        return settings;
    }
}
