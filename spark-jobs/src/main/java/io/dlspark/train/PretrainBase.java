package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@code dlspark pretrain} artifact that masked-language-model pretraining continues from ({@code pretrain
 * --init-from}): its encoder sizes, its vocabulary, which the new corpus is read with, and its weights, head included.
 */
final class PretrainBase {
    static final String OPTION = "--init-from";

    private final BaseModel base;
    private final Path vocabulary;

    private PretrainBase(BaseModel base, Path vocabulary) {
        this.base = base;
        this.vocabulary = vocabulary;
    }

    /**
     * The pretrain artifact at {@code uri}, after checking on the driver that it is one and that {@code config} asks for
     * its model with its sizes.
     */
    static PretrainBase load(String uri, TrainingConfig config, Configuration conf) throws IOException {
        BaseModel base = BaseModel.artifact(uri, conf, OPTION);
        if (!PretrainedEncoder.pretrained(base)) {
            throw new UsageException(OPTION + " " + uri + ": a " + base.modelName() + " model trained by dlspark train "
                + "or transfer, not a masked-language-model artifact of dlspark pretrain");
        }
        if (!base.modelName().equals(config.model())) {
            throw new UsageException("--model " + config.model() + ": " + OPTION + " " + uri + " holds a "
                + base.modelName() + " encoder; continue it as --model " + base.modelName());
        }
        Map<String, String> held = text(PretrainedEncoder.overrides(base));
        Map<String, String> asked = text(config.modelOverrides());
        if (!held.equals(asked)) {
            throw new UsageException("model overrides " + asked + ": " + OPTION + " " + uri + " was pretrained with "
                + held + "; continue it with the same sizes");
        }
        Path vocabulary = new Path(uri, WordPieceVocabularyJob.FILE_NAME);
        if (!HadoopFiles.exists(vocabulary, conf)) {
            throw new UsageException(OPTION + " " + uri + ": no " + WordPieceVocabularyJob.FILE_NAME + " in the artifact");
        }
        return new PretrainBase(base, vocabulary);
    }

    /** Values as text, so an override read back from JSON as a Long equals the Integer a request holds. */
    private static Map<String, String> text(Map<String, Object> overrides) {
        Map<String, String> text = new TreeMap<>();
        overrides.forEach((key, value) -> text.put(key, Objects.toString(value)));
        return text;
    }

    /** The artifact's vocabulary, which the corpus is encoded with instead of the shard set's own. */
    Path vocabulary() {
        return vocabulary;
    }

    /** Copies every parameter of the artifact into {@code net}, a new network of the same model and sizes. */
    NeuralNetwork initialise(NeuralNetwork net) {
        ComputationGraph from = (ComputationGraph) base.network();
        ComputationGraph to = (ComputationGraph) net;
        if (from.numParams() != to.numParams()) {
            throw new UsageException(OPTION + " " + base.uri() + ": its network has " + from.numParams()
                + " parameters, model " + base.modelName() + " of its sizes " + to.numParams());
        }
        for (GraphVertex vertex : to.getVertices()) {
            if (vertex.numParams() == 0) {
                continue;
            }
            GraphVertex source = from.getVertex(vertex.getVertexName());
            Map<String, INDArray> held = source == null ? Map.of() : source.paramTable(false);
            for (Map.Entry<String, INDArray> target : vertex.paramTable(false).entrySet()) {
                INDArray value = held.get(target.getKey());
                if (value == null || !Arrays.equals(value.shape(), target.getValue().shape())) {
                    throw new UsageException(OPTION + " " + base.uri() + ": its network has no parameter '"
                        + target.getKey() + "' of shape " + Arrays.toString(target.getValue().shape()) + " in vertex '"
                        + vertex.getVertexName() + "'; pretrained by another version of " + base.modelName() + "?");
                }
                target.getValue().assign(value);
            }
        }
        return net;
    }

    /** What the artifact records about the network it continued from. */
    ModelArtifactManifest.TransferProvenance provenance() {
        return PretrainedEncoder.provenance(base, false);
    }
}
