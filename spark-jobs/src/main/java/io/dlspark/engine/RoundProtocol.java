package io.dlspark.engine;

import io.dlspark.core.nn.NetworkState;
import io.dlspark.core.train.PartitionData;
import io.dlspark.engine.LiveHandshake.Link;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Function1;
import scala.collection.Iterator;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * What differs between the barrier exchanges that {@link LiveRounds} drives: the task every worker runs for an epoch,
 * and what the driver exchanges with the workers' links in each round.
 */
interface RoundProtocol {

    /** Whether the workers average among themselves, so that the driver must not average the answers' sums. */
    boolean averagedByWorkers();

    /** The epoch's barrier task from {@code state} at round {@code round} of {@code rounds}, and what to free after. */
    Started start(JavaSparkContext jsc, TaskSetup setup, NetworkState state, int epoch, int round, int rounds,
                  long timeoutSeconds);

    /** The most payload bytes the driver accepts in one frame from a worker. */
    long inboundLimit(StateWire codec);

    /**
     * The round's exchanges, each on its own thread: callable {@code i} talks over {@code links[i]} only; their
     * answers are merged in order.
     */
    List<Callable<RoundAnswer>> exchange(Link[] links, StateWire codec, NetworkState state, int epoch, int round);

    /** An epoch's barrier task and what to release once the epoch's job has ended. */
    record Started(Function1<Iterator<PartitionData>, Iterator<Object>> worker, Runnable release) {
    }
}
