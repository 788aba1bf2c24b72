package io.dlspark.bench.library;

import io.dlspark.core.data.BadRecordException;
import io.dlspark.core.data.ResizeMode;
import io.dlspark.core.ingest.IngestOptions;
import io.dlspark.core.ingest.IngestPlan;
import io.dlspark.core.ingest.RecordRef;
import io.dlspark.core.ingest.SpamAssassinSource;
import io.dlspark.core.shard.Split;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * SpamAssassin messages as a DataFrame of {@code (text, label, test)}: read, deduplicated and split (stratified by
 * group, 20 % test, no validation split) exactly as {@code dlspark ingest --dataset spamassassin} does
 * ({@link SpamAssassinSource}), each message's text parsed by ingest's decoder (mime4j: subject and body text);
 * label 1 is spam. With {@code headers}, each text starts with the message's header block, less SpamAssassin's own
 * {@code X-Spam-*} headers (a filter's verdict, not evidence), as a mail filter sees it.
 * Unparseable messages are left out and counted, as ingest counts bad records.
 */
record SpamFrames(Dataset<Row> train, Dataset<Row> test, int messages, int bad) {
    static final StructType SCHEMA = new StructType().add("text", DataTypes.StringType, false)
        .add("label", DataTypes.IntegerType, false);

    /** Every k-th planned message of {@code dir} (k = messages / limit), at most {@code limit} of them (0: all). */
    static SpamFrames load(SparkSession spark, String dir, int limit, long seed, int partitions, boolean headers)
        throws Exception {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        IngestPlan plan = new SpamAssassinSource().plan(new org.apache.hadoop.fs.Path(dir),
            new IngestOptions(0.0, seed, null, ResizeMode.NONE, null), conf);
        List<RecordRef> records = plan.records();
        int step = limit == 0 ? 1 : Math.max(1, records.size() / limit);
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        int bad = 0;
        int end = limit == 0 ? records.size() : Math.min(records.size(), step * limit);
        for (int i = 0; i < end; i += step) {
            RecordRef ref = records.get(i);
            try {
                String text = plan.decoder().decode(ref, conf).text();
                Row row = RowFactory.create(headers ? headerBlock(ref.payload()) + text : text, ref.label());
                (ref.split() == Split.TEST ? test : train).add(row);
            } catch (BadRecordException e) {
                bad++;
            }
        }
        return new SpamFrames(spark.createDataFrame(train, SCHEMA).repartition(partitions).cache(),
            spark.createDataFrame(test, SCHEMA).repartition(partitions).cache(), train.size() + test.size(), bad);
    }

    /** The header lines of a raw message (up to the first empty line), without X-Spam-* headers and their continuations. */
    static String headerBlock(byte[] message) {
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : new String(message, java.nio.charset.StandardCharsets.UTF_8).split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (!continuation) {
                skipping = line.regionMatches(true, 0, "X-Spam", 0, "X-Spam".length());
            }
            if (!skipping) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    void release() {
        train.unpersist();
        test.unpersist();
    }
}
