package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.engine.LiveHandshake.Link;
import io.dlspark.engine.wire.WireException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code --exchange allreduce}: the workers ({@link AllReduceWorker}) start the epoch from a broadcast state and
 * average among themselves; each round the driver reads only worker 0's {@link RoundReport}. After a stage retry the
 * workers replay the epoch from its start and the driver skips the reports it already has.
 */
final class AllReduceProtocol implements RoundProtocol {
    private final int stateEveryRounds;
    private final int updaterEveryRounds;
    private final int pipelineParts;

    AllReduceProtocol(int stateEveryRounds, int updaterEveryRounds, int pipelineParts) {
        this.stateEveryRounds = stateEveryRounds;
        this.updaterEveryRounds = updaterEveryRounds;
        this.pipelineParts = pipelineParts;
    }

    @Override
    public boolean averagedByWorkers() {
        return true;
    }

    @Override
    public Started start(JavaSparkContext jsc, TaskSetup setup, NetworkState state, int epoch, int round, int rounds,
                         long timeoutSeconds) {
        Broadcast<NetworkState> published = jsc.broadcast(state);
        AllReduceWorker worker = new AllReduceWorker(setup, published, new AllReduceWorker.Epoch(epoch, round, rounds,
            stateEveryRounds, updaterEveryRounds), pipelineParts, TimeUnit.SECONDS.toMillis(timeoutSeconds));
        return new Started(worker, published::destroy);
    }

    @Override
    public long inboundLimit(StateWire codec) {
        return RoundReport.maxBytes(codec);
    }

    @Override
    public List<Callable<RoundAnswer>> exchange(Link[] links, StateWire codec, NetworkState state, int epoch,
                                                int round) {
        Link first = links[0];
        return List.of(() -> {
            long waitFrom = System.nanoTime();
            while (true) {
                RoundReport report = RoundReport.read(first.channel().receive(), codec);
                if (report.epoch() != epoch || report.round() > round) {
                    throw new WireException("worker 0 reported round " + (report.round() + 1) + " of epoch "
                        + (report.epoch() + 1) + " while the driver waited for round " + (round + 1) + " of epoch "
                        + (epoch + 1));
                }
                if (report.round() == round) {
                    return new RoundAnswer(report.statistics(), waitFrom, report.state(), report.finite(), round - 1,
                        report.peerSent(), report.peerReceived(), 0, 0);
                }
            }
        });
    }
}
