package io.dlspark.jobs.tune;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.local.LocalTrainer;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.testing.MnistLikeShards;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The single-machine trial trainer against the parameter-averaging master with one worker: the same seed, batch
 * size and data give the same minibatches in the same order, so the parameters after two epochs must be equal.
 */
class LocalTrainerOracleTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void localTrainerEqualsTheTrainingMasterWithOneWorker() throws Exception {
        SparkSession spark = SparkTestSession.get();
        String shards = MnistLikeShards.ingest(spark, dir, 200, 20, 9);
        OptimizerConfig adam = new OptimizerConfig("adam", 5e-3);
        TrainResult master = new TrainJob(spark, new PrintWriter(new StringWriter())).run(TrainingConfig.builder().data(shards).model("mlp").epochs(2).output(dir.resolve("model").toString()).workers(1).batchSize(16).averagingFrequency(3).treeDepth(2).seed(13).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(adam).resume(false).overwrite(false).checkpointEveryRounds(0).build());

        ShardManifest manifest = ManifestIo.read(new Path(shards), spark.sparkContext().hadoopConfiguration());
        TrialData data = TrialData.load(spark, new Path(shards), manifest, 13, 0, false);
        NeuralNetwork net = ModelCatalog.resolve("mlp").build(ModelInput.of(manifest), manifest.classCount(), adam, 13);
        LocalTrainer trainer = new LocalTrainer(13, 16, data.assembler(), data.labels());
        LocalTrainer.Epoch last = null;
        for (int epoch = 0; epoch < 2; epoch++) {
            last = trainer.epoch(net, data.train(), data.validation(), epoch);
        }
        assertArrayEquals(master.state().params(), net.params().toFloatVector(), 1e-6f);
        assertEquals(master.epochs().get(1).validationAccuracy(), last.validation().accuracy(), 1e-9);
    }
}
