package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.train.LayerUpdaters;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.feed.FeatureInputs;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * A supervised network of {@code outputs} outputs as the epoch loop trains it: its state, checkpoints and gradual
 * unfreezing; {@link ClassifierTrainee} and {@link RegressionTrainee} add how it is validated.
 */
abstract class NetworkTrainee implements Trainee<NeuralNetwork> {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkTrainee.class);

    private final ModelSource source;
    private final FeatureInputs inputs;
    private final int outputs;
    private final MinibatchAssembler assembler;
    private NeuralNetwork net;
    private NetworkBlueprint blueprint;

    NetworkTrainee(ModelSource source, NeuralNetwork net, FeatureInputs inputs, int outputs, MinibatchAssembler assembler) {
        this.source = source;
        this.inputs = inputs;
        this.outputs = outputs;
        this.assembler = assembler;
        this.net = net;
        this.blueprint = NetworkBlueprint.of(net);
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public TrainableBlueprint blueprint() {
        return blueprint;
    }

    /** The blueprint of the driver's network. */
    NetworkBlueprint networkBlueprint() {
        return blueprint;
    }

    @Override
    public NetworkState state() {
        return NetworkState.of(net);
    }

    @Override
    public void apply(NetworkState state) {
        state.applyTo(net);
    }

    /** The driver's network. */
    NeuralNetwork network() {
        return net;
    }

    @Override
    public MinibatchAssembler assembler() {
        return assembler;
    }

    @Override
    public boolean beginEpoch(int epoch, NetworkState state) {
        state.applyTo(net);
        NeuralNetwork forEpoch = source.forEpoch(net, epoch);
        if (forEpoch == net) {
            return false;
        }
        LOG.info("Epoch {}: the trainable layers of {} changed", epoch + 1, source.name());
        net = forEpoch;
        blueprint = NetworkBlueprint.of(net);
        return true;
    }

    @Override
    public LayerUpdaters updaters(NetworkState state) {
        return LayerUpdaters.of(net, Math.max(0, state.iteration() - 1), state.epoch());
    }

    @Override
    public Checkpoints.Content checkpoint(Checkpoints checkpoints) {
        return checkpoints.network(net);
    }

    @Override
    public Checkpoints.Reader<NeuralNetwork> reader(Checkpoints checkpoints) {
        return checkpoints.networkReader(Networks.kind(net));
    }

    @Override
    public void adopt(NeuralNetwork restored, String from) {
        if (Networks.numParams(restored) != Networks.numParams(net)) {
            throw new UsageException("checkpoint " + from + " holds a model with " + Networks.numParams(restored)
                + " parameters, not the " + Networks.numParams(net) + " of --model " + source.name());
        }
        checkRestored(restored);
        net = restored;
        blueprint = NetworkBlueprint.of(net);
    }

    /** Checks that a network read back from a checkpoint takes this trainee's inputs and makes its outputs. */
    void checkRestored(NeuralNetwork restored) {
        ModelCompatibility.check(restored, source.name(), inputs, outputs, source.convolutional());
    }

    /**
     * The final validation metrics of the driver's network, from {@code last} when it is this trainee's validation of
     * it, else evaluated now; empty without a validation split.
     */
    abstract Map<String, Object> validationMetrics(EpochValidation last);

    /** A supervised network's line of {@code metrics.jsonl}: the epoch's figures as they are. */
    @Override
    public Object metricsLine(EpochMetrics line, EpochValidation validation) {
        return line;
    }

    /** The console line of an epoch, with {@code validation} (such as {@code validation accuracy 0.9812}). */
    static String describe(EpochMetrics line, int epochs, String validation) {
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, %s, %.0f samples/s, %.1f s", line.epoch(), epochs,
            line.trainLoss(), validation, line.samplesPerSecond(), line.seconds());
    }
}
