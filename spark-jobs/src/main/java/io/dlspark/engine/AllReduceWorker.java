package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.StateCodec;
import io.dlspark.core.train.Trainable;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.SecureChannel;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Function1;
import scala.collection.Iterator;
import scala.collection.Iterator$;

import java.io.IOException;
import java.io.Serializable;

/**
 * The task side of {@code --exchange allreduce}: fits the epoch's rounds from the broadcast start state; after each,
 * sends chunk j of its state (between updater averagings, of its parameters) to task j over a {@link PeerMesh},
 * averages its own chunk ({@link StateChunks}) and sends it to every task, part by part ({@link ChunkPipeline}).
 * Task 0 reports each round to the driver ({@link RoundReport}).
 *
 * @param pipelineParts parts per chunk ({@code --allreduce-pipeline}), each averaged as soon as it arrived
 * @param timeoutMillis how long a peer may stay silent before the task fails
 */
record AllReduceWorker(TaskSetup setup, Broadcast<NetworkState> start, Epoch epoch, int pipelineParts,
                       long timeoutMillis)
    implements Function1<Iterator<PartitionData>, Iterator<Object>>, Serializable {

    /**
     * The rounds a session runs, when the driver needs the averaged state (0: after the epoch's last round only), and
     * how often the updater state is averaged (always when the driver needs the state).
     */
    record Epoch(int epoch, int firstRound, int rounds, int stateEveryRounds, int updaterEveryRounds)
        implements Serializable {
        boolean stateAfter(int round) {
            return round == rounds - 1 || (stateEveryRounds > 0 && (round + 1) % stateEveryRounds == 0);
        }

        boolean updaterAfter(int round) {
            return updaterEveryRounds <= 1 || (round + 1) % updaterEveryRounds == 0 || stateAfter(round);
        }
    }

    @Override
    public Iterator<Object> apply(Iterator<PartitionData> partition) {
        run(partition.next());
        return Iterator$.MODULE$.empty();
    }

    private void run(PartitionData partition) {
        BarrierTaskContext task = BarrierTaskContext.get();
        int workers = task.getTaskInfos().length;
        Messages.Hello hello = setup.hello(task, partition.worker());
        StateWire wire = setup.wire();
        StateChunks chunks = new StateChunks(wire, workers, pipelineParts);
        StateChunks paramChunks = new StateChunks(new StateWire(new StateCodec(setup.params(), 0), setup.precision()),
            workers, pipelineParts);
        long inbound = 64 + wire.statistics().maxSumBytes() + chunks.maxBytes();
        try (PeerMesh mesh = PeerMesh.open(task, hello, workers, setup.secret(), inbound, timeoutMillis);
             SecureChannel driver = setup.connect(hello, Messages.SMALL_FRAME_BYTES)) {
            RecordAugmenter augment = setup.augment();
            NetworkPool.withTrainable(setup.blueprint(), setup.gpus(), setup.threads(), trainable -> {
                new Rounds(partition, trainable, augment, mesh, chunks, paramChunks, wire, workers).run(driver);
                return null;
            });
        } catch (IOException e) {
            throw new DataException("worker " + partition.worker() + " failed in the all-reduce exchange of epoch "
                + (epoch.epoch() + 1) + ": " + e, e);
        }
    }

    /** One task's rounds: fit, reduce-scatter, all-gather, report. */
    private final class Rounds {
        private final PartitionData partition;
        private final Trainable trainable;
        private final RecordAugmenter augment;
        private final PeerMesh mesh;
        private final StateChunks fullChunks;
        private final StateChunks paramChunks;
        private final StateWire wire;
        private final StateCodec statisticsCodec;
        private final int workers;
        private final int self;
        private long lastSent = -1;
        private long lastReceived = -1;

        Rounds(PartitionData partition, Trainable trainable, RecordAugmenter augment, PeerMesh mesh,
               StateChunks fullChunks, StateChunks paramChunks, StateWire wire, int workers) {
            this.partition = partition;
            this.trainable = trainable;
            this.augment = augment;
            this.mesh = mesh;
            this.fullChunks = fullChunks;
            this.paramChunks = paramChunks;
            this.wire = wire;
            this.statisticsCodec = wire.statistics();
            this.workers = workers;
            this.self = partition.worker();
        }

        void run(SecureChannel driver) throws IOException {
            NetworkState state = wire.precision().round(start.value());
            for (int round = epoch.firstRound(); round < epoch.rounds(); round++) {
                RoundSum fitted = setup.fitter().fit(trainable, state, partition, epoch.epoch(), round, augment);
                state = round(driver, state, fitted, round);
            }
            SecureChannel.Frame frame = driver.receive();
            Messages.expect(frame, Messages.DONE, "the driver");
            frame.requireEnd("done");
        }

        private NetworkState round(SecureChannel driver, NetworkState state, RoundSum fitted, int round)
            throws IOException {
            // between updater averagings only the parameters travel; each worker keeps its own updater state
            boolean withUpdater = epoch.updaterAfter(round);
            StateChunks chunks = withUpdater ? fullChunks : paramChunks;
            long sentBefore = mesh.sentBytes();
            long receivedBefore = mesh.receivedBytes();
            NetworkState mine = fitted.workerState();
            float[] params = new float[setup.params()];
            float[] updater = withUpdater ? new float[setup.updater()] : mine.updater();
            ChunkPipeline pipeline = new ChunkPipeline(mesh, chunks, statisticsCodec, epoch.epoch(), round, self, fitted,
                lastSent, lastReceived, params, updater);
            pipeline.run(state);
            RoundSum[] statistics = pipeline.statistics();
            RoundSum merged = statistics[0];
            for (int w = 1; w < workers; w++) {
                merged = merged.merge(statistics[w]);
            }
            long total = merged.samples();
            NetworkState averaged = new NetworkState(params, updater,
                state.iteration() + (total == 0 ? 0 : merged.maxIterationSteps()), state.epoch());
            lastSent = mesh.sentBytes() - sentBefore;
            lastReceived = mesh.receivedBytes() - receivedBefore;
            if (self == 0) {
                RoundReport report = new RoundReport(epoch.epoch(), round, finite(params), most(pipeline.peerSent()),
                    most(pipeline.peerReceived()), merged,
                    epoch.stateAfter(round) ? averaged : null);
                driver.send(Messages.ROUND, out -> report.write(out, wire));
            }
            return averaged;
        }
    }

    /** The largest figure, or -1 when any is unknown. */
    private static long most(long[] figures) {
        long most = -1;
        for (long figure : figures) {
            if (figure < 0) {
                return -1;
            }
            most = Math.max(most, figure);
        }
        return most;
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
