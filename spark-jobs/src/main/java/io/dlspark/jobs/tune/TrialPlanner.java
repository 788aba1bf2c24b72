package io.dlspark.jobs.tune;

import io.dlspark.core.UsageException;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.train.NetworkBlueprint;
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
 * Turns a trial's parameter values into a {@link TrialSpec}: each parameter's {@code target} is a training key ({@code
 * training.learningRate}, {@code batchSize}, {@code updater}, {@code momentum}, {@code dropout}, {@code l2}) or {@code
 * model.<key>} of the model spec. Targets are checked when the planner is built.
 */
public final class TrialPlanner {
    static final Set<String> TRAINING_TARGETS = Set.of("training.learningRate", "training.batchSize",
        "training.updater", "training.momentum", "training.dropout", "training.l2");
    static final String MODEL_PREFIX = "model.";
    /** The targets that set a trial's optimizer, named in its errors. */
    private static final OptimizerConfig.Options OPTIMIZER_TARGETS =
        new OptimizerConfig.Options("training.updater", "training.learningRate");
    /** The training keys parameter averaging across the cluster can vary per trial, besides any model key. */
    static final Set<String> DISTRIBUTED_TARGETS = Set.of("training.learningRate", "training.batchSize",
        "training.updater");

    private final SearchSpace space;
    private final TrialTraining training;
    private final ModelInput input;
    private final OutputHead head;

    public TrialPlanner(SearchSpace space, TrialTraining training, ModelInput input, int classes, boolean distributed) {
        this(space, training, input, OutputHead.softmax(classes), distributed);
    }

    /** A planner of networks with {@code head}: a softmax over the classes, or a regression output. */
    public TrialPlanner(SearchSpace space, TrialTraining training, ModelInput input, OutputHead head, boolean distributed) {
        checkTargets(space, training, distributed ? "trials are distributed (each trains with dlspark train)" : null);
        this.space = space;
        this.training = training;
        this.input = input;
        this.head = head;
    }

    /**
     * Checks every parameter's target: a training key, or a key of the model spec (checked by resolving the spec at
     * the centre of the space). With {@code trainJobUse}, which says why parameter values go to {@code dlspark train}
     * (e.g. "trials are distributed"), only the targets it takes are allowed: {@link #DISTRIBUTED_TARGETS} and model
     * keys.
     */
    public static void checkTargets(SearchSpace space, TrialTraining training, String trainJobUse) {
        for (Parameter p : space.parameters()) {
            String target = p.target();
            boolean model = target.startsWith(MODEL_PREFIX) && target.length() > MODEL_PREFIX.length();
            if (!model && !TRAINING_TARGETS.contains(target)) {
                throw new UsageException("tuning.space." + p.name() + ".target: unknown target " + target
                    + " (known: " + String.join(", ", sorted(TRAINING_TARGETS)) + ", or model.<key of the model spec>)");
            }
            if (trainJobUse != null && !model && !DISTRIBUTED_TARGETS.contains(target)) {
                throw new UsageException("tuning.space." + p.name() + ".target: " + target + " cannot vary when "
                    + trainJobUse + " (possible: " + String.join(", ", sorted(DISTRIBUTED_TARGETS))
                    + ", or model.<key of the model spec>)");
            }
        }
        double[] centre = new double[space.dimension()];
        java.util.Arrays.fill(centre, 0.5);
        ModelCatalog.resolve(training.model(), modelOverrides(space.overrides(space.fromUnit(centre))));
    }

    /** The spec of a trial with parameter values {@code assignment}. */
    public TrialSpec plan(Assignment assignment) {
        Map<String, Object> set = space.overrides(assignment);
        double learningRate = number(set, "training.learningRate", training.learningRate());
        int batchSize = (int) number(set, "training.batchSize", training.batchSize());
        String updater = String.valueOf(set.getOrDefault("training.updater", training.updater()));
        OptimizerConfig optimizer = OptimizerConfig.of(updater, learningRate, OPTIMIZER_TARGETS);
        if (batchSize < 1) {
            throw new UsageException("training.batchSize: must be >= 1, got " + batchSize);
        }
        Map<String, Object> modelOverrides = modelOverrides(set);
        ModelSpec model = model(set);
        MultiLayerNetwork net = (MultiLayerNetwork) model.build(input, head, optimizer, training.seed());
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        apply(conf, set, optimizer);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", model.name());
        settings.put("updater", optimizer.name());
        settings.put("learningRate", learningRate);
        settings.put("batchSize", batchSize);
        set.forEach((key, value) -> settings.putIfAbsent(key.substring(key.indexOf('.') + 1), value));
        return new TrialSpec(new NetworkBlueprint(NetworkKind.MULTI_LAYER, conf.toJson()), batchSize, training.seed(),
            optimizer, Collections.unmodifiableMap(modelOverrides), Collections.unmodifiableMap(settings));
    }

    /** The base model spec with the trial's {@code model.*} values; an unknown key is a usage error naming it. */
    private ModelSpec model(Map<String, Object> set) {
        return ModelCatalog.resolve(training.model(), modelOverrides(set));
    }

    /** The trial's {@code model.*} values keyed by spec key, without the prefix. */
    static Map<String, Object> modelOverrides(Map<String, Object> set) {
        Map<String, Object> out = new LinkedHashMap<>();
        set.forEach((key, value) -> {
            if (key.startsWith(MODEL_PREFIX)) {
                out.put(key.substring(MODEL_PREFIX.length()), value);
            }
        });
        return out;
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

    private static List<String> sorted(Set<String> names) {
        List<String> all = new ArrayList<>(names);
        Collections.sort(all);
        return all;
    }
}
