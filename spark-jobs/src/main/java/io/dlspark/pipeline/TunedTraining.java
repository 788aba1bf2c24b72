package io.dlspark.pipeline;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.jobs.tune.TrialSpec;
import io.dlspark.jobs.tune.TuneResult;
import io.dlspark.jobs.tune.TuningFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * What the tune stage hands to the train stage, in {@code tune/tuned-training.json}: the best trial (id, parameter
 * values, objective) and its configuration in {@code dlspark train}'s terms: the model (the tuning file's
 * {@code tuning.training.model}) with the trial's model keys, the optimizer and learning rate, and the minibatch size.
 *
 * @param modelOverrides model spec keys and values, e.g. {@code hidden-layers.0 -> 512}
 */
public record TunedTraining(int trial, Map<String, Object> params, String metric, double objective, String model,
                            Map<String, Object> modelOverrides, String optimizer, double learningRate, int batchSize) {
    static final String FILE = "tuned-training.json";

    /** The best configuration of a finished search of {@code file}. */
    static TunedTraining of(TuneResult result, TuningFile file) {
        TrialSpec spec = result.bestSpec();
        return new TunedTraining(result.best().trialId(), result.best().params(), file.tuning().objective().metric(),
            result.best().objective().getAsDouble(), file.training().model(), spec.modelOverrides(),
            spec.optimizer().name(), spec.optimizer().learningRate(), spec.batchSize());
    }

    /** Where the tune stage of {@code layout} writes it. */
    static Path path(RunLayout layout) {
        return new Path(layout.output("tune"), FILE);
    }

    static TunedTraining read(RunLayout layout, Configuration conf) throws IOException {
        Path file = path(layout);
        return Json.read(HadoopFiles.readString(file, conf), TunedTraining.class, file.toString());
    }

    void write(RunLayout layout, Configuration conf) throws IOException {
        AtomicFiles.writeString(path(layout), Json.pretty(this), conf);
    }

    /** The model spec with the trial's model keys. */
    ModelSpec spec() {
        return ModelCatalog.resolve(model, modelOverrides);
    }

    OptimizerConfig optimizerConfig() {
        return new OptimizerConfig(optimizer, learningRate);
    }

    /** One line: the trial, its objective and the configuration the train stage gets. */
    String describe() {
        return String.format(Locale.ROOT, "trial %d (%s %.4f, %s): model %s%s, %s learning rate %.4g, batch %d", trial,
            metric, objective, params, model, modelOverrides.isEmpty() ? "" : " with " + modelOverrides, optimizer,
            learningRate, batchSize);
    }
}
