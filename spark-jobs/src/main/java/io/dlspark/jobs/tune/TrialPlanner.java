package io.dlspark.jobs.tune;

import io.dlspark.core.UsageException;
import io.dlspark.core.data.ImageShape;
import io.dlspark.core.model.MlpSpec;
import io.dlspark.core.model.ModelCatalog;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.nn.NetworkBlueprint;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.tuning.space.Assignment;
import io.dlspark.tuning.space.Parameter;
import io.dlspark.tuning.space.SearchSpace;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.L2Regularization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a trial's parameter values into a {@link TrialSpec}. Each parameter's {@code target} names what it sets:
 * training keys {@code training.learningRate}, {@code training.batchSize}, {@code training.updater}
 * ({@code adam | sgd | nesterov}), {@code training.momentum} (nesterov only), {@code training.dropout} (probability of
 * dropping a hidden unit) and {@code training.l2}; and, for the {@code mlp} model, {@code model.width} (units of
 * every hidden layer) and {@code model.depth} (hidden layers). Targets are checked when the planner is built, so a
 * misspelt key fails the run before any trial starts.
 */
public final class TrialPlanner {
    static final Set<String> TRAINING_TARGETS = Set.of("training.learningRate", "training.batchSize",
        "training.updater", "training.momentum", "training.dropout", "training.l2");
    static final Set<String> MODEL_TARGETS = Set.of("model.width", "model.depth");
    /** What parameter averaging across the cluster can vary per trial. */
    static final Set<String> DISTRIBUTED_TARGETS = Set.of("training.learningRate", "training.batchSize",
        "training.updater");

    private final SearchSpace space;
    private final TrialTraining training;
    private final ImageShape shape;
    private final int classes;

    public TrialPlanner(SearchSpace space, TrialTraining training, ImageShape shape, int classes, boolean distributed) {
        this.space = space;
        this.training = training;
        this.shape = shape;
        this.classes = classes;
        ModelSpec base = ModelCatalog.resolve(training.model());
        for (Parameter p : space.parameters()) {
            String target = p.target();
            boolean known = TRAINING_TARGETS.contains(target) || MODEL_TARGETS.contains(target);
            if (!known) {
                throw new UsageException("tuning.space." + p.name() + ".target: unknown target " + target
                    + " (known: " + String.join(", ", sorted(TRAINING_TARGETS, MODEL_TARGETS)) + ")");
            }
            if (MODEL_TARGETS.contains(target) && !(base instanceof MlpSpec)) {
                throw new UsageException("tuning.space." + p.name() + ".target: " + target
                    + " applies to the mlp model, not " + training.model());
            }
            if (distributed && !DISTRIBUTED_TARGETS.contains(target)) {
                throw new UsageException("tuning.space." + p.name() + ".target: " + target
                    + " cannot vary between distributed trials (possible: " + String.join(", ", sorted(DISTRIBUTED_TARGETS, Set.of())) + ")");
            }
        }
    }

    /** The spec of a trial with parameter values {@code assignment}. */
    public TrialSpec plan(Assignment assignment) {
        Map<String, Object> set = space.overrides(assignment);
        double learningRate = number(set, "training.learningRate", training.learningRate());
        int batchSize = (int) number(set, "training.batchSize", training.batchSize());
        String updater = String.valueOf(set.getOrDefault("training.updater", training.updater()));
        OptimizerConfig optimizer;
        try {
            optimizer = new OptimizerConfig(updater, learningRate);
        } catch (UsageException e) {
            throw new UsageException("training.updater: " + e.getMessage(), e);
        }
        if (batchSize < 1) {
            throw new UsageException("training.batchSize: must be >= 1, got " + batchSize);
        }
        ModelSpec model = model(set);
        MultiLayerNetwork net = (MultiLayerNetwork) model.build(shape, classes, optimizer, training.seed());
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        apply(conf, set, optimizer);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", model.name());
        if (model instanceof MlpSpec mlp) {
            settings.put("hidden", mlp.hidden());
        }
        settings.put("updater", optimizer.name());
        settings.put("learningRate", learningRate);
        settings.put("batchSize", batchSize);
        set.forEach((key, value) -> settings.putIfAbsent(key.substring(key.indexOf('.') + 1), value));
        return new TrialSpec(new NetworkBlueprint(NetworkKind.MULTI_LAYER, conf.toJson()), batchSize, training.seed(),
            optimizer, Collections.unmodifiableMap(settings));
    }

    private ModelSpec model(Map<String, Object> set) {
        ModelSpec base = ModelCatalog.resolve(training.model());
        if (!(base instanceof MlpSpec mlp) || (!set.containsKey("model.width") && !set.containsKey("model.depth"))) {
            return base;
        }
        int depth = (int) number(set, "model.depth", mlp.hidden().size());
        int width = (int) number(set, "model.width", mlp.hidden().get(0));
        if (depth < 1 || width < 1) {
            throw new UsageException("model.width and model.depth must be >= 1, got " + width + " and " + depth);
        }
        return new MlpSpec(mlp.name(), Collections.nCopies(depth, width));
    }

    /** Sets the updater on every layer, L2 on every layer's weights, and dropout on the inputs of every layer after the first. */
    private static void apply(MultiLayerConfiguration conf, Map<String, Object> set, OptimizerConfig optimizer) {
        IUpdater updater = optimizer.updater();
        if (set.containsKey("training.momentum")) {
            if (!optimizer.name().equals("nesterov")) {
                throw new UsageException("training.momentum: applies to updater nesterov only, not " + optimizer.name());
            }
            updater = new Nesterovs(optimizer.learningRate(), number(set, "training.momentum", 0.9));
        }
        double dropout = number(set, "training.dropout", 0.0);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("training.dropout: must be in [0, 1), got " + dropout);
        }
        double l2 = number(set, "training.l2", 0.0);
        if (!(l2 >= 0)) {
            throw new UsageException("training.l2: must be >= 0, got " + l2);
        }
        List<NeuralNetConfiguration> layers = conf.getConfs();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i).getLayer();
            if (layer instanceof BaseLayer base) {
                base.setIUpdater(updater.clone());
                if (l2 > 0) {
                    base.setRegularization(new ArrayList<>(List.of(new L2Regularization(l2))));
                }
            }
            if (i > 0 && dropout > 0) {
                layer.setIDropout(new Dropout(1 - dropout));
            }
        }
    }

    private static double number(Map<String, Object> set, String key, double fallback) {
        Object v = set.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new UsageException(key + ": needs a number, got " + v);
    }

    private static List<String> sorted(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        Collections.sort(all);
        return all;
    }
}
