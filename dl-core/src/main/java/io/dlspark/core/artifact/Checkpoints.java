package io.dlspark.core.artifact;

import io.dlspark.core.io.AtomicOutput;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.io.Json;
import io.dlspark.core.nn.NetworkKind;
import io.dlspark.core.nn.Networks;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Training checkpoints under {@code <output>/checkpoints/}: one folder per checkpoint ({@code model.zip} with updater
 * state, {@code state.json}), named to sort by progress, plus {@code best/} for the epoch a run keeps. Resume uses the
 * newest readable one.
 */
public final class Checkpoints {
    public static final String DIR = "checkpoints";
    private static final String STATE_FILE = "state.json";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final int KEEP = 2;
    private static final String BEST = "best";

    private final Path root;
    private final Configuration conf;

    public Checkpoints(Path output, Configuration conf) {
        this.root = new Path(output, DIR);
        this.conf = conf;
    }

    /** A checkpoint that was read back: its state and network. */
    public record Loaded(CheckpointState state, NeuralNetwork network, Path path) {
    }

    public Path write(NeuralNetwork net, CheckpointState state) throws IOException {
        Path target = writeTo(new Path(root, String.format(Locale.ROOT, "epoch-%05d-round-%06d", state.epoch(), state.round())),
            net, state);
        prune();
        return target;
    }

    /** Replaces the best epoch's checkpoint ({@code checkpoints/best}, never pruned) with {@code net}. */
    public Path writeBest(NeuralNetwork net, CheckpointState state) throws IOException {
        return writeTo(new Path(root, BEST), net, state);
    }

    /** The best epoch's checkpoint, when one was written. */
    public Optional<Loaded> best(NetworkKind kind) throws IOException {
        Path dir = new Path(root, BEST);
        return HadoopFiles.fs(dir, conf).exists(dir) ? Optional.of(read(dir, kind)) : Optional.empty();
    }

    private Path writeTo(Path target, NeuralNetwork net, CheckpointState state) throws IOException {
        try (AtomicOutput out = AtomicOutput.begin(target, conf, true)) {
            try (FSDataOutputStream stream = HadoopFiles.fs(target, conf).create(new Path(out.temporary(), ModelArtifactManifest.MODEL_FILE))) {
                Networks.save(net, stream);
            }
            HadoopFiles.writeString(new Path(out.temporary(), STATE_FILE), Json.pretty(state), conf);
            out.commit();
        }
        return target;
    }

    private Loaded read(Path dir, NetworkKind kind) throws IOException {
        CheckpointState state = Json.read(HadoopFiles.readString(new Path(dir, STATE_FILE), conf),
            CheckpointState.class, dir + "/" + STATE_FILE);
        Path model = new Path(dir, ModelArtifactManifest.MODEL_FILE);
        try (InputStream in = HadoopFiles.fs(model, conf).open(model)) {
            return new Loaded(state, Networks.load(kind, in, model.toString()), dir);
        }
    }

    /** The newest checkpoint that reads back, falling back over corrupt ones with a warning. */
    public Optional<Loaded> latest(NetworkKind kind) throws IOException {
        for (FileStatus dir : newestFirst()) {
            try {
                return Optional.of(read(dir.getPath(), kind));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Checkpoint {} is unreadable ({}); falling back to the previous one", dir.getPath(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private FileStatus[] newestFirst() throws IOException {
        FileSystem fs = HadoopFiles.fs(root, conf);
        if (!fs.exists(root)) {
            return new FileStatus[0];
        }
        FileStatus[] dirs = fs.listStatus(root, p -> p.getName().startsWith("epoch-"));
        Arrays.sort(dirs, Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
        return dirs;
    }

    private void prune() throws IOException {
        FileStatus[] dirs = newestFirst();
        FileSystem fs = HadoopFiles.fs(root, conf);
        for (int i = KEEP; i < dirs.length; i++) {
            fs.delete(dirs[i].getPath(), true);
        }
    }
}
