package io.dlspark.engine;

import io.dlspark.engine.wire.Messages.Hello;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task attempts Spark started for the live exchange's jobs (those submitted with {@link #SESSION_PROPERTY}), from
 * the listener bus, so that the driver admits only connections that claim an attempt Spark really started.
 */
final class SparkTaskAttempts extends SparkListener implements LiveHandshake.AttemptCheck {
    /** The local property naming the exchange session of a job. */
    static final String SESSION_PROPERTY = "dlspark.exchange.session";
    private final Map<Integer, Integer> sessionOfStage = new HashMap<>();
    private final Map<Integer, List<Integer>> stagesOfJob = new HashMap<>();
    private final Set<Hello> started = new HashSet<>();

    @Override
    public synchronized void onJobStart(SparkListenerJobStart event) {
        String session = event.properties() == null ? null : event.properties().getProperty(SESSION_PROPERTY);
        if (session == null) {
            return;
        }
        List<Integer> stages = CollectionConverters.asJava(event.stageIds()).stream().map(id -> (Integer) id).toList();
        stagesOfJob.put(event.jobId(), stages);
        stages.forEach(stage -> sessionOfStage.put(stage, Integer.parseInt(session)));
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart event) {
        Integer session = sessionOfStage.get(event.stageId());
        if (session != null) {
            started.add(new Hello(session, event.taskInfo().partitionId(), event.stageId(), event.stageAttemptId(),
                event.taskInfo().taskId()));
            notifyAll();
        }
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd event) {
        List<Integer> stages = stagesOfJob.remove(event.jobId());
        if (stages != null) {
            stages.forEach(sessionOfStage::remove);
            started.removeIf(task -> stages.contains(task.stageId()));
        }
    }

    /** Whether Spark started exactly the attempt {@code hello} claims, waiting up to {@code timeoutMillis} for the event. */
    @Override
    public synchronized boolean started(Hello hello, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (long left = timeoutMillis; !started.contains(hello); left = deadline - System.currentTimeMillis()) {
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
