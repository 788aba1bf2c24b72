package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.StateCodec;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;

import java.io.DataInput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * One all-reduce round over a {@link PeerMesh}: the reduce-scatter and all-gather of {@link StateChunks}' parts, with
 * each part of the own chunk averaged and sent back as soon as every peer's copy of it arrived, while later parts
 * still travel. The calling thread is the only one that sends; reader threads receive.
 */
final class ChunkPipeline {
    private final PeerMesh mesh;
    private final StateChunks chunks;
    private final StateCodec statisticsCodec;
    private final int epoch;
    private final int round;
    private final int self;
    private final int workers;
    private final int parts;
    private final RoundSum[] statistics;
    private final long[] peerSent;
    private final long[] peerReceived;
    private final float[][][] contributions;
    private final NetworkState mine;
    private final float[] params;
    private final float[] updater;

    /**
     * A round of worker {@code self} whose fitted state is {@code fitted} (its statistics and its byte counts of the
     * previous round, -1 when unknown, travel in each chunk's first part).
     */
    ChunkPipeline(PeerMesh mesh, StateChunks chunks, StateCodec statisticsCodec, int epoch, int round, int self,
                  RoundSum fitted, long lastSent, long lastReceived, float[] params, float[] updater) {
        this.mesh = mesh;
        this.chunks = chunks;
        this.statisticsCodec = statisticsCodec;
        this.epoch = epoch;
        this.round = round;
        this.self = self;
        this.workers = mesh.workers();
        this.parts = chunks.parts();
        this.statistics = new RoundSum[workers];
        this.peerSent = new long[workers];
        this.peerReceived = new long[workers];
        this.contributions = new float[parts][workers][];
        this.params = params;
        this.updater = updater;
        statistics[self] = fitted.statistics();
        peerSent[self] = lastSent;
        peerReceived[self] = lastReceived;
        this.mine = fitted.workerState();
        for (int part = 0; part < parts; part++) {
            contributions[part][self] = chunks.own(mine, self, part);
        }
    }

    /**
     * Runs the round: afterwards {@code params} and {@code updater} (when the chunks cover it) hold the average, with
     * {@code previous}'s values when no worker fitted anything.
     */
    void run(NetworkState previous) throws IOException {
        Arrivals arrivals = new Arrivals(parts, workers - 1);
        Incoming incoming = new Incoming(arrivals);
        PeerMesh.Reads reads = mesh.receive(2 * parts, incoming::read, arrivals::fail);
        int averaged = 0;
        for (int part = 0; part < parts; part++) {
            for (int step = 1; step < workers; step++) {
                int peer = (self + step) % workers;
                int p = part;
                mesh.send(peer, Messages.CHUNK, out -> {
                    out.writeInt(epoch);
                    out.writeInt(round);
                    if (p == 0) {
                        out.writeLong(peerSent[self]);
                        out.writeLong(peerReceived[self]);
                        statisticsCodec.writeSum(out, statistics[self]);
                    }
                    chunks.write(out, chunks.slice(mine, peer, p));
                });
            }
            while (averaged < parts && arrivals.complete(averaged)) {
                reduce(averaged++, previous);
            }
        }
        while (averaged < parts) {
            arrivals.await(averaged);
            reduce(averaged++, previous);
        }
        reads.await();
    }

    /** Every worker's statistics, in worker order. */
    RoundSum[] statistics() {
        return statistics;
    }

    /** Every worker's bytes sent in the previous round (-1 when unknown). */
    long[] peerSent() {
        return peerSent;
    }

    /** Every worker's bytes received in the previous round (-1 when unknown). */
    long[] peerReceived() {
        return peerReceived;
    }

    private void reduce(int part, NetworkState previous) throws IOException {
        long[] samples = new long[workers];
        for (int w = 0; w < workers; w++) {
            samples[w] = statistics[w].samples();
        }
        float[] own = chunks.average(contributions[part], samples, previous, self, part);
        chunks.place(own, self, part, params, updater);
        for (int step = 1; step < workers; step++) {
            mesh.send((self + step) % workers, Messages.AVERAGED, out -> {
                out.writeInt(epoch);
                out.writeInt(round);
                chunks.write(out, own);
            });
        }
    }

    /** Reads one peer's frames: its chunk's parts and its averaged parts, each kind in order, interleaved as sent. */
    private final class Incoming {
        private final Arrivals arrivals;
        private final int[] chunkParts = new int[workers];
        private final int[] averagedParts = new int[workers];

        Incoming(Arrivals arrivals) {
            this.arrivals = arrivals;
        }

        void read(int peer, SecureChannel.Frame frame) throws IOException {
            String from = "worker " + peer;
            boolean chunk = frame.type() == Messages.CHUNK && chunkParts[peer] < parts;
            Messages.expect(frame, chunk || averagedParts[peer] == parts ? Messages.CHUNK : Messages.AVERAGED, from);
            DataInput in = frame.payload();
            expectRound(in, peer);
            if (chunk) {
                int part = chunkParts[peer]++;
                if (part == 0) {
                    peerSent[peer] = in.readLong();
                    peerReceived[peer] = in.readLong();
                    statistics[peer] = statisticsCodec.readSum(in);
                }
                contributions[part][peer] = chunks.read(in, self, part);
                frame.requireEnd("chunk");
                arrivals.arrived(part);
            } else {
                int part = averagedParts[peer]++;
                chunks.place(chunks.read(in, peer, part), peer, part, params, updater);
                frame.requireEnd("averaged chunk");
            }
        }

        private void expectRound(DataInput in, int peer) throws IOException {
            int peerEpoch = in.readInt();
            int peerRound = in.readInt();
            if (peerEpoch != epoch || peerRound != round) {
                throw new WireException("worker " + peer + " sent round " + (peerRound + 1) + " of epoch "
                    + (peerEpoch + 1) + " to worker " + self + ", which is in round " + (round + 1));
            }
        }
    }

    /** How many peers' copies of each part are still missing, and the first reader failure. */
    private static final class Arrivals {
        private final int[] missing;
        private Throwable failure;

        Arrivals(int parts, int peers) {
            this.missing = new int[parts];
            Arrays.fill(missing, peers);
        }

        synchronized void arrived(int part) {
            missing[part]--;
            notifyAll();
        }

        synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
            notifyAll();
        }

        synchronized boolean complete(int part) throws IOException {
            rethrow();
            return missing[part] == 0;
        }

        synchronized void await(int part) throws IOException {
            try {
                while (missing[part] > 0 && failure == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during an all-reduce exchange");
            }
            rethrow();
        }

        private void rethrow() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure != null) {
                throw new WireException("peer read failed: " + failure, failure);
            }
        }
    }
}
