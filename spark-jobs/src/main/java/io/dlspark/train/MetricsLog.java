package io.dlspark.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dlspark.core.DataException;
import io.dlspark.core.io.AtomicFiles;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON line per epoch, rewritten atomically on each append so that it is never torn.
 * On resume, lines of epochs that will run again are dropped.
 */
public final class MetricsLog implements EpochListener {
    static final String FILE = "metrics.jsonl";
    private final Path path;
    private final Configuration conf;
    private static final ObjectMapper LENIENT = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final List<String> lines = new ArrayList<>();

    /** What any line (classifier, generative or detector) tells about its epoch's validation. */
    record LoggedEpoch(int epoch, Double validationLoss, Double validationAccuracy,
                       Map<String, Double> validationLosses, Double validationMap50) implements EpochFigures {
        @Override
        public Double validationLoss() {
            return validationLoss != null || validationLosses == null || validationLosses.isEmpty() ? validationLoss
                : validationLosses.values().iterator().next();
        }
    }

    MetricsLog(Path output, Configuration conf, int keepEpochsBefore) throws IOException {
        this.path = new Path(output, FILE);
        this.conf = conf;
        if (HadoopFiles.exists(path, conf)) {
            for (String line : HadoopFiles.readString(path, conf).split("\n")) {
                if (!line.isBlank() && logged(line).epoch() <= keepEpochsBefore) {
                    lines.add(line);
                }
            }
        }
    }

    /** The epochs logged so far (kept from an earlier attempt, then appended), in order. */
    List<LoggedEpoch> epochs() {
        return lines.stream().map(this::logged).toList();
    }

    private LoggedEpoch logged(String line) {
        try {
            return LENIENT.readValue(line, LoggedEpoch.class);
        } catch (java.io.IOException e) {
            throw new DataException(path + ": unreadable line: " + e.getMessage());
        }
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

    @Override
    public void afterEpoch(EpochEnd end) throws IOException {
        append(end.record());
    }

    /** The epochs' lines of the classifier artifact (or training output) at {@code output}, in order. */
    public static List<EpochMetrics> read(Path output, Configuration conf) throws IOException {
        Path path = new Path(output, FILE);
        return Arrays.stream(HadoopFiles.readString(path, conf).split("\n")).filter(l -> !l.isBlank())
            .map(l -> Json.read(l, EpochMetrics.class, path.toString())).toList();
    }
}
