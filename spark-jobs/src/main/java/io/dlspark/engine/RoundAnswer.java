package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;

/**
 * What the driver reads from one worker in a round of a barrier exchange.
 *
 * @param sum          the worker's round sum (live), or the all-reduce's merged statistics without state arrays
 * @param sentAt       when the driver had sent the round's state (or began to wait, when it sends nothing)
 * @param averaged     the workers' averaged state when they sent it, else null
 * @param finite       whether the workers found their averaged parameters finite (live: always true, the driver checks)
 * @param peerRound    the round the peer traffic figures are for, -1 when unknown
 * @param peerSent     the most bytes a worker sent to its peers in {@code peerRound}, -1 when unknown
 * @param peerReceived the most bytes a worker received from its peers in {@code peerRound}, -1 when unknown
 * @param linkSent     bytes the driver sent over this worker's link for the round
 * @param linkReceived bytes the driver received over this worker's link for the round
 */
record RoundAnswer(RoundSum sum, long sentAt, NetworkState averaged, boolean finite, int peerRound, long peerSent,
                   long peerReceived, long linkSent, long linkReceived) {

    /** A live worker's answer: its sum, nothing averaged, no peer traffic. */
    static RoundAnswer of(RoundSum sum, long sentAt) {
        return new RoundAnswer(sum, sentAt, null, true, -1, -1, -1, 0, 0);
    }

    /** This answer with the bytes its link carried. */
    RoundAnswer counted(long sent, long received) {
        return new RoundAnswer(sum, sentAt, averaged, finite, peerRound, peerSent, peerReceived, sent, received);
    }
}
