package io.dlspark.core.model.residual;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.HeaderedSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.model.sequential.LayerDefaults;
import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;

/**
 * A residual network of basic blocks (He et al. 2016) for image input, built as a DL4J {@link ComputationGraph}:
 * a 3x3 stem, {@link Stage}s of blocks with identity shortcuts, or 1x1 projections where the shape changes, then
 * global pooling, optional dense layers and a softmax output. Batch norm keeps its running variance (not a log
 * standard deviation), so that parameter averaging averages variances. With {@code zeroInitResidual} the last batch
 * norm of every block starts with gamma 0, so that each block starts as its shortcut (Goyal et al. 2017).
 */
public record ResNetSpec(SpecHeader header, int stemFilters, List<Stage> stages, boolean maxPool, List<Integer> dense,
                         double dropout, double labelSmoothing, double batchNormDecay, boolean zeroInitResidual,
                         LayerDefaults defaults)
    implements HeaderedSpec {

    public ResNetSpec {
        stages = List.copyOf(stages);
        dense = List.copyOf(dense);
    }

    @Override
    public boolean convolutional() {
        return true;
    }

    @Override
    public NeuralNetwork build(ModelInput input, int classes, OptimizerConfig optimizer, long seed) {
        ComputationGraph graph = new ComputationGraph(configuration(image(input), classes, optimizer, seed).conf());
        graph.init();
        return graph;
    }

    @Override
    public ModelSummary summarize(ModelInput input, int classes) {
        Planned planned = configuration(image(input), classes, optimizer(), 0);
        ComputationGraph graph = new ComputationGraph(planned.conf());
        graph.init();
        return new ModelSummary(name(), input.describe(), planned.graph().rows(v -> graph.getLayer(v) == null ? 0
            : graph.getLayer(v).numParams()));
    }

    /** The configuration with the writer that recorded its vertices. */
    private record Planned(ComputationGraphConfiguration conf, ResNetGraph graph) {
    }

    private Planned configuration(ModelInput.ImageInput image, int classes, OptimizerConfig optimizer, long seed) {
        if (classes < 2) {
            throw new UsageException("model '" + name() + "': needs at least 2 classes, got " + classes);
        }
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .weightInit(defaults.weightInit());
        optimizer.applyTo(builder);
        if (defaults.l1() > 0) {
            builder.l1(defaults.l1());
        }
        if (defaults.l2() > 0) {
            builder.l2(defaults.l2());
        }
        ComputationGraphConfiguration.GraphBuilder graph = builder.graphBuilder().addInputs(ResNetGraph.INPUT);
        int channels = image.shape().channels();
        int height = image.shape().height();
        int width = image.shape().width();
        ResNetGraph writer = new ResNetGraph(graph, batchNormDecay, zeroInitResidual, channels, height, width);
        graph.setOutputs(writer.write(this, classes));
        graph.setInputTypes(InputType.convolutional(height, width, channels));
        ComputationGraphConfiguration conf = graph.build();
        ModelMemory.requireFits("model '" + name() + "'", conf);
        return new Planned(conf, writer);
    }

    private ModelInput.ImageInput image(ModelInput input) {
        if (input instanceof ModelInput.ImageInput image) {
            return image;
        }
        throw new UsageException("model '" + name() + "' takes image input, not " + input.describe());
    }
}
