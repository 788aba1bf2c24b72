package io.dlspark.train;

import io.dlspark.core.UsageException;
import io.dlspark.core.artifact.ArtifactFiles;
import io.dlspark.core.artifact.ModelArtifactManifest;
import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.transformer.TransformerSpec;
import io.dlspark.core.nn.Networks;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.train.MinibatchAssembler;
import io.dlspark.core.train.TokenMasking;
import io.dlspark.engine.ParameterAveragingMaster;
import io.dlspark.feed.ShardRecords;
import io.dlspark.feed.TrainingData;
import io.dlspark.feed.WordPieceCodec;
import io.dlspark.output.OutputFolder;
import io.dlspark.text.WordPieceVocabularyJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dlspark pretrain --objective mlm} job: a transformer encoder with a masked-language-model head trained on
 * a text shard set's WordPiece ids ({@code vocab.txt} beside the shards) through the same {@link EpochLoop} and
 * master as {@code train}, so checkpoints, resume and exactly-once epochs are theirs; the artifact keeps the
 * {@code vocab.txt}.
 */
public final class PretrainJob {
    /** The one pretraining objective so far. */
    public static final String MLM = "mlm";
    private static final Logger LOG = LoggerFactory.getLogger(PretrainJob.class);

    private final TrainJob job;

    /** A job training through {@code job}'s loop, listeners and Spark session. */
    public PretrainJob(TrainJob job) {
        this.job = job;
    }

    /** Pretrains the encoder {@code config} names with {@code objective}; {@code onRound} receives every round. */
    public TrainResult run(TrainingConfig config, String objective, ParameterAveragingMaster.RoundListener onRound)
        throws IOException {
        return run(config, objective, null, onRound);
    }

    /**
     * Pretrains as {@link #run(TrainingConfig, String, ParameterAveragingMaster.RoundListener)} does, starting from the
     * weights of the pretrain artifact {@code initFrom} and reading the corpus with its vocabulary when that is not null.
     */
    public TrainResult run(TrainingConfig config, String objective, String initFrom,
                           ParameterAveragingMaster.RoundListener onRound) throws IOException {
        if (!MLM.equals(objective)) {
            throw new UsageException("--objective " + objective + ": unknown pretraining objective (expected " + MLM + ")");
        }
        CatalogSpec catalogSpec = ModelCatalog.resolveAny(config.model(), config.modelOverrides());
        if (!(catalogSpec instanceof TransformerSpec encoder)) {
            throw new UsageException("--model " + config.model() + ": masked-language-model pretraining needs a "
                + "transformer encoder (kind = transformer), such as bert-tiny");
        }
        if (config.augment() != null || config.features() != null) {
            throw new UsageException((config.augment() != null ? "--augment" : "--features")
                + ": does not apply to pretraining, which reads WordPiece ids of the shards' text");
        }
        config.selection().refuseMap("--keep-best", "--model " + config.model());
        TransformerSpec spec = encoder.withMaskedLmHead();
        Configuration conf = job.spark().sparkContext().hadoopConfiguration();
        ShardRecords records = ShardRecords.open(job.spark(), PathOption.of("--data", config.data(), conf), conf);
        ShardManifest data = TrainJob.checkData(config, records);
        data.requireText("--data " + config.data());
        PretrainBase base = initFrom == null ? null : PretrainBase.load(initFrom, config, conf);
        if (base != null) {
            PretrainedEncoder.checkDataVocabulary(records.root(), base.vocabulary(), conf);
        }
        Path vocabulary = base != null ? base.vocabulary() : new Path(records.root(), WordPieceVocabularyJob.FILE_NAME);
        int length = spec.size().maxLength();
        WordPieceCodec codec = WordPieceCodec.open(vocabulary, base != null ? PretrainBase.OPTION + " " + initFrom
            : "--data " + config.data(), length, conf);
        int outputs = spec.size().vocabulary();
        if (codec.vocabularySize() > outputs) {
            throw new UsageException("--model " + spec.name() + ": its vocabulary-size " + outputs + " is smaller than the "
                + codec.vocabularySize() + " tokens of " + vocabulary);
        }
        OptimizerConfig optimizer = job.scaledOptimizer(config, spec);
        ModelSource source = ModelSource.of(spec, optimizer);
        ModelInput input = new ModelInput.TokenInput(length, outputs);
        NeuralNetwork built = source.build(input, 0, config.seed());
        NeuralNetwork net = base == null ? built : base.initialise(built);
        MinibatchAssembler assembler = MinibatchAssembler.maskedTokens(new TokenMasking(config.seed(),
            codec.vocabularySize(), WordPieceCodec.MASK, WordPieceCodec.FIRST_REGULAR, TokenMasking.BERT_RATE), outputs);
        int workers = job.preflight(config, conf, null, spec.name(), input, data, false);

        try (OutputFolder out = OutputFolder.begin(PathOption.of("--output", config.output(), conf), conf, config.overwrite())) {
            Path dir = out.dir();
            TrainingData train = TrainingData.load(WordPieceCodec.rows(records.split(Split.TRAIN)), workers, config.seed(),
                codec);
            TrainingData validation = data.count(Split.VALIDATION) == 0 ? null
                : TrainingData.load(WordPieceCodec.rows(records.split(Split.VALIDATION)), workers, config.seed(), codec);
            try {
                TrainJob.checkCount(records.describe(), data, train);
                MaskedLmTrainee trainee = new MaskedLmTrainee(source, net, assembler, TransformerSpec.MLM_OUTPUT,
                    job.jsc(), validation);
                TrainJob.Run run = job.train(config, trainee, train, workers, dir, null, onRound, conf);
                EpochValidation last = run.kept() != null ? run.kept().restore(trainee, run.epochsLogged())
                    : run.lastValidation();
                NeuralNetwork trained = trainee.network();
                Map<String, Object> metrics = new LinkedHashMap<>(trainee.validationMetrics(last));
                metrics.put("objective", MLM);
                if (!config.modelOverrides().isEmpty()) {
                    metrics.put(PretrainedEncoder.OVERRIDES, new java.util.TreeMap<>(config.modelOverrides()));
                }
                ModelArtifactManifest manifest = new ModelArtifactManifest(ModelArtifactManifest.FORMAT_VERSION,
                    spec.name(), Networks.kind(trained), data.shape(), false, List.of(),
                    Networks.numParams(trained), TrainJob.provenance(config, optimizer, workers, null),
                    records.provenance(conf), metrics, ArtifactVersions.current(), job.now(),
                    base == null ? null : base.provenance());
                ArtifactFiles.writeModel(dir, trained, conf);
                ArtifactFiles.write(dir, manifest, conf);
                HadoopFiles.writeString(new Path(dir, WordPieceVocabularyJob.FILE_NAME), HadoopFiles.readString(vocabulary, conf), conf);
                out.commit();
                LOG.info("Wrote pretrained encoder artifact {}", out.target());
                return new TrainResult(out.target().toString(), manifest, run.epochs(), trainee.state());
            } finally {
                train.release();
                if (validation != null) {
                    validation.release();
                }
            }
        }
    }
}
