package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.train.PartitionData;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.Trainable;
import io.dlspark.core.train.TrainableBlueprint;
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

    /** Fits one round per assignment read from the driver and writes back its result, until the driver sends null. */
    private Void serve(Trainable trainable, PartitionData partition, RecordAugmenter augment, ObjectInputStream in,
                       ObjectOutputStream out) throws IOException {
        try {
            for (Object message = in.readObject(); message instanceof LiveRounds.Assignment round; message = in.readObject()) {
                out.writeObject(fitter.fit(trainable, round.state(), partition, round.epoch(), round.round(), augment));
                out.reset();
                out.flush();
            }
            return null;
        } catch (ClassNotFoundException e) {
            throw new IOException("the driver sent an unknown message", e);
        }
    }

    private void run(PartitionData partition) {
        int attempt = BarrierTaskContext.get().stageAttemptNumber();
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES));
            out.writeLong(token);
            out.writeInt(session);
            out.writeInt(partition.worker());
            out.writeInt(attempt);
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES));
            RecordAugmenter augment = augmenter == null ? null : augmenter.value();
            NetworkPool.withTrainable(blueprint, gpus, threads, trainable -> serve(trainable, partition, augment, in, out));
        } catch (IOException e) {
            throw new DataException("worker " + partition.worker() + " lost the live exchange with the driver at "
                + host + ":" + port + ": " + e, e);
        }
    }
}
