package io.dlspark.core.train;

import io.dlspark.core.data.ImageShape;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.nn.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.List;

/**
 * Builds DL4J minibatches from packed records, with one-hot labels (none when {@code classes} is 0) or, with
 * {@code regression}, the records' targets as {@code [batch, 1]}: images as float32 in [0, 1], {@code [batch, C, H,
 * W]} or flattened, optionally adapted to {@code shape} by an {@code adapter}; row records as {@code [batch, width]};
 * with {@code masking}, masked-token ones ({@link MaskedTokenBatches}). Records with instance weights get them as the
 * labels mask {@code [batch, 1]}, which DL4J's losses multiply in. With {@code detection}, detector minibatches.
 */
public record MinibatchAssembler(ImageShape shape, int classes, boolean convolutional, InputAdapter adapter,
                                 boolean regression, TokenMasking masking, DetectionBatches detection)
    implements Serializable {
    /** What each uint8 pixel value is multiplied by (in float32): the network sees values in [0, 1]. */
    public static final float PIXEL_SCALE = 1f / 255f;

    public MinibatchAssembler(ImageShape shape, int classes, boolean convolutional, InputAdapter adapter,
                              boolean regression) {
        this(shape, classes, convolutional, adapter, regression, null, null);
    }

    /** The assembler of detector minibatches of detection records, as {@code detection} builds them. */
    public static MinibatchAssembler detection(DetectionBatches detection) {
        return new MinibatchAssembler(detection.shape(), detection.grid().classes(), true, null, false, null, detection);
    }

    /**
     * The assembler of masked-language-model minibatches of token records, masked by {@code masking}, for a model
     * predicting {@code outputs} ids.
     */
    public static MinibatchAssembler maskedTokens(TokenMasking masking, int outputs) {
        if (outputs < masking.vocabulary()) {
            throw new IllegalArgumentException(outputs + " outputs for a vocabulary of " + masking.vocabulary());
        }
        return new MinibatchAssembler(null, outputs, false, null, false, masking, null);
    }

    public MinibatchAssembler(ImageShape shape, int classes, boolean convolutional) {
        this(shape, classes, convolutional, null);
    }

    public MinibatchAssembler(ImageShape shape, int classes, boolean convolutional, InputAdapter adapter) {
        this(shape, classes, convolutional, adapter, false);
    }

    /** This assembler with regression targets as labels instead of one-hot classes. */
    public MinibatchAssembler forRegression() {
        return new MinibatchAssembler(shape, 1, convolutional, adapter, true);
    }

    /** The assembler for records of {@code dataShape}, adapted by {@code adapter} when it is not null. */
    public static MinibatchAssembler forData(ImageShape dataShape, int classes, boolean convolutional, InputAdapter adapter) {
        return new MinibatchAssembler(adapter == null ? dataShape : adapter.to(), classes, convolutional, adapter);
    }

    /** The network input for uint8 HWC images of the data shape, in their order (no labels): what scorers feed. */
    public INDArray images(List<byte[]> images) {
        int n = images.size();
        int width = adapter != null ? adapter.from().size() : shape.size();
        byte[] pixels = new byte[n * width];
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(images.get(k), 0, pixels, k * width, width);
            order[k] = k;
        }
        return assembleUnweighted(new PartitionData(0, pixels, new int[n], new long[n], width), order, 0, n)
            .getFeatures();
    }

    /** The minibatch of records {@code order[from..to)} of {@code data} (token records masked as for epoch 0). */
    public DataSet assemble(PartitionData data, int[] order, int from, int to) {
        return assemble(data, order, from, to, 0);
    }

    /**
     * The minibatch of records {@code order[from..to)} of {@code data} in {@code epoch}, which only masking depends
     * on; their weights (if any) as its labels mask.
     */
    public DataSet assemble(PartitionData data, int[] order, int from, int to, int epoch) {
        if (masking != null) {
            return MaskedTokenBatches.assemble(masking, data, order, from, to, epoch);
        }
        if (detection != null) {
            return detection.assemble(data, order, from, to, epoch);
        }
        DataSet batch = assembleUnweighted(data, order, from, to);
        if (data.weights() != null && batch.getLabels() != null) {
            float[] weights = new float[to - from];
            for (int k = 0; k < weights.length; k++) {
                weights[k] = data.weights()[order[from + k]];
            }
            batch.setLabelsMaskArray(HostFloats.array(weights, weights.length, 1));
        }
        return batch;
    }

    private DataSet assembleUnweighted(PartitionData data, int[] order, int from, int to) {
        if (data.features() instanceof RowFeatures rows) {
            DataSet batch = assembleRows(rows, data.labels(), order, from, to);
            return regression ? new DataSet(batch.getFeatures(), targets(data, order, from, to)) : batch;
        }
        int n = to - from;
        int h = shape.height();
        int w = shape.width();
        int c = shape.channels();
        int size = shape.size();
        float[] features = new float[n * size];
        float[] labels = classes == 0 || regression ? null : new float[n * classes];
        byte[] pixels = data.pixels();
        for (int k = 0; k < n; k++) {
            int record = order[from + k];
            byte[] source = pixels;
            int src = record * size;
            if (adapter != null) {
                source = adapter.apply(pixels, record * adapter.from().size());
                src = 0;
            }
            int dst = k * size;
            if (c == 1 || !convolutional) {
                for (int i = 0; i < size; i++) {
                    features[dst + i] = (source[src + i] & 0xFF) * PIXEL_SCALE;
                }
            } else {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int hwc = src + (y * w + x) * c;
                        for (int ch = 0; ch < c; ch++) {
                            features[dst + (ch * h + y) * w + x] = (source[hwc + ch] & 0xFF) * PIXEL_SCALE;
                        }
                    }
                }
            }
            if (labels != null) {
                labels[k * classes + data.labels()[record]] = 1f;
            }
        }
        long[] featureShape = convolutional ? new long[] {n, c, h, w} : new long[] {n, size};
        return new DataSet(HostFloats.array(features, featureShape), regression ? targets(data, order, from, to)
            : labels == null ? null : HostFloats.array(labels, n, classes));
    }

    /** The regression targets of records {@code order[from..to)} as {@code [n, 1]}. */
    private static INDArray targets(PartitionData data, int[] order, int from, int to) {
        if (data.targets() == null) {
            throw new IllegalStateException("a regression minibatch needs records with targets; worker " + data.worker()
                + " has class labels only");
        }
        float[] targets = new float[to - from];
        for (int k = 0; k < targets.length; k++) {
            targets[k] = data.targets()[order[from + k]];
        }
        return HostFloats.array(targets, targets.length, 1);
    }

    private DataSet assembleRows(RowFeatures rows, int[] recordLabels, int[] order, int from, int to) {
        int n = to - from;
        int width = rows.width();
        float[] features = new float[n * width];
        float[] labels = classes == 0 || regression ? null : new float[n * classes];
        for (int k = 0; k < n; k++) {
            int record = order[from + k];
            rows.write(record, features, k * width);
            if (labels != null) {
                labels[k * classes + recordLabels[record]] = 1f;
            }
        }
        return new DataSet(HostFloats.array(features, n, width),
            labels == null ? null : HostFloats.array(labels, n, classes));
    }
}
