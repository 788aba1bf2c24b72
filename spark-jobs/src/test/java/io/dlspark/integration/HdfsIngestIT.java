package io.dlspark.integration;

import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.fixtures.IdxFixtures;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.jobs.ingest.DatasetKind;
import io.dlspark.jobs.ingest.IngestJob;
import io.dlspark.jobs.ingest.IngestResult;
import io.dlspark.spark.SparkTestSession;
import io.dlspark.train.TrainJob;
import io.dlspark.train.TrainResult;
import io.dlspark.train.TrainingConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ingest and training against a real HDFS: a {@link MiniDFSCluster} (one namenode, one datanode, on 127.0.0.1) in
 * this JVM, raw IDX files copied into it, {@link IngestJob} from hdfs:// to hdfs:// and {@link TrainJob} reading the
 * shards from and writing the artifact to hdfs://, all in {@code local[2]}.
 */
@Tag("integration")
class HdfsIngestIT {
    private static MiniDFSCluster cluster;
    private static FileSystem fs;
    private static String hdfs;
    private static SparkSession spark;

    @BeforeAll
    static void startHdfs() throws Exception {
        java.nio.file.Path base = ItSupport.newWorkDir("it-hdfs-");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf, base.resolve("dfs").toFile()).numDataNodes(1).format(true).build();
        cluster.waitActive();
        hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        fs = cluster.getFileSystem();

        java.nio.file.Path raw = IdxFixtures.writeMnistLike(base.resolve("raw"), 200, 50, 31);
        fs.mkdirs(new Path("/raw"));
        try (Stream<java.nio.file.Path> files = Files.list(raw)) {
            for (java.nio.file.Path file : files.toList()) {
                fs.copyFromLocalFile(new Path(file.toUri()), new Path("/raw/" + file.getFileName()));
            }
        }
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void ingestsFromHdfsToHdfsAndTrainsFromThere() throws Exception {
        assertEquals(4, fs.listStatus(new Path("/raw")).length, "the raw IDX files in HDFS");
        String shards = hdfs + "/shards/fashion";
        IngestResult result = new IngestJob(spark).run(new IngestJob.Request(DatasetKind.FASHION_MNIST, hdfs + "/raw",
            shards, new IngestOptions(0.2, 9, null, ResizeMode.NONE, null), 2, 0.0, false));
        assertEquals(shards, result.output());

        // The manifest as read back from HDFS, and the shards it describes.
        ShardManifest manifest = ManifestIo.read(new Path(shards), spark.sparkContext().hadoopConfiguration());
        assertEquals(160, manifest.count(Split.TRAIN));
        assertEquals(40, manifest.count(Split.VALIDATION));
        assertEquals(50, manifest.count(Split.TEST));
        assertArrayEquals(new long[] {16, 16, 16, 16, 16, 16, 16, 16, 16, 16}, manifest.splits().get("train").perClass());
        assertEquals(0, manifest.badRecords().count());
        assertEquals(4, manifest.sourceChecksums().size());
        assertTrue(manifest.sources().toString().contains("hdfs://"), "sources name the HDFS input: " + manifest.sources());
        for (ShardManifest.ShardFile file : manifest.files()) {
            FileStatus status = fs.getFileStatus(new Path("/shards/fashion/" + file.path()));
            assertEquals(status.getLen(), file.bytes(), file.path());
        }
        for (Split split : Split.values()) {
            long rows = spark.read().parquet(shards + "/" + split.dirName()).count();
            assertEquals(manifest.count(split), rows, split.dirName() + " rows in HDFS");
        }
        assertEquals(1, fs.listStatus(new Path("/shards")).length, "no temporary folder left beside the output");

        // Training reads the shards from HDFS and writes the artifact there.
        String model = hdfs + "/models/mlp";
        StringWriter console = new StringWriter();
        TrainResult trained = new TrainJob(spark, new PrintWriter(console)).run(TrainingConfig.builder().data(shards).model("mlp").epochs(1).output(model).workers(2).batchSize(16).averagingFrequency(2).treeDepth(2).seed(3).roundTimeoutSeconds(0).threadsPerWorker(1).optimizer(new OptimizerConfig("adam", 1e-3)).resume(false).overwrite(false).checkpointEveryRounds(0).build());
        assertEquals(1, trained.epochs().size());
        assertTrue(fs.isFile(new Path("/models/mlp/model.zip")), "model.zip in HDFS");
        assertTrue(fs.isFile(new Path("/models/mlp/manifest.json")), "manifest.json in HDFS");
        try (InputStream in = fs.open(new Path("/models/mlp/model.zip"))) {
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(in, false);
            assertEquals(trained.state().params().length, net.numParams());
        }
        List<String> listing = Stream.of(fs.listStatus(new Path("/models/mlp")))
            .map(s -> s.getPath().getName()).sorted().toList();
        assertTrue(listing.contains("metrics.jsonl"), "artifact folder: " + listing);
    }
}
