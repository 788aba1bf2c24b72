package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.Trainable;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.SecureChannel;
import org.apache.spark.BarrierTaskContext;
import scala.Function1;
import scala.collection.Iterator;
import scala.collection.Iterator$;

import java.io.DataInput;
import java.io.IOException;
import java.io.Serializable;

/**
 * The task side of {@link LiveRounds}: opens a {@link SecureChannel} to the driver, introduces its task attempt,
 * then fits one round per state frame and answers with its {@code RoundSum}, until the driver says the epoch is done.
 * The network stays borrowed from the executor's pool for the whole epoch.
 */
record LiveWorker(TaskSetup setup) implements Function1<Iterator<PartitionData>, Iterator<Object>>, Serializable {

    /** The barrier task: serves the driver for the rest of the epoch, and yields nothing. */
    @Override
    public Iterator<Object> apply(Iterator<PartitionData> partition) {
        run(partition.next());
        return Iterator$.MODULE$.empty();
    }

    private void run(PartitionData partition) {
        BarrierTaskContext task = BarrierTaskContext.get();
        StateWire codec = setup.wire();
        try (SecureChannel channel = setup.connect(setup.hello(task, partition.worker()),
            4L * Integer.BYTES + codec.stateBytes())) {
            RecordAugmenter augment = setup.augment();
            NetworkPool.withTrainable(setup.blueprint(), setup.gpus(), setup.threads(),
                trainable -> serve(trainable, partition, augment, codec, channel));
        } catch (IOException e) {
            throw setup.lost(partition.worker(), e);
        }
    }

    /** Fits one round per state frame and sends back its result, until the driver's done frame. */
    private Void serve(Trainable trainable, PartitionData partition, RecordAugmenter augment, StateWire codec,
                       SecureChannel channel) throws IOException {
        while (true) {
            SecureChannel.Frame frame = channel.receive();
            if (frame.type() == Messages.DONE) {
                frame.requireEnd("done");
                return null;
            }
            Messages.expect(frame, Messages.STATE, "the driver");
            DataInput in = frame.payload();
            int epoch = in.readInt();
            int round = in.readInt();
            NetworkState state = codec.readState(in);
            frame.requireEnd("state");
            RoundSum sum;
            try {
                sum = setup.fitter().fit(trainable, state, partition, epoch, round, augment);
            } catch (RuntimeException e) {
                channel.send(Messages.ERROR, out -> Messages.writeError(out, "worker " + partition.worker()
                    + " failed round " + (round + 1) + ": " + e));
                throw e;
            }
            channel.send(Messages.SUM, out -> codec.writeSum(out, sum));
        }
    }
}
