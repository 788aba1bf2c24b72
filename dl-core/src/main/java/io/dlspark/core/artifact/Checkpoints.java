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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Training checkpoints under {@code <output>/checkpoints/}: one folder per checkpoint, named so that names sort by
 * progress, holding {@code model.zip} (with updater state), {@code state.json} and, when the master uses outer
 * momentum, its velocity in {@code velocity.bin} (a length, then big-endian floats). Each is written to a temporary
 * folder and renamed. The newest readable one is used on resume; an unreadable one is skipped with a warning.
 */
public final class Checkpoints {
    public static final String DIR = "checkpoints";
    private static final String STATE_FILE = "state.json";
    private static final String VELOCITY_FILE = "velocity.bin";
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final int KEEP = 2;

    private final Path root;
    private final Configuration conf;

    public Checkpoints(Path output, Configuration conf) {
        this.root = new Path(output, DIR);
        this.conf = conf;
    }

    /** A checkpoint that was read back: its state, network and outer-momentum velocity (null when none). */
    public record Loaded(CheckpointState state, NeuralNetwork network, float[] velocity, Path path) {
    }

    public Path write(NeuralNetwork net, CheckpointState state) throws IOException {
        return write(net, state, null);
    }

    /** Writes a checkpoint; {@code velocity} is the master's outer-momentum velocity, or null. */
    public Path write(NeuralNetwork net, CheckpointState state, float[] velocity) throws IOException {
        Path target = new Path(root, String.format(Locale.ROOT, "epoch-%05d-round-%06d", state.epoch(), state.round()));
        try (AtomicOutput out = AtomicOutput.begin(target, conf, true)) {
            try (FSDataOutputStream stream = HadoopFiles.fs(target, conf).create(new Path(out.temporary(), ModelArtifactManifest.MODEL_FILE))) {
                Networks.save(net, stream);
            }
            HadoopFiles.writeString(new Path(out.temporary(), STATE_FILE), Json.pretty(state), conf);
            if (velocity != null) {
                writeFloats(new Path(out.temporary(), VELOCITY_FILE), velocity);
            }
            out.commit();
        }
        prune();
        return target;
    }

    /** The newest checkpoint that reads back, falling back over corrupt ones with a warning. */
    public Optional<Loaded> latest(NetworkKind kind) throws IOException {
        for (FileStatus dir : newestFirst()) {
            try {
                CheckpointState state = Json.read(HadoopFiles.readString(new Path(dir.getPath(), STATE_FILE), conf),
                    CheckpointState.class, dir.getPath() + "/" + STATE_FILE);
                NeuralNetwork net;
                Path model = new Path(dir.getPath(), ModelArtifactManifest.MODEL_FILE);
                try (InputStream in = HadoopFiles.fs(model, conf).open(model)) {
                    net = Networks.load(kind, in, model.toString());
                }
                Path velocity = new Path(dir.getPath(), VELOCITY_FILE);
                float[] restored = HadoopFiles.fs(velocity, conf).exists(velocity) ? readFloats(velocity) : null;
                return Optional.of(new Loaded(state, net, restored, dir.getPath()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Checkpoint {} is unreadable ({}); falling back to the previous one", dir.getPath(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private void writeFloats(Path file, float[] values) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(HadoopFiles.fs(file, conf).create(file)))) {
            out.writeInt(values.length);
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    private float[] readFloats(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(HadoopFiles.fs(file, conf).open(file)))) {
            float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            return values;
        }
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
