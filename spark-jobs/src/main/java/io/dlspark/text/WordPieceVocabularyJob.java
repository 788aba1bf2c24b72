package io.dlspark.text;

import io.dlspark.core.DataException;
import io.dlspark.core.UsageException;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.PathOption;
import io.dlspark.core.text.WordPieceVocabulary;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * Builds a WordPiece {@code vocab.txt} from a corpus of text files: executors count words and pieces
 * ({@code reduceByKey}), the driver picks the tokens with {@link WordPieceVocabulary#choose}, so the result equals the
 * Spark-free builder's whatever the partitioning.
 */
public final class WordPieceVocabularyJob {
    private final SparkSession spark;

    public WordPieceVocabularyJob(SparkSession spark) {
        this.spark = spark;
    }

    /** What to build: text files (a file, folder or glob) in, a vocab.txt out. */
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
            PathOption.of("--output", output, conf);
        }
    }

    /** Counts the corpus, writes the vocabulary atomically to the request's output and returns it. */
    public List<String> run(Request request) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        request.check(conf);
        Path input = new Path(request.input());
        Path output = new Path(request.output());
        if (!input.toString().contains("*") && !HadoopFiles.exists(input, conf)) {
            throw new DataException("--input " + request.input() + ": not found");
        }
        List<String> vocabulary = build(request, JavaSparkContext.fromSparkContext(spark.sparkContext()));
        WordPieceVocabulary.write(vocabulary, output, conf);
        return vocabulary;
    }

    private static List<String> build(Request request, JavaSparkContext jsc) {
        int maxPieceLength = request.maxPieceLength();
        JavaRDD<String> lines = jsc.textFile(request.input());
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
                throw new DataException("--input " + request.input() + ": no words in the text files");
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
