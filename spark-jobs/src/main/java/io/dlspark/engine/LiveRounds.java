package io.dlspark.engine;

import io.dlspark.core.DataException;
import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.RecordAugmenter;
import io.dlspark.core.train.RoundFitter;
import io.dlspark.core.train.RoundSum;
import io.dlspark.core.train.StateCodec;
import io.dlspark.core.train.TrainableBlueprint;
import io.dlspark.engine.LiveHandshake.Link;
import io.dlspark.engine.wire.BoundedAcceptor;
import io.dlspark.engine.wire.Messages;
import io.dlspark.engine.wire.RunSecret;
import io.dlspark.engine.wire.SecureChannel;
import io.dlspark.engine.wire.WireException;
import io.dlspark.feed.TrainingData;
import io.dlspark.gpu.GpuPinning;
import io.dlspark.spark.JobDescription;
import io.dlspark.spark.PortSetting;
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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The driver side of the barrier exchanges: an epoch's rounds run in one barrier job whose tasks stay alive; each
 * round's exchange is the {@link RoundProtocol}'s. A failed task makes Spark retry the stage; the new tasks connect
 * again and the round repeats unchanged. Connections arrive through {@link LiveHandshake} on {@value #PORT_KEY}
 * (default: any free port).
 */
final class LiveRounds implements AutoCloseable {
    static final String PORT_KEY = "spark.dlspark.exchange.port";
    /** The round timeout of a live exchange when {@code --round-timeout} is 0, so a dead peer cannot hang the run. */
    static final long DEFAULT_ROUND_TIMEOUT_SECONDS = 600;
    static final long HANDSHAKE_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LiveRounds.class);
    private static final long POLL_MILLIS = 100;
    private static final ClassTag<Object> OBJECT = ClassTag$.MODULE$.apply(Object.class);

    private final JavaSparkContext jsc;
    private final TrainingSettings settings;
    private final TrainableBlueprint blueprint;
    private final RoundFitter fitter;
    private final Broadcast<RecordAugmenter> augmenter;
    private final RoundProtocol protocol;
    private final String host;
    private final long timeoutSeconds;
    private final RunSecret secret = RunSecret.generate(new SecureRandom());
    private final SparkTaskAttempts attempts = new SparkTaskAttempts();
    private final BlockingQueue<Link> arrivals = new LinkedBlockingQueue<>();
    private final BoundedAcceptor<Link> acceptor;
    private final ExecutorService exchanges;
    private int sessions;
    private Session session;
    /** The last failure a worker reported itself over the exchange: the root cause when the stage finally fails. */
    private WireException reportedFailure;

    LiveRounds(JavaSparkContext jsc, TrainingSettings settings, TrainableBlueprint blueprint, RoundFitter fitter,
               Broadcast<RecordAugmenter> augmenter) {
        this(jsc, settings, blueprint, fitter, augmenter, DEFAULT_ROUND_TIMEOUT_SECONDS);
    }

    /** An exchange whose rounds time out after {@code defaultTimeoutSeconds} when {@code --round-timeout} is 0. */
    LiveRounds(JavaSparkContext jsc, TrainingSettings settings, TrainableBlueprint blueprint, RoundFitter fitter,
               Broadcast<RecordAugmenter> augmenter, long defaultTimeoutSeconds) {
        this.jsc = jsc;
        this.timeoutSeconds = settings.roundTimeoutSeconds() == 0 ? defaultTimeoutSeconds : settings.roundTimeoutSeconds();
        this.settings = settings;
        this.blueprint = blueprint;
        this.fitter = fitter;
        this.augmenter = augmenter;
        this.protocol = settings.exchange() == RoundExchange.ALLREDUCE
            ? new AllReduceProtocol(settings.stateEveryRounds(), settings.updaterEveryRounds(),
                settings.allReducePipeline()) : new LiveProtocol();
        SparkConf conf = jsc.getConf();
        this.host = conf.get("spark.driver.host", "localhost");
        String bind = conf.get("spark.driver.bindAddress", host);
        int port = PortSetting.read(conf, PORT_KEY, 0);
        jsc.sc().addSparkListener(attempts);
        try {
            acceptor = new BoundedAcceptor<>("dlspark-live-exchange", new InetSocketAddress(bind, port),
                settings.workers() + 2, HANDSHAKE_MILLIS, new LiveHandshake(secret, attempts, HANDSHAKE_MILLIS),
                arrivals::add, BoundedAcceptor.Outcomes.logged());
        } catch (IOException e) {
            jsc.sc().removeSparkListener(attempts);
            throw new DataException("--exchange live: cannot listen on " + bind + ":" + port + " (" + PORT_KEY + "): "
                + e.getMessage(), e);
        }
        exchanges = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread thread = new Thread(task, "dlspark-live-round");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("Live exchange listening on {}:{}", host, acceptor.port());
    }

    /**
     * A round's summed worker results (or the all-reduce's statistics), the driver time spent sending the state to
     * the workers, the workers' averaged state when they averaged and sent it (else null), whether they found it
     * finite, and the round's traffic.
     */
    record Exchanged(RoundSum sum, long sendNanos, NetworkState averaged, boolean finite, ExchangeTraffic traffic) {
    }

    /** Whether the workers average among themselves ({@link Exchanged#sum()} then carries no state). */
    boolean averagedByWorkers() {
        return protocol.averagedByWorkers();
    }

    /** Runs round {@code round} of {@code rounds} from {@code state}, starting the epoch's job when needed. */
    Exchanged round(TrainingData data, NetworkState state, int epoch, int round, int rounds) {
        if (session != null && (session.epoch != epoch || session.nextRound != round)) {
            abandon();
        }
        if (session == null) {
            session = start(data, state, epoch, round, rounds);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (true) {
                if (session.links == null) {
                    awaitLinks(deadline, epoch, round);
                }
                long sendStart = System.nanoTime();
                List<Future<RoundAnswer>> answers = send(state, epoch, round);
                Exchanged exchanged = collect(answers, sendStart, deadline, epoch, round);
                if (exchanged != null) {
                    session.nextRound = round + 1;
                    if (session.nextRound == rounds) {
                        finish();
                    }
                    return exchanged;
                }
            }
        } catch (RuntimeException e) {
            abandon();
            throw e;
        }
    }

    private Session start(TrainingData data, NetworkState state, int epoch, int round, int rounds) {
        int id = ++sessions;
        reportedFailure = null;
        StateWire codec = new StateWire(StateCodec.of(state), settings.exchangePrecision());
        TaskSetup setup = new TaskSetup(host, acceptor.port(), secret, id, codec.codec().params(),
            codec.codec().updater(), settings.exchangePrecision(), blueprint, fitter, settings.threadsPerWorker(),
            GpuPinning.requested(jsc.getConf()), augmenter);
        RoundProtocol.Started started = protocol.start(jsc, setup, state, epoch, round, rounds, timeoutSeconds);
        JobDescription described = JobDescription.of(jsc.sc(),
            String.format("dlspark train epoch %d rounds %d-%d/%d (%s exchange)", epoch + 1,
            round + 1, rounds, rounds, settings.exchange().option()));
        jsc.setLocalProperty(SparkTaskAttempts.SESSION_PROPERTY, Integer.toString(id));
        RDD<Object> tasks = data.partitions().rdd().barrier().mapPartitions(started.worker(), false, OBJECT);
        // The shuffle makes the barrier stage a shuffle-map stage: Spark retries those, never a failed barrier result stage.
        JavaFutureAction<Long> job = JavaRDD.fromRDD(tasks, OBJECT).repartition(1).countAsync();
        jsc.setLocalProperty(SparkTaskAttempts.SESSION_PROPERTY, null);
        described.close();
        return new Session(id, codec, epoch, round, data.sizes().length, job, started.release());
    }

    /** Runs the protocol's exchanges of the round, each link on its own thread, counting each link's bytes. */
    private List<Future<RoundAnswer>> send(NetworkState state, int epoch, int round) {
        List<Callable<RoundAnswer>> calls = protocol.exchange(session.links, session.codec, state, epoch, round);
        List<Future<RoundAnswer>> answers = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Callable<RoundAnswer> call = calls.get(i);
            SecureChannel channel = session.links[i].channel();
            answers.add(exchanges.submit(() -> {
                long sent = channel.sentBytes();
                long received = channel.receivedBytes();
                return call.call().counted(channel.sentBytes() - sent, channel.receivedBytes() - received);
            }));
        }
        return answers;
    }

    /** The workers' results summed in worker order, or null when the stage was retried and the round must repeat. */
    private Exchanged collect(List<Future<RoundAnswer>> answers, long sendStart, long deadline, int epoch, int round) {
        while (true) {
            Future<RoundAnswer> pending = null;
            for (int i = 0; i < answers.size(); i++) {
                Future<RoundAnswer> answer = answers.get(i);
                Throwable failure = answer.isDone() ? failure(answer) : null;
                if (failure != null) {
                    if (failure instanceof WireException reported) {
                        reportedFailure = reported;
                    }
                    LOG.warn("Live exchange: worker {} dropped out of round {} of epoch {} ({}); waiting for Spark to "
                        + "retry the stage", i, round + 1, epoch + 1, failure.toString());
                    awaitRetry(deadline, epoch, round);
                    return null;
                }
                if (pending == null && !answer.isDone()) {
                    pending = answer;
                }
            }
            if (pending == null) {
                return combine(answers, sendStart, round);
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

    /**
     * The answers' sums merged in worker order, with the traffic: the workers' own figures when they report them
     * (all-reduce), else each worker's link to the driver (live).
     */
    private Exchanged combine(List<Future<RoundAnswer>> answers, long sendStart, int round) {
        RoundSum sum = null;
        long lastSent = sendStart;
        long driverBytes = 0;
        long linkSent = 0;
        long linkReceived = 0;
        RoundAnswer first = null;
        for (Future<RoundAnswer> answer : answers) {
            RoundAnswer done = completed(answer);
            first = first == null ? done : first;
            sum = sum == null ? done.sum() : sum.merge(done.sum());
            lastSent = Math.max(lastSent, done.sentAt());
            driverBytes += done.linkSent() + done.linkReceived();
            linkSent = Math.max(linkSent, done.linkReceived());
            linkReceived = Math.max(linkReceived, done.linkSent());
        }
        ExchangeTraffic traffic = protocol.averagedByWorkers()
            ? new ExchangeTraffic(driverBytes, first.peerRound(), first.peerSent(), first.peerReceived(),
                settings.exchangePrecision())
            : new ExchangeTraffic(driverBytes, round, linkSent, linkReceived, settings.exchangePrecision());
        return new Exchanged(sum, lastSent - sendStart, first.averaged(), first.finite(), traffic);
    }

    /** Why a finished exchange failed, or null when it succeeded. */
    private static Throwable failure(Future<RoundAnswer> done) {
        try {
            done.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | CancellationException e) {
            return e;
        }
    }

    /** The answer of an exchange that finished without failure. */
    private static RoundAnswer completed(Future<RoundAnswer> done) {
        try {
            return done.get();
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("a successful exchange failed on a second look", e);
        }
    }

    private void awaitLinks(long deadline, int epoch, int round) {
        while (!takeNewerAttempt()) {
            failIfJobEnded(epoch, round);
            failIfPast(deadline, epoch, round);
            try {
                Link link = arrivals.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (link != null) {
                    arrivals.add(link);
                }
            } catch (InterruptedException e) {
                throw RoundErrors.interrupted(round, e);
            }
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
            int worker = link.hello().worker();
            if (link.hello().session() != session.id || worker < 0 || worker >= session.workers) {
                link.channel().close();
                continue;
            }
            link.channel().limitInbound(protocol.inboundLimit(session.codec));
            Link[] set = session.attempts.computeIfAbsent(link.hello().stageAttempt(), a -> new Link[session.workers]);
            closeLinks(new Link[] {set[worker]});
            set[worker] = link;
        }
        int newest = -1;
        for (Map.Entry<Integer, Link[]> entry : session.attempts.entrySet()) {
            boolean complete = Arrays.stream(entry.getValue()).allMatch(Objects::nonNull);
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
            // Spark names its most recent task failure, which may be a worker that only lost its peer when the
            // failing one went; the failure a worker reported itself is the cause to name.
            throw reportedFailure == null ? RoundErrors.failed(epoch, round, e.getCause())
                : RoundErrors.failed(epoch, round, reportedFailure, e.getCause());
        } catch (InterruptedException e) {
            throw RoundErrors.interrupted(round, e);
        } catch (CancellationException e) {
            throw new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + " was cancelled", e);
        }
        throw new DataException("round " + (round + 1) + " of epoch " + (epoch + 1) + ": the live exchange job ended "
            + "before the epoch did");
    }

    private void failIfPast(long deadline, int epoch, int round) {
        if (System.nanoTime() > deadline) {
            throw settings.roundTimeoutSeconds() == 0 ? RoundErrors.timedOutByDefault(epoch, round, timeoutSeconds,
                settings.exchange())
                : RoundErrors.timedOut(epoch, round, timeoutSeconds);
        }
    }

    /** Tells the workers the epoch is over and waits for the job to end. */
    private void finish() {
        Session done = session;
        session = null;
        for (Link link : done.links) {
            try {
                link.channel().send(Messages.DONE, out -> { });
            } catch (IOException e) {
                LOG.warn("Live exchange: could not stop worker {}: {}", link.hello().worker(), e.toString());
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
        acceptor.close();
        exchanges.shutdownNow();
        arrivals.forEach(link -> link.channel().close());
        jsc.sc().removeSparkListener(attempts);
    }

    private static void closeLinks(Link[] links) {
        if (links != null) {
            for (Link link : links) {
                if (link != null) {
                    link.channel().close();
                }
            }
        }
    }

    /** The job of one epoch's remaining rounds and its workers' connections, by stage attempt. */
    private static final class Session {
        private final int id;
        private final StateWire codec;
        private final int epoch;
        private final int workers;
        private final JavaFutureAction<Long> job;
        private final Runnable release;
        private final Map<Integer, Link[]> attempts = new HashMap<>();
        private int nextRound;
        private int attempt = -1;
        private Link[] links;

        private Session(int id, StateWire codec, int epoch, int nextRound, int workers, JavaFutureAction<Long> job,
                        Runnable release) {
            this.release = release;
            this.id = id;
            this.codec = codec;
            this.epoch = epoch;
            this.nextRound = nextRound;
            this.workers = workers;
            this.job = job;
        }

        private void close() {
            closeLinks(links);
            attempts.values().forEach(LiveRounds::closeLinks);
            release.run();
        }
    }
}
