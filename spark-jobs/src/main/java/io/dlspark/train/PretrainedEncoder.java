package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.EncoderWeights;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import io.dlspark.core.transfer.BaseModel;
import io.dlspark.feed.FeatureInputs;
import io.dlspark.feed.WordPieceCodec;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier encoder fine-tuned from a {@code dlspark pretrain} artifact: the same transformer with a
 * classification head, every encoder parameter copied from the artifact ({@link EncoderWeights}), reading text as
 * WordPiece ids of the pretraining vocabulary.
 */
final class PretrainedEncoder implements ModelSource {
    /** The metrics key of a pretrain artifact holding the model overrides it was built with. */
    static final String OVERRIDES = "modelOverrides";
    /** The spec keys fine-tuning may set over the pretrained ones: they shape no encoder parameter. */
    static final List<String> HEAD_KEYS = List.of("pooling", "dropout", "windows");

    private final BaseModel base;
    private final TransformerSpec spec;
    private final OptimizerConfig optimizer;
    private final WordPieceCodec codec;
    private final TextFeatures.Vectorizer vocabulary;

    private PretrainedEncoder(BaseModel base, TransformerSpec spec, OptimizerConfig optimizer, WordPieceCodec codec,
                              TextFeatures.Vectorizer vocabulary) {
        this.base = base;
        this.spec = spec;
        this.optimizer = optimizer;
        this.codec = codec;
        this.vocabulary = vocabulary;
    }

    /** Whether {@code base} is a masked-language-model artifact of {@code dlspark pretrain}. */
    static boolean pretrained(BaseModel base) {
        return base.artifact() != null && base.artifact().finalMetrics() != null
            && PretrainJob.MLM.equals(base.artifact().finalMetrics().get("objective"));
    }

    /**
     * The fine-tuning source of the pretrained {@code base} for the text shards at {@code dataRoot}, after checking on
     * the driver that the request asks nothing a pretrained encoder cannot do and that the data's vocabulary, if it
     * has one, is the pretraining one.
     */
    static PretrainedEncoder of(BaseModel base, TransferJob.Request request, Path dataRoot, Configuration conf)
        throws IOException {
        if (request.transfer().freezeThrough() != null || request.transfer().unfreezeAfterEpochs() != 0
            || !request.inputAdapter().isEmpty()) {
            throw new UsageException("--base " + base.uri() + " is a pretrained encoder: it is fine-tuned whole with a new "
                + "classification head, so --freeze-through, --unfreeze-after-epochs and --input-adapter do not apply");
        }
        Map<String, Object> overrides = new LinkedHashMap<>(overrides(base));
        for (Map.Entry<String, Object> head : request.train().modelOverrides().entrySet()) {
            if (!HEAD_KEYS.contains(head.getKey())) {
                throw new UsageException("model override " + head.getKey() + ": --base " + base.uri() + " is a pretrained "
                    + "encoder whose sizes are its own; fine-tuning may set only " + String.join(", ", HEAD_KEYS));
            }
            overrides.put(head.getKey(), head.getValue());
        }
        if (!(ModelCatalog.resolveAny(base.modelName(), overrides) instanceof TransformerSpec spec)) {
            throw new UsageException("--base " + base.uri() + ": its model " + base.modelName() + " is not a transformer");
        }
        Path pretrainedVocabulary = qualified(new Path(base.uri(), WordPieceVocabularyJob.FILE_NAME), conf);
        if (!HadoopFiles.exists(pretrainedVocabulary, conf)) {
            throw new UsageException("--base " + base.uri() + ": no " + WordPieceVocabularyJob.FILE_NAME
                + " in the artifact (pretrained by an older dlspark?); pretrain again");
        }
        checkDataVocabulary(dataRoot, pretrainedVocabulary, conf);
        WordPieceCodec codec = WordPieceCodec.open(pretrainedVocabulary, "--base " + base.uri(),
            spec.size().maxLength() * spec.windows(), spec.windows(), conf);
        return new PretrainedEncoder(base, spec, request.train().optimizer(), codec,
            FeatureInputs.vectorizer(codec, pretrainedVocabulary.toString()));
    }

    /** The model overrides the pretrain artifact {@code base} was built with (none: the spec's own sizes). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> overrides(BaseModel base) {
        return (Map<String, Object>) base.artifact().finalMetrics().getOrDefault(OVERRIDES, Map.of());
    }

    /**
     * Checks that the shard set at {@code dataRoot}, when it has a vocabulary of its own, has the pretraining one: ids of
     * another vocabulary would mean other tokens to the pretrained embeddings.
     */
    static void checkDataVocabulary(Path dataRoot, Path pretrainedVocabulary, Configuration conf) throws IOException {
        Path dataVocabulary = new Path(dataRoot, WordPieceVocabularyJob.FILE_NAME);
        if (HadoopFiles.exists(dataVocabulary, conf) && !HadoopFiles.readString(dataVocabulary, conf).strip()
            .equals(HadoopFiles.readString(pretrainedVocabulary, conf).strip())) {
            throw new UsageException("--data: " + dataVocabulary + " differs from the pretraining vocabulary "
                + pretrainedVocabulary + "; remove it or copy the pretraining one there");
        }
    }

    private static Path qualified(Path path, Configuration conf) throws IOException {
        return HadoopFiles.fs(path, conf).makeQualified(path);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public boolean convolutional() {
        return false;
    }

    /** The classifier, its encoder parameters those of the pretrained network. */
    @Override
    public NeuralNetwork build(ModelInput input, int classes, long seed) {
        ComputationGraph classifier = (ComputationGraph) spec.build(input, classes, optimizer, seed);
        ComputationGraph pretrained = (ComputationGraph) base.network();
        Set<String> copied = EncoderWeights.copy(pretrained, classifier);
        for (GraphVertex vertex : pretrained.getVertices()) {
            if (vertex.numParams() == 0 || vertex.getVertexName().equals(TransformerSpec.MLM_OUTPUT)) {
                continue;
            }
            GraphVertex target = classifier.getVertex(vertex.getVertexName());
            if (target == null || !copied.contains(vertex.getVertexName()) || !sameShapes(vertex, target)) {
                throw new UsageException("--base " + base.uri() + ": its encoder vertex '" + vertex.getVertexName()
                    + "' does not fit model " + spec.name() + " of these sizes; was it pretrained with other overrides?");
            }
        }
        return classifier;
    }

    private static boolean sameShapes(GraphVertex a, GraphVertex b) {
        Map<String, INDArray> pa = a.paramTable(false);
        Map<String, INDArray> pb = b.paramTable(false);
        return pa.keySet().equals(pb.keySet())
            && pa.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue().shape(), pb.get(e.getKey()).shape()));
    }

    @Override
    public FeatureInputs featureInputs(ShardManifest data, Path dataRoot, TextFeatureKind requested) {
        if (requested != null && requested != TextFeatureKind.WORDPIECE) {
            throw new UsageException("--features " + requested.cliName() + ": a pretrained encoder reads WordPiece ids "
                + "of its pretraining vocabulary");
        }
        data.requireText("--data " + dataRoot + " (the pretrained encoder " + base.uri() + " reads text)");
        return FeatureInputs.wordPieces(codec, vocabulary);
    }

    @Override
    public OptimizerConfig optimizer() {
        return optimizer;
    }

    @Override
    public ModelArtifactManifest.TransferProvenance transfer() {
        return provenance(base, true);
    }

    /** What an artifact records about the pretrain artifact {@code base} it started from, with a new head or not. */
    static ModelArtifactManifest.TransferProvenance provenance(BaseModel base, boolean newHead) {
        ModelArtifactManifest artifact = base.artifact();
        return new ModelArtifactManifest.TransferProvenance(base.uri(), base.format(), base.modelName(), base.sha256(),
            artifact.data(), artifact.labelNames(), List.of(), newHead, 0, null);
    }
}
