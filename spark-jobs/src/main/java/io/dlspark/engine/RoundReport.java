package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What all-reduce worker 0 tells the driver after a round ({@link Messages#ROUND}): the merged statistics, whether
 * the averaged parameters are finite, the previous round's peer traffic, and the averaged state when the driver
 * needs it.
 *
 * @param peerSent     the most bytes any worker sent to its peers in the previous round (-1: unknown)
 * @param peerReceived the most bytes any worker received from its peers in the previous round (-1: unknown)
 * @param state        the averaged state, or null when the driver does not need it after this round
 */
record RoundReport(int epoch, int round, boolean finite, long peerSent, long peerReceived, RoundSum statistics,
                   NetworkState state) {

    void write(DataOutput out, StateWire codec) throws IOException {
        out.writeInt(epoch);
        out.writeInt(round);
        out.writeBoolean(finite);
        out.writeLong(peerSent);
        out.writeLong(peerReceived);
        codec.statistics().writeSum(out, statistics);
        out.writeBoolean(state != null);
        if (state != null) {
            codec.writeState(out, state);
        }
    }

    static RoundReport read(SecureChannel.Frame frame, StateWire codec) throws IOException {
        Messages.expect(frame, Messages.ROUND, "all-reduce worker 0");
        DataInput in = frame.payload();
        int epoch = in.readInt();
        int round = in.readInt();
        boolean finite = in.readBoolean();
        long sent = in.readLong();
        long received = in.readLong();
        RoundSum statistics = codec.statistics().readSum(in);
        NetworkState state = in.readBoolean() ? codec.readState(in) : null;
        frame.requireEnd("round report");
        if (epoch < 0 || round < 0 || sent < -1 || received < -1) {
            throw new WireException("round report: impossible figures (epoch " + epoch + ", round " + round + ")");
        }
        return new RoundReport(epoch, round, finite, sent, received, statistics, state);
    }

    /** The most payload bytes of a report for states of {@code codec}'s layout and precision. */
    static long maxBytes(StateWire codec) {
        return 64 + codec.statistics().maxSumBytes() + codec.stateBytes();
    }
}
