package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.Checkpoints;
import io.dlspark.core.eval.EvaluationReport;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.train.LayerUpdaters;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.NetworkBlueprint;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.engine.DistributedEvaluator;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** A classifier network as the epoch loop trains it: validated by distributed evaluation on the validation split. */
final class ClassifierTrainee implements Trainee<NeuralNetwork> {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainee.class);

    private final ModelSource source;
    private final FeatureInputs inputs;
    private final ShardManifest data;
    private final MinibatchAssembler assembler;
    private final JavaSparkContext jsc;
    private final TrainingData validation;
    private NeuralNetwork net;
    private NetworkBlueprint blueprint;

    ClassifierTrainee(ModelSource source, NeuralNetwork net, FeatureInputs inputs, ShardManifest data,
                      JavaSparkContext jsc, TrainingData validation) {
        this.source = source;
        this.inputs = inputs;
        this.data = data;
        this.assembler = inputs.assembler(data.classCount(), source.convolutional());
        this.jsc = jsc;
        this.validation = validation;
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
        ModelCompatibility.check(restored, source.name(), inputs, data.classCount(), source.convolutional());
        net = restored;
        blueprint = NetworkBlueprint.of(net);
    }

    @Override
    public LayerUpdaters updaters(NetworkState state) {
        return LayerUpdaters.of(net, Math.max(0, state.iteration() - 1), state.epoch());
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) {
        return validation == null ? EpochValidation.NONE : new Evaluated(evaluate(state));
    }

    /** Evaluates {@code state} on the validation split. */
    EvaluationReport evaluate(NetworkState state) {
        return new DistributedEvaluator(jsc).evaluate("validation", validation, blueprint, state, assembler,
            data.labelNames(), data.positiveClass());
    }

    @Override
    public Object metricsLine(EpochMetrics line, EpochValidation validation) {
        return line;
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        return String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, validation accuracy %s, %.0f samples/s, %.1f s",
            line.epoch(), epochs, line.trainLoss(),
            validation.accuracy() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", validation.accuracy()),
            line.samplesPerSecond(), line.seconds());
    }

    /** A classifier's validation: its evaluation report. */
    record Evaluated(EvaluationReport report) implements EpochValidation {
        @Override
        public Double loss() {
            return report.logLoss();
        }

        @Override
        public Double accuracy() {
            return report.accuracy();
        }
    }
}
