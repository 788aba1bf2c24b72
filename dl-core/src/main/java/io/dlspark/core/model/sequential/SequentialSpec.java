package io.dlspark.core.model.sequential;

import io.dlspark.core.UsageException;
import io.dlspark.core.model.HeaderedSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSummary;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.OutputHead;
import io.dlspark.core.model.SpecHeader;
import io.dlspark.core.nn.ModelMemory;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * A model that is a stack of layers ({@link LayerSpec}) followed by a softmax output layer with one unit per class
 * (or a regression {@link OutputHead}), built as a DL4J {@link MultiLayerNetwork}. The {@code sequential},
 * {@code mlp} and {@code vgg} families all produce one.
 */
public record SequentialSpec(SpecHeader header, List<LayerSpec> layers, LayerDefaults defaults) implements HeaderedSpec {

    public SequentialSpec {
        layers = List.copyOf(layers);
    }

    /** One layer placed for an input: its shapes. */
    private record Step(LayerSpec layer, Shape in, Shape out) {
    }

    @Override
    public boolean convolutional() {
        return layers.stream().anyMatch(l -> l instanceof Conv2d || l instanceof Pool2d);
    }

    private boolean tokens() {
        return !layers.isEmpty() && layers.get(0) instanceof Embedding;
    }

    @Override
    public NeuralNetwork build(ModelInput input, int classes, OptimizerConfig optimizer, long seed) {
        return build(input, OutputHead.softmax(classes), optimizer, seed);
    }

    /** The layers, then {@code head}: a softmax over at least 2 classes, or a regression head. */
    @Override
    public NeuralNetwork build(ModelInput input, OutputHead head, OptimizerConfig optimizer, long seed) {
        if (!head.regression() && head.outputs() < 2) {
            throw new UsageException("model '" + name() + "': needs at least 2 classes, got " + head.outputs());
        }
        NeuralNetConfiguration.ListBuilder list = defaults.networkBuilder(seed, optimizer).list();
        for (Step step : plan(input)) {
            list.layer(step.layer().toLayer(step.in(), defaults));
        }
        list.layer(head.layer());
        list.setInputType(inputType(input));
        MultiLayerConfiguration conf = list.build();
        ModelMemory.requireFits("model '" + name() + "'", conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Override
    public ModelSummary summarize(ModelInput input, int classes) {
        MultiLayerNetwork net = (MultiLayerNetwork) build(input, classes, optimizer(), 0);
        List<ModelSummary.Row> rows = new ArrayList<>();
        List<Step> steps = plan(input);
        Shape last = inputShape(input);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            rows.add(new ModelSummary.Row(i, step.layer().type(), step.out().toString(), step.out().size(),
                net.getLayer(i).numParams(), step.layer().forwardFlops(step.in(), step.out())));
            last = step.out();
        }
        rows.add(new ModelSummary.Row(steps.size(), "softmax-output", Integer.toString(classes), classes,
            net.getLayer(steps.size()).numParams(), 2L * last.size() * classes + 3L * classes));
        return new ModelSummary(name(), input.describe(), rows);
    }

    /** The layers that apply to the input, with their shapes; shape errors name the layer's key. */
    private List<Step> plan(ModelInput input) {
        Shape shape = inputShape(input);
        List<Step> steps = new ArrayList<>();
        for (LayerSpec layer : layers) {
            LayerSpec placed = layer instanceof Embedding e && input instanceof ModelInput.TokenInput t
                ? e.withVocabulary(t.vocabularySize()) : layer;
            if (placed.skippedFor(shape)) {
                continue;
            }
            Shape out = placed.output(shape);
            steps.add(new Step(placed, shape, out));
            shape = out;
        }
        if (shape.form() == Shape.Form.SEQUENCE) {
            throw new UsageException(header.key() + ".layers: the last layer outputs a sequence " + shape
                + "; end with a global-pool layer");
        }
        return steps;
    }

    private Shape inputShape(ModelInput input) {
        String takes = tokens() ? "token input" : convolutional() ? "image input" : "image or vector input";
        if (input instanceof ModelInput.ImageInput image && !tokens()) {
            return convolutional() ? Shape.image(image.shape().channels(), image.shape().height(), image.shape().width())
                : Shape.flat(image.shape().size());
        }
        if (input instanceof ModelInput.VectorInput vector && !tokens() && !convolutional()) {
            return Shape.flat(vector.size());
        }
        if (input instanceof ModelInput.TokenInput token && tokens()) {
            return Shape.sequence(1, token.length());
        }
        throw new UsageException("model '" + name() + "' takes " + takes + ", not " + input.describe());
    }

    private InputType inputType(ModelInput input) {
        Shape shape = inputShape(input);
        return switch (shape.form()) {
            case IMAGE -> InputType.convolutional(shape.height(), shape.width(), shape.channels());
            // DL4J sets the embedding's nIn from the recurrent input type's size: the vocabulary.
            case SEQUENCE -> InputType.recurrent(((ModelInput.TokenInput) input).vocabularySize(), shape.width());
            case FLAT -> InputType.feedForward(shape.channels());
        };
    }
}
