package io.dlspark.text;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.shard.ManifestIo;
import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.ShardManifest;
import io.dlspark.core.shard.Split;
import io.dlspark.core.text.WordPieceVocabulary;
import io.dlspark.shards.ShardVerifier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a WordPiece {@code vocab.txt} from text files or a text shard set's training split: executors count words and
 * pieces ({@code reduceByKey}), the driver picks the tokens with {@link WordPieceVocabulary#choose}.
 */
public final class WordPieceVocabularyJob {
    private final SparkSession spark;

    public WordPieceVocabularyJob(SparkSession spark) {
        this.spark = spark;
    }

    /** The file name of the vocabulary written beside a shard set when no output is given. */
    public static final String FILE_NAME = "vocab.txt";

    /**
     * What to build: text files (a file, folder or glob) or a text shard set in, a vocab.txt out ({@code output} may be
     * null for a shard set: then {@code <input>/vocab.txt}).
     */
    public record Request(String input, String output, int size, int maxPieceLength, int partitions) {
        /** Checks the numbers and the URIs, naming the option, before anything is read or written. */
        public void check(Configuration conf) {
            if (size <= WordPieceVocabulary.SPECIAL.size()) {
                throw new UsageException("--size " + size + ": must be more than the "
                    + WordPieceVocabulary.SPECIAL.size() + " special tokens");
            }
            if (maxPieceLength < 2) {
                throw new UsageException("--max-piece-length " + maxPieceLength + ": must be at least 2");
            }
            if (partitions < 0) {
                throw new UsageException("--partitions " + partitions + ": must be 0 (as read) or positive");
            }
            PathOption.of("--input", input, conf);
            if (output != null) {
                PathOption.of("--output", output, conf);
            }
        }
    }

    /** Counts the corpus, writes the vocabulary atomically to the request's output and returns it. */
    public List<String> run(Request request) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        request.check(conf);
        Path input = new Path(request.input());
        if (!input.toString().contains("*") && !HadoopFiles.exists(input, conf)) {
            throw new DataException("--input " + request.input() + ": not found");
        }
        boolean shards = HadoopFiles.exists(new Path(input, ShardManifest.FILE_NAME), conf);
        if (request.output() == null && !shards) {
            throw new UsageException("--output: required unless --input is a text shard set (then " + FILE_NAME
                + " goes beside it)");
        }
        Path output = request.output() != null ? new Path(request.output()) : new Path(input, FILE_NAME);
        JavaRDD<String> texts = shards ? trainingTexts(request.input(), input, conf)
            : JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(request.input());
        List<String> vocabulary = build(request, texts);
        WordPieceVocabulary.write(vocabulary, output, conf);
        return vocabulary;
    }

    /** The texts of a shard set's training split (never validation or test), after checking them against the manifest. */
    private JavaRDD<String> trainingTexts(String option, Path root, Configuration conf) throws IOException {
        ShardManifest manifest = ManifestIo.read(root, conf);
        manifest.requireText("--input " + option);
        ShardVerifier.verify(manifest, root, Split.TRAIN, conf);
        return spark.read().parquet(new Path(root, Split.TRAIN.dirName()).toString()).select(ShardColumns.TEXT)
            .as(Encoders.STRING()).javaRDD();
    }

    private static List<String> build(Request request, JavaRDD<String> texts) {
        int maxPieceLength = request.maxPieceLength();
        JavaRDD<String> lines = texts;
        if (request.partitions() > 0) {
            lines = lines.repartition(request.partitions());
        }
        JavaPairRDD<String, Long> words = lines
            .flatMap(line -> WordPieceVocabulary.words(line).iterator())
            .mapToPair(word -> new Tuple2<>(word, 1L))
            .reduceByKey(Long::sum)
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Set<String> characters = new HashSet<>(words.keys()
                .flatMap(word -> WordPieceVocabulary.characters(word).iterator()).distinct().collect());
            if (characters.isEmpty()) {
                throw new DataException("--input " + request.input() + ": no words in the texts");
            }
            Map<String, Long> pieces = new HashMap<>(words
                .flatMapToPair(counted -> WordPieceVocabulary.pieces(counted._1(), maxPieceLength).stream()
                    .map(piece -> new Tuple2<>(piece, counted._2())).iterator())
                .reduceByKey(Long::sum)
                .collectAsMap());
            return WordPieceVocabulary.choose(pieces, characters, request.size(), maxPieceLength);
        } finally {
            words.unpersist(false);
        }
    }
}
