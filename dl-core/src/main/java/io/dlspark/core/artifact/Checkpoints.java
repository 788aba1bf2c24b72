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

    /** A checkpoint read back by a {@link Reader}: its state, what the reader made of its files, and its folder. */
    public record Restored<T>(CheckpointState state, T model, Path path) {
    }

    /** Writes a checkpoint's model files into a folder. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path dir) throws IOException;
    }

    /** Reads a checkpoint's model files back from its folder. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path dir) throws IOException;
    }

    /** The content of a checkpoint holding one network as {@code model.zip}. */
    public Content network(NeuralNetwork net) {
        return dir -> {
            Path file = new Path(dir, ModelArtifactManifest.MODEL_FILE);
            try (FSDataOutputStream stream = HadoopFiles.fs(file, conf).create(file)) {
                Networks.save(net, stream);
            }
        };
    }

    /** Reads the {@code model.zip} of a checkpoint holding one network of {@code kind}. */
    public Reader<NeuralNetwork> networkReader(NetworkKind kind) {
        return dir -> {
            Path model = new Path(dir, ModelArtifactManifest.MODEL_FILE);
            try (InputStream in = HadoopFiles.fs(model, conf).open(model)) {
                return Networks.load(kind, in, model.toString());
            }
        };
    }

    public Path write(NeuralNetwork net, CheckpointState state) throws IOException {
        return write(network(net), state);
    }

    /** Writes a checkpoint of {@code content} at {@code state}'s position and prunes all but the newest few. */
    public Path write(Content content, CheckpointState state) throws IOException {
        Path target = writeTo(new Path(root, folderName(state)), content, state);
        prune();
        return target;
    }

    /** Replaces the best epoch's checkpoint ({@code checkpoints/best}, never pruned) with {@code net}. */
    public Path writeBest(NeuralNetwork net, CheckpointState state) throws IOException {
        return writeBest(network(net), state);
    }

    /** Replaces the best epoch's checkpoint ({@code checkpoints/best}, never pruned) with {@code content}. */
    public Path writeBest(Content content, CheckpointState state) throws IOException {
        return writeTo(new Path(root, BEST), content, state);
    }

    /** The best epoch's checkpoint, when one was written. */
    public Optional<Loaded> best(NetworkKind kind) throws IOException {
        return best(networkReader(kind)).map(Checkpoints::loaded);
    }

    /** The best epoch's checkpoint read by {@code reader}, when one was written. */
    public <T> Optional<Restored<T>> best(Reader<T> reader) throws IOException {
        Path dir = new Path(root, BEST);
        return HadoopFiles.fs(dir, conf).exists(dir) ? Optional.of(read(dir, reader)) : Optional.empty();
    }

    private static String folderName(CheckpointState state) {
        return String.format(Locale.ROOT, "epoch-%05d-round-%06d", state.epoch(), state.round());
    }

    private Path writeTo(Path target, Content content, CheckpointState state) throws IOException {
        try (AtomicOutput out = AtomicOutput.begin(target, conf, true)) {
            content.writeTo(out.temporary());
            HadoopFiles.writeString(new Path(out.temporary(), STATE_FILE), Json.pretty(state), conf);
            out.commit();
        }
        return target;
    }

    private <T> Restored<T> read(Path dir, Reader<T> reader) throws IOException {
        CheckpointState state = Json.read(HadoopFiles.readString(new Path(dir, STATE_FILE), conf),
            CheckpointState.class, dir + "/" + STATE_FILE);
        if (!dir.getName().equals(BEST) && !dir.getName().equals(folderName(state))) {
            throw new IOException(dir + "/" + STATE_FILE + " says epoch " + state.epoch() + " round " + state.round()
                + ", which is not the checkpoint its folder name says");
        }
        if (state.epoch() < 0 || state.round() < 0 || state.iteration() < 0) {
            throw new IOException(dir + "/" + STATE_FILE + ": negative epoch, round or iteration");
        }
        return new Restored<>(state, reader.read(dir), dir);
    }

    private static Loaded loaded(Restored<NeuralNetwork> restored) {
        return new Loaded(restored.state(), restored.model(), restored.path());
    }

    /** The newest checkpoint that reads back, falling back over corrupt ones with a warning. */
    public Optional<Loaded> latest(NetworkKind kind) throws IOException {
        return latest(networkReader(kind)).map(Checkpoints::loaded);
    }

    /** The newest checkpoint that {@code reader} reads back, falling back over corrupt ones with a warning. */
    public <T> Optional<Restored<T>> latest(Reader<T> reader) throws IOException {
        for (FileStatus dir : newestFirst()) {
            try {
                return Optional.of(read(dir.getPath(), reader));
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
