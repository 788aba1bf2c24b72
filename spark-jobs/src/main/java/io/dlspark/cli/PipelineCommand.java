package io.dlspark.cli;

import io.dlspark.core.security.Redactor;
import io.dlspark.pipeline.PipelineConfig;
import io.dlspark.pipeline.PipelineRunner;
import io.dlspark.spark.SparkSessions;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code dlspark pipeline}: ingest, augment, tune, train and evaluate from one config file, idempotent under a run id. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = {"Run the stages of a pipeline config (ingest -> [augment] -> [tune] -> train -> evaluate) under a run id.",
        "A finished run id does nothing; a failed or killed one resumes at its first unfinished stage.",
        "Exit codes: 0 done (also: already done), 1 failure, 2 configuration error, "
            + DlsparkCli.EXIT_RUN_IN_PROGRESS + " another process runs this run id."})
final class PipelineCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineCommand.class);

    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Pipeline config (HOCON), a path or Hadoop URI; see conf/pipelines/.")
    String config;

    @Option(names = "--run-id", paramLabel = "ID", defaultValue = "${env:DLSPARK_RUN_ID}",
        description = "Run id: the run's folder under pipeline.run-root; default: the environment's DLSPARK_RUN_ID.")
    String runId;

    @Override
    public Integer call() throws Exception {
        PipelineRunner.checkRunId(runId);
        PipelineConfig pipeline = PipelineConfig.load(config, new Configuration());
        pipeline.sparkSettings().forEach((k, v) -> LOG.info("Pipeline Spark setting {}={}", k, Redactor.value(k, v)));
        try (SparkSessions.Handle spark = root.spark("pipeline " + runId, pipeline.sparkSettings())) {
            new PipelineRunner(spark.session(), spec.commandLine().getOut()).run(pipeline, runId);
        }
        return DlsparkCli.EXIT_OK;
    }
}
