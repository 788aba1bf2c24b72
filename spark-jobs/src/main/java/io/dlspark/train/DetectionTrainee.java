package io.dlspark.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.UsageException;
import io.dlspark.core.detect.DetectionReport;
import io.dlspark.core.detect.yolo.YoloHead;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.DetectionBatches;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.engine.DetectionEvaluator;
import io.dlspark.feed.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A one-stage detector as the epoch loop trains it: detector minibatches (boxes moved with any augmentation),
 * validated by mAP@0.5 and mAP@[0.5:0.95] on the validation split, decoded on the executors.
 */
final class DetectionTrainee extends NetworkTrainee {
    private final DetectionBatches batches;
    private final YoloHead head;
    private final List<String> classNames;
    private final JavaSparkContext jsc;
    private final TrainingData validation;

    DetectionTrainee(ModelSource source, NeuralNetwork net, DetectionBatches batches, YoloHead head,
                     List<String> classNames, JavaSparkContext jsc, TrainingData validation) {
        super(source, net, null, 0, MinibatchAssembler.detection(batches));
        this.batches = batches;
        this.head = head;
        this.classNames = List.copyOf(classNames);
        this.jsc = jsc;
        this.validation = validation;
    }

    @Override
    void checkRestored(NeuralNetwork restored) {
        YoloHead found = YoloHead.of(restored, batches.shape()).orElseThrow(() -> new UsageException(
            "the checkpoint of --model " + name() + " is not a detector (no Yolo2OutputLayer)"));
        if (!found.grid().equals(head.grid())) {
            throw new UsageException("the checkpoint of --model " + name() + " has the grid " + found.grid()
                + ", not " + head.grid());
        }
    }

    @Override
    public EpochValidation validate(int epoch, NetworkState state, EpochAccumulator accumulator) {
        return validation == null ? EpochValidation.NONE : new Scored(evaluate(state));
    }

    private DetectionReport evaluate(NetworkState state) {
        return DetectionEvaluator.evaluate(jsc, "validation", validation, networkBlueprint(), state, batches, head,
            classNames);
    }

    @Override
    Map<String, Object> validationMetrics(EpochValidation last) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (validation != null) {
            DetectionReport report = last instanceof Scored s ? s.report() : evaluate(state());
            metrics.put("validationMap50", report.metrics().get("map50"));
            metrics.put("validationMap50to95", report.metrics().get("map50to95"));
            metrics.put("validationPerClass", report.metrics().get("perClass"));
        }
        return metrics;
    }

    /** The epoch's figures with the validation mAPs. */
    @Override
    @SuppressWarnings("unchecked")
    public Object metricsLine(EpochMetrics line, EpochValidation validation) {
        Map<String, Object> out = new LinkedHashMap<>(new ObjectMapper().convertValue(line, Map.class));
        if (validation instanceof Scored s) {
            out.put("validationMap50", s.report().metrics().get("map50"));
            out.put("validationMap50to95", s.report().metrics().get("map50to95"));
        }
        return out;
    }

    @Override
    public String describe(EpochMetrics line, EpochValidation validation, int epochs) {
        return describe(line, epochs, validation instanceof Scored s ? String.format(Locale.ROOT,
            "validation mAP@0.5 %.4f, mAP@[0.5:0.95] %.4f", s.report().map50(), s.report().map50to95())
            : "no validation split");
    }

    /** A detector's validation: its detection report. */
    record Scored(DetectionReport report) implements EpochValidation {
        @Override
        public Double map50() {
            return report.map50();
        }
    }
}
