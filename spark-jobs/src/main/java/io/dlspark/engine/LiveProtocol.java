package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import io.dlspark.engine.LiveHandshake.Link;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.SecureChannel;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code --exchange live}: every round the driver sends each worker the state and reads back its round sum. */
final class LiveProtocol implements RoundProtocol {

    @Override
    public boolean averagedByWorkers() {
        return false;
    }

    @Override
    public Started start(JavaSparkContext jsc, TaskSetup setup, NetworkState state, int epoch, int round, int rounds,
                         long timeoutSeconds) {
        return new Started(new LiveWorker(setup), () -> { });
    }

    @Override
    public long inboundLimit(StateWire codec) {
        return codec.maxSumBytes();
    }

    @Override
    public List<Callable<RoundAnswer>> exchange(Link[] links, StateWire codec, NetworkState state, int epoch,
                                                int round) {
        List<Callable<RoundAnswer>> exchanges = new ArrayList<>();
        for (Link link : links) {
            exchanges.add(() -> {
                SecureChannel channel = link.channel();
                channel.send(Messages.STATE, out -> {
                    out.writeInt(epoch);
                    out.writeInt(round);
                    codec.writeState(out, state);
                });
                long sentAt = System.nanoTime();
                SecureChannel.Frame frame = channel.receive();
                Messages.expect(frame, Messages.SUM, "worker " + link.hello().worker());
                RoundSum sum = codec.readSum(frame.payload());
                frame.requireEnd("round sum");
                return RoundAnswer.of(sum, sentAt);
            });
        }
        return exchanges;
    }
}
