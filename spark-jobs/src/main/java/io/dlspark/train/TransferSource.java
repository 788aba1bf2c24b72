package io.dlspark.train;

import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.data.InputAdapter;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.core.transfer.Transfer;
import io.dlspark.core.transfer.TransferSettings;
import org.deeplearning4j.nn.api.NeuralNetwork;

import java.util.List;

/**
 * A base model prepared for fine-tuning ({@link Transfer#prepare}), with gradual unfreezing: at the start of epoch
 * {@code e}, {@code e / unfreezeAfterEpochs} of the frozen layers with parameters have become trainable, deepest
 * first. Counting from the epoch rather than from the previous step makes a resumed run unfreeze like an
 * uninterrupted one.
 */
final class TransferSource implements ModelSource {
    private final BaseModel base;
    private final TransferSettings settings;
    private final InputAdapter inputAdapter;
    private List<Integer> frozenAtStart = List.of();
    private int frozenWithParametersAtStart;

    TransferSource(BaseModel base, TransferSettings settings, InputAdapter inputAdapter) {
        this.base = base;
        this.settings = settings;
        this.inputAdapter = inputAdapter;
    }

    @Override
    public String name() {
        return base.modelName();
    }

    @Override
    public boolean convolutional() {
        return base.convolutional();
    }

    @Override
    public NeuralNetwork build(ModelInput input, int classes, long seed) {
        NeuralNetwork net = Transfer.prepare(base.network(), classes, settings);
        frozenAtStart = Transfer.frozenLayers(net);
        frozenWithParametersAtStart = Transfer.frozenWithParameters(net);
        return net;
    }

    @Override
    public NeuralNetwork forEpoch(NeuralNetwork net, int epoch) {
        if (settings.unfreezeAfterEpochs() == 0) {
            return net;
        }
        int stillFrozen = Math.max(0, frozenWithParametersAtStart - epoch / settings.unfreezeAfterEpochs());
        NeuralNetwork current = net;
        while (Transfer.frozenWithParameters(current) > stillFrozen) {
            current = Transfer.unfreezeDeepest(current);
        }
        return current;
    }

    @Override
    public InputAdapter inputAdapter() {
        return inputAdapter;
    }

    @Override
    public ModelArtifactManifest.TransferProvenance transfer() {
        ModelArtifactManifest artifact = base.artifact();
        return new ModelArtifactManifest.TransferProvenance(base.uri(), base.format(), base.modelName(), base.sha256(),
            artifact == null ? null : artifact.data(), artifact == null ? null : artifact.labelNames(), frozenAtStart,
            settings.replaceHead(), settings.unfreezeAfterEpochs(), inputAdapter);
    }
}
