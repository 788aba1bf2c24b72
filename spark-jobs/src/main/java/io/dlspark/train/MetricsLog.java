package io.dlspark.train;

import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON line per epoch, rewritten atomically on each append so that it is never torn.
 * On resume, lines of epochs that will run again are dropped.
 */
final class MetricsLog {
    static final String FILE = "metrics.jsonl";
    private final Path path;
    private final Configuration conf;
    private final List<String> lines = new ArrayList<>();

    MetricsLog(Path output, Configuration conf, int keepEpochsBefore) throws IOException {
        this.path = new Path(output, FILE);
        this.conf = conf;
        if (HadoopFiles.exists(path, conf)) {
            for (String line : HadoopFiles.readString(path, conf).split("\n")) {
                if (!line.isBlank() && Json.read(line, EpochMetrics.class, path.toString()).epoch() <= keepEpochsBefore) {
                    lines.add(line);
                }
            }
        }
    }

    /** The classifier epochs logged so far (kept from an earlier attempt, then appended), in order. */
    List<EpochMetrics> epochs() {
        return lines.stream().map(l -> Json.read(l, EpochMetrics.class, path.toString())).toList();
    }

    /** How many epochs are logged so far. */
    int epochCount() {
        return lines.size();
    }

    /** Appends one line: {@link EpochMetrics}, or a generative model's {@link GenerativeEpochMetrics}. */
    void append(Object metrics) throws IOException {
        lines.add(Json.line(metrics));
        AtomicFiles.writeString(path, String.join("\n", lines) + "\n", conf);
    }

    static List<EpochMetrics> read(Path output, Configuration conf) throws IOException {
        Path path = new Path(output, FILE);
        return Arrays.stream(HadoopFiles.readString(path, conf).split("\n")).filter(l -> !l.isBlank())
            .map(l -> Json.read(l, EpochMetrics.class, path.toString())).toList();
    }
}
