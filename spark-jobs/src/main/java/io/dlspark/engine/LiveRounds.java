package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.GpuPinning;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The driver side of {@code --exchange live}. The rounds of an epoch run in one barrier Spark job whose tasks
 * ({@link LiveWorker}) stay alive and exchange states with the driver over TCP, so a round costs one state sent to
 * and one result received from each worker instead of a Spark job, a broadcast and a tree reduction. Results are
 * summed in worker order. When a task fails, Spark retries the barrier stage as a whole; the new tasks connect again
 * and the driver repeats the round from the same state, so a retry changes no result. The job ends after the
 * epoch's last round, before validation needs the executors. The port is {@value #PORT_KEY} (default: any free one).
 */
final class LiveRounds implements AutoCloseable {
    static final String PORT_KEY = "spark.dlspark.exchange.port";
    private static final Logger LOG = LoggerFactory.getLogger(LiveRounds.class);
    private static final long POLL_MILLIS = 100;
    private static final int HANDSHAKE_MILLIS = 30_000;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final ClassTag<Object> OBJECT = ClassTag$.MODULE$.apply(Object.class);

    private final JavaSparkContext jsc;
    private final TrainingSettings settings;
    private final TrainableBlueprint blueprint;
    private final RoundFitter fitter;
    private final Broadcast<RecordAugmenter> augmenter;
    private final String host;
    private final ServerSocket server;
    private final long token = new SecureRandom().nextLong();
    private final BlockingQueue<Link> arrivals = new LinkedBlockingQueue<>();
    private final ExecutorService io = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "dlspark-live-exchange");
        thread.setDaemon(true);
        return thread;
    });
    private int sessions;
    private Session session;

    LiveRounds(JavaSparkContext jsc, TrainingSettings settings, TrainableBlueprint blueprint, RoundFitter fitter,
               Broadcast<RecordAugmenter> augmenter) {
        this.jsc = jsc;
        this.settings = settings;
        this.blueprint = blueprint;
        this.fitter = fitter;
        this.augmenter = augmenter;
        SparkConf conf = jsc.getConf();
        this.host = conf.get("spark.driver.host", "localhost");
        String bind = conf.get("spark.driver.bindAddress", host);
        int port = conf.getInt(PORT_KEY, 0);
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new DataException("--exchange live: cannot listen on " + bind + ":" + port + " (" + PORT_KEY + "): "
                + e.getMessage(), e);
        }
        io.submit(this::acceptConnections);
        LOG.info("Live exchange listening on {}:{}", host, server.getLocalPort());
    }

    /** One state sent to a worker: fit round {@code round} of {@code epoch} from it. */
    record Assignment(NetworkState state, int epoch, int round) implements Serializable {
    }

    /** A round's summed worker results, and the driver time spent sending the state to the workers. */
    record Exchanged(RoundSum sum, long sendNanos) {
    }

    /** Runs round {@code round} of {@code rounds} from {@code state}, starting the epoch's job when needed. */
    Exchanged round(TrainingData data, NetworkState state, int epoch, int round, int rounds) {
        if (session != null && (session.epoch != epoch || session.nextRound != round)) {
            abandon();
        }
        if (session == null) {
            session = start(data, epoch, round, rounds);
        }
        long deadline = settings.roundTimeoutSeconds() == 0 ? Long.MAX_VALUE
            : System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.roundTimeoutSeconds());
        Assignment assignment = new Assignment(state, epoch, round);
        try {
            while (true) {
                if (session.links == null) {
                    awaitLinks(deadline, epoch, round);
                }
                long sendStart = System.nanoTime();
                List<Future<RoundSum>> results = send(assignment);
                long sendNanos = System.nanoTime() - sendStart;
                RoundSum sum = collect(results, deadline, epoch, round);
                if (sum != null) {
                    session.nextRound = round + 1;
                    if (session.nextRound == rounds) {
                        finish();
                    }
                    return new Exchanged(sum, sendNanos);
                }
            }
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    private Session start(TrainingData data, int epoch, int round, int rounds) {
        int id = ++sessions;
        LiveWorker worker = new LiveWorker(host, server.getLocalPort(), token, id, blueprint, fitter,
            settings.threadsPerWorker(), GpuPinning.requested(jsc.getConf()), augmenter);
        jsc.setJobDescription(String.format("dlspark train epoch %d rounds %d-%d/%d (live exchange)", epoch + 1,
            round + 1, rounds, rounds));
        RDD<Object> tasks = data.partitions().rdd().barrier().mapPartitions(worker, false, OBJECT);
        // The shuffle makes the barrier stage a shuffle-map stage: Spark retries those, never a failed barrier result stage.
        JavaFutureAction<Long> job = JavaRDD.fromRDD(tasks, OBJECT).repartition(1).countAsync();
        jsc.setJobDescription(null);
        return new Session(id, epoch, round, data.sizes().length, job);
    }

    /** Sends the assignment to every worker and starts reading their answers. */
    private List<Future<RoundSum>> send(Assignment assignment) {
        List<Future<RoundSum>> results = new ArrayList<>();
        for (Link link : session.links) {
            try {
                link.out.writeObject(assignment);
                link.out.reset();
                link.out.flush();
                results.add(io.submit(() -> (RoundSum) link.in.readObject()));
            } catch (IOException e) {
                results.add(java.util.concurrent.CompletableFuture.failedFuture(e));
            }
        }
        return results;
    }

    /** The workers' results summed in worker order, or null when the stage was retried and the round must repeat. */
    private RoundSum collect(List<Future<RoundSum>> results, long deadline, int epoch, int round) {
        while (true) {
            Future<RoundSum> pending = null;
            for (int i = 0; i < results.size(); i++) {
                Future<RoundSum> result = results.get(i);
                if (result.isDone() && failure(result) != null) {
                    LOG.warn("Live exchange: worker {} dropped out of round {} of epoch {} ({}); waiting for Spark to "
                        + "retry the stage", i, round + 1, epoch + 1, failure(result).toString());
                    awaitRetry(deadline, epoch, round);
                    return null;
                }
                if (pending == null && !result.isDone()) {
                    pending = result;
                }
            }
            if (pending == null) {
                RoundSum sum = completed(results.get(0));
                for (int i = 1; i < results.size(); i++) {
                    sum.merge(completed(results.get(i)));
                }
                return sum;
            }
            try {
                pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                failIfJobEnded(epoch, round);
                failIfPast(deadline, epoch, round);
                if (takeNewerAttempt()) {
                    return null;
                }
            } catch (InterruptedException e) {
                throw RoundErrors.interrupted(round, e);
            }
        }
    }

    /** Why a finished read failed, or null when it succeeded. */
    private static Throwable failure(Future<RoundSum> done) {
        try {
            done.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /** The result of a read that finished without failure. */
    private static RoundSum completed(Future<RoundSum> done) {
        try {
            return done.get();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("a successful read failed on a second look", e);
        }
    }

    private void awaitLinks(long deadline, int epoch, int round) {
        while (!takeNewerAttempt()) {
            failIfJobEnded(epoch, round);
            failIfPast(deadline, epoch, round);
            pause();
        }
    }

    private void awaitRetry(long deadline, int epoch, int round) {
        closeLinks(session.links);
        session.links = null;
        awaitLinks(deadline, epoch, round);
    }

    /** Switches to the newest stage attempt whose workers have all connected, if newer than the current one. */
    private boolean takeNewerAttempt() {
        List<Link> arrived = new ArrayList<>();
        arrivals.drainTo(arrived);
        for (Link link : arrived) {
            if (link.session != session.id || link.worker < 0 || link.worker >= session.workers) {
                closeQuietly(link.socket);
                continue;
            }
            Link[] set = session.attempts.computeIfAbsent(link.attempt, a -> new Link[session.workers]);
            closeLinks(new Link[] {set[link.worker]});
            set[link.worker] = link;
        }
        int newest = -1;
        for (Map.Entry<Integer, Link[]> entry : session.attempts.entrySet()) {
            boolean complete = java.util.Arrays.stream(entry.getValue()).allMatch(java.util.Objects::nonNull);
            if (complete && entry.getKey() > session.attempt && entry.getKey() > newest) {
                newest = entry.getKey();
            }
        }
        if (newest < 0) {
            return false;
        }
        closeLinks(session.links);
        session.attempt = newest;
        session.links = session.attempts.remove(newest);
        return true;
    }

    private void failIfJobEnded(int epoch, int round) {
        if (!session.job.isDone()) {
            return;
        }
        try {
            session.job.get();
        } catch (ExecutionException e) {
            throw RoundErrors.failed(epoch, round, e.getCause());
        } catch (InterruptedException e) {
            throw RoundErrors.interrupted(round, e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + " was cancelled", e);
        }
        throw new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + ": the live exchange job ended "
            + "before the epoch did");
    }

    private void failIfPast(long deadline, int epoch, int round) {
        if (System.nanoTime() > deadline) {
            throw RoundErrors.timedOut(epoch, round, settings.roundTimeoutSeconds());
        }
    }

    /** Tells the workers the epoch is over and waits for the job to end. */
    private void finish() {
        Session done = session;
        session = null;
        for (Link link : done.links) {
            try {
                link.out.writeObject(null);
                link.out.flush();
            } catch (IOException e) {
                LOG.warn("Live exchange: could not stop worker {}: {}", link.worker, e.toString());
            }
        }
        try {
            done.job.get();
        } catch (ExecutionException e) {
            throw new DataException("the live exchange job of epoch " + (done.epoch + 1) + " failed after its last "
                + "round: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while the live exchange job of epoch " + (done.epoch + 1) + " ended", e);
        } finally {
            done.close();
        }
    }

    /** Cancels the current job, if any, and drops its connections. */
    private void abandon() {
        if (session != null) {
            session.job.cancel(true);
            session.close();
            session = null;
        }
    }

    @Override
    public void close() {
        abandon();
        closeQuietly(server);
        io.shutdownNow();
    }

    private void acceptConnections() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                io.submit(() -> handshake(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Live exchange: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void handshake(Socket socket) {
        try {
            socket.setSoTimeout(HANDSHAKE_MILLIS);
            socket.setTcpNoDelay(true);
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_BYTES));
            long presented = in.readLong();
            int sessionId = in.readInt();
            int worker = in.readInt();
            int attempt = in.readInt();
            if (presented != token) {
                LOG.warn("Live exchange: ignored a connection from {} without this run's token", socket.getRemoteSocketAddress());
                closeQuietly(socket);
                return;
            }
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES));
            out.flush();
            socket.setSoTimeout(0);
            arrivals.add(new Link(sessionId, worker, attempt, socket, out, in));
        } catch (IOException e) {
            LOG.warn("Live exchange: handshake with {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
            closeQuietly(socket);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS / 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while waiting for the live exchange's workers", e);
        }
    }

    private static void closeLinks(Link[] links) {
        if (links != null) {
            for (Link link : links) {
                if (link != null) {
                    closeQuietly(link.socket);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close failed", e);
        }
    }

    /** One worker's connection. */
    private record Link(int session, int worker, int attempt, Socket socket, ObjectOutputStream out,
                        ObjectInputStream in) {
    }

    /** The job of one epoch's remaining rounds and its workers' connections, by stage attempt. */
    private static final class Session {
        private final int id;
        private final int epoch;
        private final int workers;
        private final JavaFutureAction<Long> job;
        private final Map<Integer, Link[]> attempts = new HashMap<>();
        private int nextRound;
        private int attempt = -1;
        private Link[] links;

        private Session(int id, int epoch, int nextRound, int workers, JavaFutureAction<Long> job) {
            this.id = id;
            this.epoch = epoch;
            this.nextRound = nextRound;
            this.workers = workers;
            this.job = job;
        }

        private void close() {
            closeLinks(links);
            attempts.values().forEach(LiveRounds::closeLinks);
        }
    }
}
