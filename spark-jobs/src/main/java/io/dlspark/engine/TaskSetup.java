package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.StateCodec;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;

/**
 * What every barrier task of an exchange session needs: the driver's address and the run's key, the session, the
 * state layout and its precision on the wire, and how to build and fit its trainable.
 */
record TaskSetup(String host, int port, RunSecret secret, int session, int params, int updater,
                 ExchangePrecision precision, TrainableBlueprint blueprint, RoundFitter fitter, int threads,
                 boolean gpus, Broadcast<RecordAugmenter> augmenter) implements Serializable {

    /** How states and sums of this layout travel in the run's precision. */
    StateWire wire() {
        return new StateWire(new StateCodec(params, updater), precision);
    }

    /** This task attempt's introduction for {@code worker}. */
    Messages.Hello hello(BarrierTaskContext task, int worker) {
        return new Messages.Hello(session, worker, task.stageId(), task.stageAttemptNumber(), task.taskAttemptId());
    }

    /** Connects to the driver, introduces the task and returns the channel; inbound frames up to {@code inbound}. */
    SecureChannel connect(Messages.Hello hello, long inbound) {
        Socket socket = null;
        try {
            socket = new Socket(host, port);
            SecureChannel channel = SecureChannel.initiate(socket, secret, inbound);
            channel.send(Messages.HELLO, hello::write);
            return channel;
        } catch (IOException e) {
            closeQuietly(socket);
            throw lost(hello.worker(), e);
        }
    }

    DataException lost(int worker, IOException e) {
        return new DataException("worker " + worker + " lost the exchange with the driver at " + host + ":" + port
            + ": " + e, e);
    }

    RecordAugmenter augment() {
        return augmenter == null ? null : augmenter.value();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
