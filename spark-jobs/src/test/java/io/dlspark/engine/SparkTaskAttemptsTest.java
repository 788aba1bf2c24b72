package io.dlspark.engine;

import io.dlspark.engine.wire.Messages.Hello;
import io.dlspark.spark.SparkTestSession;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener admits exactly the attempts Spark started for a session's job (local mode shares this JVM's statics). */
class SparkTaskAttemptsTest {
    private static final BlockingQueue<Hello> RUNNING = new LinkedBlockingQueue<>();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void onlyTheTaskAttemptsSparkStartedForTheSessionAreKnown() throws Exception {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        SparkTaskAttempts attempts = new SparkTaskAttempts();
        jsc.sc().addSparkListener(attempts);
        jsc.setLocalProperty(SparkTaskAttempts.SESSION_PROPERTY, "9");
        JavaFutureAction<Long> job = jsc.parallelize(List.of(0, 1), 2).rdd().barrier()
            .mapPartitions(new Report(), false, scala.reflect.ClassTag$.MODULE$.apply(Integer.class))
            .toJavaRDD().countAsync();
        jsc.setLocalProperty(SparkTaskAttempts.SESSION_PROPERTY, null);
        try {
            List<Hello> running = new ArrayList<>();
            while (running.size() < 2) {
                Hello hello = RUNNING.poll(1, TimeUnit.SECONDS);
                if (hello != null) {
                    running.add(hello);
                } else if (job.isDone()) {
                    job.get();
                    throw new AssertionError("the job ended before its tasks reported");
                }
            }
            for (Hello hello : running) {
                assertTrue(attempts.started(hello, 120_000), hello.toString());
                assertFalse(attempts.started(new Hello(hello.session(), hello.worker(), hello.stageId(),
                    hello.stageAttempt() + 1, hello.taskAttemptId()), 1), "a higher attempt");
                assertFalse(attempts.started(new Hello(8, hello.worker(), hello.stageId(), hello.stageAttempt(),
                    hello.taskAttemptId()), 1), "another session");
                assertFalse(attempts.started(new Hello(hello.session(), hello.worker(), hello.stageId(),
                    hello.stageAttempt(), hello.taskAttemptId() + 100), 1), "another task");
            }
        } finally {
            RELEASE.countDown();
            jsc.sc().removeSparkListener(attempts);
        }
        assertEquals(2L, job.get());
    }

    /** The barrier task: reports its attempt, then waits for the test. */
    private static final class Report extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>,
        scala.collection.Iterator<Integer>> implements java.io.Serializable {
        @Override
        public scala.collection.Iterator<Integer> apply(scala.collection.Iterator<Integer> partition) {
            return report(partition);
        }
    }

    private static scala.collection.Iterator<Integer> report(scala.collection.Iterator<Integer> partition) {
        BarrierTaskContext task = BarrierTaskContext.get();
        RUNNING.add(new Hello(9, task.partitionId(), task.stageId(), task.stageAttemptNumber(), task.taskAttemptId()));
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return partition;
    }
}
