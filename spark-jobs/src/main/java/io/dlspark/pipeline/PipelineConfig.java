package io.dlspark.pipeline;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.io.HadoopFiles;
import io.dlspark.core.security.Redactor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pipeline configuration file (HOCON: a {@code pipeline} block, optional {@code spark} settings and one block per
 * listed stage; docs/configuration.md), read and checked completely before anything runs. Every error names the key
 * path; substitutions such as {@code ${?S3_SECRET}} come from the environment.
 */
public final class PipelineConfig {
    /** The default lease of a run's lock. */
    public static final long DEFAULT_LEASE_MILLIS = io.dlspark.output.RunLock.DEFAULT_LEASE_MILLIS;
    private static final Set<String> TOP_LEVEL = Set.of("pipeline", "spark");

    private final String source;
    private final String runRoot;
    private final long leaseMillis;
    private final Map<String, StageTask> tasks;
    private final Map<String, String> sparkSettings;
    private final String canonicalStages;

    private PipelineConfig(String source, String runRoot, long leaseMillis, Map<String, StageTask> tasks,
                           Map<String, String> sparkSettings, String canonicalStages) {
        this.source = source;
        this.runRoot = runRoot;
        this.leaseMillis = leaseMillis;
        this.tasks = tasks;
        this.sparkSettings = sparkSettings;
        this.canonicalStages = canonicalStages;
    }

    /** Reads a file given as a local path or a Hadoop URI. */
    public static PipelineConfig load(String location, Configuration hadoop) {
        String text;
        try {
            text = HadoopFiles.readString(new Path(location), hadoop);
        } catch (IOException e) {
            throw new UsageException("--config " + location + ": cannot read it: " + e.getMessage(), e);
        }
        return parse(text, location);
    }

    public static PipelineConfig parse(String text, String source) {
        Config config;
        try {
            config = ConfigFactory.parseString(text).resolve();
        } catch (ConfigException e) {
            throw new UsageException(source + ": " + e.getMessage(), e);
        }
        for (String key : config.root().keySet()) {
            if (!TOP_LEVEL.contains(key) && !StageCatalog.isStageName(key)) {
                throw new UsageException(source + ": " + key + ": unknown key (known: pipeline, spark, "
                    + String.join(", ", StageCatalog.ORDER) + ")");
            }
        }
        try {
            return parse(config, source);
        } catch (UsageException e) {
            throw new UsageException(source + ": " + e.getMessage(), e);
        }
    }

    private static PipelineConfig parse(Config config, String source) {
        if (!config.hasPath("pipeline")) {
            throw new UsageException("pipeline: missing block (pipeline { run-root = ..., stages = [...] })");
        }
        Params pipeline = new Params(object(config, "pipeline"), "pipeline", "the pipeline block");
        String runRoot = pipeline.string("run-root");
        long leaseSeconds = pipeline.integer("lease-seconds", (int) (DEFAULT_LEASE_MILLIS / 1000), 10, 86_400);
        pipeline.has("stages");
        List<String> stages = stageList(object(config, "pipeline"));
        pipeline.rejectUnknownKeys();

        Map<String, StageTask> tasks = new LinkedHashMap<>();
        for (String name : stages) {
            PipelineStage stage = StageCatalog.get(name);
            for (String input : stage.inputs()) {
                if (!tasks.containsKey(input)) {
                    throw new UsageException("pipeline.stages: stage '" + name + "' reads the output of '" + input
                        + "', which must be listed before it");
                }
            }
            if (!config.hasPath(name)) {
                throw new UsageException(name + ": missing block for the listed stage '" + name + "'");
            }
            Params block = new Params(object(config, name), name, "stage '" + name + "'");
            try {
                tasks.put(name, stage.configure(block, stages));
            } catch (UsageException e) {
                throw e.getMessage().startsWith(name + ".") ? e : new UsageException(name + ": " + e.getMessage(), e);
            }
            block.rejectUnknownKeys();
        }
        for (String key : config.root().keySet()) {
            if (StageCatalog.isStageName(key) && !tasks.containsKey(key)) {
                throw new UsageException(key + ": block for a stage that pipeline.stages does not list " + stages);
            }
        }
        return new PipelineConfig(source, runRoot, leaseSeconds * 1000, tasks, sparkSettings(config, stages),
            canonical(config, stages));
    }

    private static List<String> stageList(Config pipeline) {
        if (!pipeline.hasPath("stages")) {
            throw new UsageException("pipeline.stages: missing (a list such as [ingest, train, evaluate])");
        }
        List<String> stages;
        try {
            stages = pipeline.getStringList("stages");
        } catch (ConfigException.WrongType e) {
            throw new UsageException("pipeline.stages: must be a list of stage names, got " + pipeline.getValue("stages").render());
        }
        if (stages.isEmpty()) {
            throw new UsageException("pipeline.stages: lists no stage");
        }
        int last = -1;
        for (String name : stages) {
            int position = StageCatalog.ORDER.indexOf(name);
            if (position < 0) {
                throw new UsageException("pipeline.stages: unknown stage '" + name + "' (stages: "
                    + String.join(", ", StageCatalog.ORDER) + ")");
            }
            if (position <= last) {
                throw new UsageException("pipeline.stages: " + stages + " is out of order or repeats a stage; the order is "
                    + String.join(" -> ", StageCatalog.ORDER));
            }
            last = position;
        }
        return List.copyOf(stages);
    }

    private static Config object(Config config, String key) {
        if (config.getValue(key).valueType() != ConfigValueType.OBJECT) {
            throw new UsageException(key + ": must be a block { ... }, got " + config.getValue(key).render());
        }
        return config.getConfig(key);
    }

    /** The listed stages' Spark defaults, then the {@code spark} block's settings over them. */
    private static Map<String, String> sparkSettings(Config config, List<String> stages) {
        Map<String, String> settings = new TreeMap<>();
        stages.forEach(stage -> settings.putAll(StageCatalog.get(stage).sparkDefaults()));
        if (!config.hasPath("spark")) {
            return settings;
        }
        for (Map.Entry<String, ConfigValue> e : object(config, "spark").entrySet()) {
            if (e.getValue().valueType() == ConfigValueType.LIST || e.getValue().valueType() == ConfigValueType.NULL) {
                throw new UsageException("spark." + e.getKey() + ": must be a single value");
            }
            settings.put("spark." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        return settings;
    }

    /** The stage list and stage blocks as sorted "key = value" lines: what a run id is bound to. */
    private static String canonical(Config config, List<String> stages) {
        StringBuilder out = new StringBuilder("pipeline.stages = ").append(stages).append('\n');
        for (String stage : stages) {
            Map<String, String> sorted = new TreeMap<>();
            config.getConfig(stage).entrySet().forEach(e -> sorted.put(stage + "." + e.getKey(), e.getValue().render()));
            sorted.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        }
        return out.toString();
    }

    public String source() {
        return source;
    }

    public String runRoot() {
        return runRoot;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    public List<String> stages() {
        return List.copyOf(tasks.keySet());
    }

    public StageTask task(String stage) {
        return tasks.get(stage);
    }

    /** Spark settings of the file over the listed stages' defaults, full keys. */
    public Map<String, String> sparkSettings() {
        return sparkSettings;
    }

    /** SHA-256 of the stage list and stage blocks. */
    public String fingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(canonicalStages.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stage settings, with credentials masked, for the run record and logs. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        for (String line : canonicalStages.split("\n")) {
            int eq = line.indexOf(" = ");
            lines.add(eq < 0 ? Redactor.redact(line) : line.substring(0, eq + 3)
                + Redactor.value(line.substring(0, eq), line.substring(eq + 3)));
        }
        return String.join("\n", lines);
    }
}
