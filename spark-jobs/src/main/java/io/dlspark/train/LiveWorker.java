package io.dlspark.train;

import io.dlspark.core.DataException;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.gpu.DeviceClaims;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Function1;
import scala.collection.Iterator;
import scala.collection.Iterator$;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.Socket;

/**
 * The task side of {@link LiveRounds}: connects to the driver's exchange, then fits one round per state the driver
 * sends and answers with its {@code RoundSum}, until the driver sends {@code null}. The network stays borrowed from
 * the executor's pool for the whole epoch.
 */
record LiveWorker(String host, int port, long token, int session, TrainableBlueprint blueprint, RoundFitter fitter,
                  int threads, boolean gpus, Broadcast<RecordAugmenter> augmenter)
    implements Function1<Iterator<PartitionData>, Iterator<Object>>, Serializable {
    private static final int BUFFER_BYTES = 1 << 16;

    /** The barrier task: serves the driver for the rest of the epoch, and yields nothing. */
    @Override
    public Iterator<Object> apply(Iterator<PartitionData> partition) {
        run(partition.next());
        return Iterator$.MODULE$.empty();
    }

    private void run(PartitionData partition) {
        int attempt = BarrierTaskContext.get().stageAttemptNumber();
        try (Socket socket = new Socket(host, port); DeviceClaims.Claim pinned = GpuPinning.pinCurrentTask(gpus)) {
            socket.setTcpNoDelay(true);
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES));
            out.writeLong(token);
            out.writeInt(session);
            out.writeInt(partition.worker());
            out.writeInt(attempt);
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES));
            int device = GpuPinning.deviceOf(gpus);
            Trainable trainable = NetworkPool.borrowTrainable(blueprint, device, threads);
            try {
                RecordAugmenter augment = augmenter == null ? null : augmenter.value();
                for (Object message = in.readObject(); message instanceof LiveRounds.Assignment round; message = in.readObject()) {
                    out.writeObject(fitter.fit(trainable, round.state(), partition, round.epoch(), round.round(), augment));
                    out.reset();
                    out.flush();
                }
            } finally {
                NetworkPool.release(blueprint, device, trainable);
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new DataException("worker " + partition.worker() + " lost the live exchange with the driver at "
                + host + ":" + port + ": " + e, e);
        }
    }
}
