package io.dlspark.core.nn.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * Training-mode batch normalisation of NCHW activations computed on the {@code [batch x channels, height x width]}
 * view, whose rows are contiguous, so every per-channel statistic and gradient is a fast row reduction; inference
 * and every other input go to DL4J M2.1's oneDNN helper.
 *
 * <p>That helper computes the batch variance with ND4J's {@code Variance} op across the strided channel slices and
 * the backward pass with the generic {@code batchnorm_bp} op; on one core the two took 44 % of a ResNet-8 training
 * step. The arithmetic here is the textbook one: {@code y = gamma (x - mean) / sqrt(var + eps) + beta} with the
 * biased batch variance, and
 * {@code dx = gamma / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat))}.
 */
final class RowwiseBatchNormHelper implements BatchNormalizationHelper {
    private final MKLDNNBatchNormHelper oneDnn;
    private INDArray batchMean;
    private INDArray batchVariance;
    private boolean lastTrainingPassWasOneDnn;

    RowwiseBatchNormHelper(DataType dataType) {
        this.oneDnn = new MKLDNNBatchNormHelper(dataType);
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!training) {
            return oneDnn.preOutput(x, false, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        lastTrainingPassWasOneDnn = !handles(x, format);
        if (lastTrainingPassWasOneDnn) {
            return oneDnn.preOutput(x, true, shape, gamma, beta, mean, var, decay, eps, format, workspaceMgr);
        }
        INDArray input = contiguous(x);
        long batch = input.size(0);
        long channels = input.size(1);
        long count = batch * input.size(2) * input.size(3);
        INDArray rows = rows(input);
        INDArray channelMean = perChannel(rows.sum(1), batch, channels).divi(count);

        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        INDArray outRows = rows(out);
        outRows.assign(rows).subiColumnVector(perRow(channelMean, batch));
        // A second pass over the centred values corrects the rounding of the first mean, which matters when the
        // mean is large against the spread: the variance about the corrected mean is mean(c^2) - residual^2.
        INDArray residual = perChannel(outRows.sum(1), batch, channels).divi(count);
        INDArray rowNorms = outRows.norm2(1);
        INDArray channelVariance = perChannel(rowNorms.muli(rowNorms), batch, channels).divi(count)
            .subi(residual.mul(residual));
        remember(channelMean.addi(residual), channelVariance);

        INDArray scale = Transforms.pow(channelVariance.add(eps), -0.5, false).muli(vector(gamma, channels));
        INDArray shift = vector(beta, channels).sub(residual.muli(scale));
        outRows.muliColumnVector(perRow(scale, batch)).addiColumnVector(perRow(shift, batch));
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (lastTrainingPassWasOneDnn || !handles(x, format)) {
            return oneDnn.backpropGradient(x, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, workspaceMgr);
        }
        INDArray input = contiguous(x);
        INDArray dy = contiguous(epsilon);
        long batch = input.size(0);
        long channels = input.size(1);
        double count = batch * input.size(2) * input.size(3);
        INDArray rows = rows(input);
        INDArray dyRows = rows(dy);
        INDArray invStd = Transforms.pow(batchVariance.add(eps), -0.5, false);

        INDArray dBeta = perChannel(dyRows.sum(1), batch, channels);
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        INDArray dxRows = rows(dx).assign(dyRows).subiColumnVector(perRow(dBeta.div(count), batch));
        INDArray centered = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), rows.shape(), 'c');
        centered.assign(rows).subiColumnVector(perRow(batchMean, batch));
        // Both factors centred: the sums stay accurate when the activations' mean is large against their spread.
        INDArray dyDotCentered = Nd4j.getExecutioner().exec(new Dot(dxRows, centered, 1));
        INDArray dGamma = perChannel(dyDotCentered, batch, channels).muli(invStd);

        INDArray dyScale = invStd.mul(vector(gamma, channels));
        INDArray centeredScale = dyScale.mul(invStd).muli(dGamma).divi(count);
        centered.muliColumnVector(perRow(centeredScale, batch));
        dxRows.muliColumnVector(perRow(dyScale, batch)).subi(centered);

        dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return lastTrainingPassWasOneDnn ? oneDnn.getMeanCache(dataType) : batchMean;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return lastTrainingPassWasOneDnn ? oneDnn.getVarCache(dataType) : batchVariance;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    private static boolean handles(INDArray x, CNN2DFormat format) {
        return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType().isFPType();
    }

    private static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) && !x.isView() ? x : x.dup('c');
    }

    /** The {@code [batch x channels, height x width]} view of a c-ordered NCHW array. */
    private static INDArray rows(INDArray nchw) {
        return nchw.reshape('c', nchw.size(0) * nchw.size(1), nchw.size(2) * nchw.size(3));
    }

    /** Sums per-row values (row {@code n * channels + c}) into one value per channel. */
    private static INDArray perChannel(INDArray rowValues, long batch, long channels) {
        return rowValues.reshape(batch, channels).sum(0);
    }

    /**
     * Repeats a per-channel vector as the column of per-row values of the rows view, by a broadcast copy into a
     * {@code [batch, channels]} array (ND4J's {@code tile} op took 7 % of a training step).
     */
    private static INDArray perRow(INDArray channelValues, long batch) {
        long channels = channelValues.length();
        INDArray repeated = Nd4j.createUninitialized(channelValues.dataType(), batch, channels);
        Nd4j.getExecutioner().exec(new BroadcastCopyOp(repeated, channelValues.reshape(channels), repeated, 1));
        return repeated.reshape(batch * channels, 1);
    }

    private static INDArray vector(INDArray parameter, long channels) {
        return parameter.reshape(channels);
    }

    private void remember(INDArray channelMean, INDArray channelVariance) {
        if (batchMean == null || batchMean.length() != channelMean.length()
            || batchMean.dataType() != channelMean.dataType()) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchMean = Nd4j.createUninitialized(channelMean.dataType(), channelMean.length());
                batchVariance = Nd4j.createUninitialized(channelMean.dataType(), channelMean.length());
            }
        }
        batchMean.assign(channelMean);
        batchVariance.assign(channelVariance);
    }
}
