package io.dlspark.core.model;

import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The optimizer of a training run: {@code sgd}, {@code nesterov} (momentum), {@code adam}, {@code adamw} (Adam with
 * decoupled weight decay) or {@code rmsprop}, with its learning rate and learning-rate schedule.
 *
 * @param momentum    Nesterov momentum
 * @param weightDecay decoupled weight decay per step, scaled by the learning rate (0 = none; AdamW's default 0.01)
 * @param rmsDecay    RMSProp's decay of the squared-gradient average
 */
public record OptimizerConfig(String name, double learningRate, double momentum, double weightDecay, double rmsDecay,
                              LearningRateSchedule schedule) implements Serializable {
    /** The names {@code --optimizer} and {@code optimizer.name} accept. */
    public static final List<String> NAMES = List.of("sgd", "nesterov", "adam", "adamw", "rmsprop");
    private static final double DEFAULT_MOMENTUM = 0.9;
    private static final double ADAMW_WEIGHT_DECAY = 0.01;
    private static final double DEFAULT_RMS_DECAY = 0.95;

    /**
     * The options (or configuration keys) that set an optimizer's name and learning rate, which its errors name.
     *
     * @param name         e.g. {@code --optimizer}
     * @param learningRate e.g. {@code --learning-rate} or {@code --fine-tune-lr}
     */
    public record Options(String name, String learningRate) implements Serializable {
        /** {@code dlspark train}'s options, which the constructors name. */
        public static final Options TRAIN = new Options("--optimizer", "--learning-rate");
    }

    public OptimizerConfig {
        name = checkName(name, Options.TRAIN);
        checkLearningRate(learningRate, Options.TRAIN);
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0 && weightDecay < 1) || !(rmsDecay > 0 && rmsDecay < 1)) {
            throw new UsageException("optimizer " + name + ": momentum, weight decay and rms decay must be in [0, 1), got "
                + momentum + ", " + weightDecay + ", " + rmsDecay);
        }
        schedule = schedule == null ? LearningRateSchedule.CONSTANT : schedule;
    }

    /** {@code name} at {@code learningRate}, with its defaults and a constant learning rate. */
    public OptimizerConfig(String name, double learningRate) {
        this(name, learningRate, DEFAULT_MOMENTUM, defaultWeightDecay(name), DEFAULT_RMS_DECAY, LearningRateSchedule.CONSTANT);
    }

    /** {@code name} at {@code learningRate} as {@link #OptimizerConfig(String, double)}; errors name {@code options}. */
    public static OptimizerConfig of(String name, double learningRate, Options options) {
        checkLearningRate(learningRate, options);
        return new OptimizerConfig(checkName(name, options), learningRate);
    }

    public static OptimizerConfig adam(double learningRate) {
        return new OptimizerConfig("adam", learningRate);
    }

    /**
     * This optimizer with the command line's choices: another {@code name} (with that optimizer's defaults, keeping
     * the schedule) and/or another {@code learningRate}; null keeps this one's.
     */
    public OptimizerConfig override(String name, Double learningRate) {
        return override(name, learningRate, Options.TRAIN);
    }

    /** As {@link #override(String, Double)}; errors name {@code options}. */
    public OptimizerConfig override(String name, Double learningRate, Options options) {
        if (name != null) {
            checkName(name, options);
        }
        if (learningRate != null) {
            checkLearningRate(learningRate, options);
        }
        OptimizerConfig base = this;
        if (name != null && !name.equalsIgnoreCase(this.name)) {
            base = new OptimizerConfig(name, this.learningRate).withSchedule(schedule);
        }
        return learningRate == null ? base : new OptimizerConfig(base.name, learningRate, base.momentum, base.weightDecay,
            base.rmsDecay, base.schedule);
    }

    /** This optimizer with its learning rate, and so its whole schedule, multiplied by {@code factor}. */
    public OptimizerConfig scaled(double factor) {
        return new OptimizerConfig(name, learningRate * factor, momentum, weightDecay, rmsDecay, schedule);
    }

    public OptimizerConfig withSchedule(LearningRateSchedule newSchedule) {
        return new OptimizerConfig(name, learningRate, momentum, weightDecay, rmsDecay, newSchedule);
    }

    /**
     * Reads an {@code optimizer { name, learning-rate, momentum, weight-decay, rms-decay, schedule { ... } }} section;
     * errors name the full key.
     */
    public static OptimizerConfig parse(Params params) {
        String name = checkName(params.string("name", "adam"), new Options(params.key("name"), params.key("learning-rate")));
        double learningRate = params.number("learning-rate", 1e-3, Double.MIN_VALUE, 10);
        double momentum = params.number("momentum", DEFAULT_MOMENTUM, 0, 0.999);
        double weightDecay = params.number("weight-decay", defaultWeightDecay(name), 0, 0.5);
        double rmsDecay = params.number("rms-decay", DEFAULT_RMS_DECAY, 0.001, 0.9999);
        LearningRateSchedule schedule = params.has("schedule")
            ? LearningRateSchedule.parse(new Params(params.object("schedule"), params.key("schedule"), "the learning-rate schedule"))
            : LearningRateSchedule.CONSTANT;
        params.rejectUnknownKeys();
        return new OptimizerConfig(name, learningRate, momentum, weightDecay, rmsDecay, schedule);
    }

    /** The DL4J updater, with the learning-rate schedule. */
    public IUpdater updater() {
        ISchedule lr = schedule.toSchedule(learningRate);
        return switch (name) {
            case "sgd" -> lr == null ? new Sgd(learningRate) : new Sgd(lr);
            case "nesterov" -> lr == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(lr, momentum);
            case "rmsprop" -> {
                RmsProp rms = new RmsProp(learningRate, rmsDecay, RmsProp.DEFAULT_RMSPROP_EPSILON);
                rms.setLearningRateSchedule(lr);
                yield rms;
            }
            default -> lr == null ? new Adam(learningRate) : new Adam(lr);
        };
    }

    /** Sets the updater and, when configured, decoupled weight decay on a network builder. */
    public NeuralNetConfiguration.Builder applyTo(NeuralNetConfiguration.Builder builder) {
        builder.updater(updater());
        if (weightDecay > 0) {
            builder.weightDecay(weightDecay, true);
        }
        return builder;
    }

    /** A one-line summary such as {@code adam lr=0.001 cosine}. */
    public String describe() {
        StringBuilder text = new StringBuilder(name).append(" lr=").append(Params.format(learningRate));
        if (name.equals("nesterov")) {
            text.append(" momentum=").append(Params.format(momentum));
        }
        if (weightDecay > 0) {
            text.append(" weight-decay=").append(Params.format(weightDecay));
        }
        if (schedule != LearningRateSchedule.CONSTANT) {
            text.append(' ').append(schedule.describe());
        }
        return text.toString();
    }

    private static String checkName(String name, Options options) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(lower)) {
            throw new UsageException(options.name() + ": unknown optimizer '" + lower + "' (expected "
                + String.join(", ", NAMES) + ")");
        }
        return lower;
    }

    private static void checkLearningRate(double learningRate, Options options) {
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new UsageException(options.learningRate() + ": must be a positive number, got " + learningRate);
        }
    }

    private static double defaultWeightDecay(String name) {
        return name.equalsIgnoreCase("adamw") ? ADAMW_WEIGHT_DECAY : 0;
    }
}
