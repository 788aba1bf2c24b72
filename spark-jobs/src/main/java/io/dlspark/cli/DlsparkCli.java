package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.core.security.Redactor;
import io.dlspark.output.RunInProgressException;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dlspark} command line. Exit codes: 0 success, 1 job failure, 2 usage or configuration error, 75 a
 * pipeline run id is in progress in another process. Error messages are printed with credentials masked.
 */
@Command(name = "dlspark", mixinStandardHelpOptions = true, versionProvider = DlsparkCli.VersionProvider.class,
    showDefaultValues = true, sortOptions = false,
    description = "Deep-learning data preparation, training and tuning on Apache Spark.",
    subcommands = {IngestCommand.class, AugmentCommand.class, TrainCommand.class, PretrainCommand.class, TransferCommand.class,
        EvaluateCommand.class, GenerateCommand.class, PredictCommand.class, DetectCommand.class, RcnnCommand.class, TuneCommand.class,
        ModelsCommand.class,
        PipelineCommand.class, VocabCommand.class, CommandLine.HelpCommand.class})
public final class DlsparkCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** Another process holds the run's lease (EX_TEMPFAIL: try again later). */
    public static final int EXIT_RUN_IN_PROGRESS = 75;

    // Global options: accepted before or after the subcommand and listed in every subcommand's help (INHERIT copies
    // them into each subcommand with this object's fields as their binding).
    @Option(names = "--master", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
        description = "Spark master; default: spark.master from spark-submit, else " + SparkSessions.DEFAULT_MASTER + ".")
    String master;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The {@code --conf} settings given before and after the subcommand, in command-line order. */
    final Map<String, String> conf = new LinkedHashMap<>();

    // picocli gives the subcommand's copy of an inherited Map option a new map; a setter keeps the union. It may be
    // called again with the same settings as more arrive, so adding is idempotent.
    @Option(names = "--conf", paramLabel = "KEY=VALUE", scope = CommandLine.ScopeType.INHERIT,
        description = "A Spark configuration setting (repeatable).")
    void conf(Map<String, String> settings) {
        if (settings != null) {
            conf.putAll(settings);
        }
    }

    /** Opens the Spark session for a subcommand. */
    SparkSessions.Handle spark(String command) {
        return spark(command, Map.of());
    }

    /**
     * Opens the Spark session with settings from a config file under the command line's {@code --conf}; a session
     * started here prints its UI address once on the error stream.
     */
    SparkSessions.Handle spark(String command, Map<String, String> fileSettings) {
        conf.keySet().stream().filter(k -> !k.startsWith("spark.")).findFirst().ifPresent(k -> {
            throw new UsageException("--conf " + k + ": Spark settings start with 'spark.'");
        });
        Map<String, String> settings = new LinkedHashMap<>(fileSettings);
        settings.putAll(conf);
        SparkSessions.Handle handle = SparkSessions.open("dlspark " + command, master, settings);
        handle.uiUrl().ifPresent(url -> {
            spec.commandLine().getErr().println("dlspark " + command + ": Spark UI at " + url);
            spec.commandLine().getErr().flush();
        });
        return handle;
    }

    /**
     * A Hadoop configuration for checks made before Spark starts: Hadoop's defaults with the {@code spark.hadoop.*}
     * system properties and {@code --conf} settings, as Spark will build it.
     */
    org.apache.hadoop.conf.Configuration hadoopConf() {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        Map<String, String> settings = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> settings.put(k, System.getProperty(k)));
        settings.putAll(conf);
        settings.forEach((key, value) -> {
            if (key.startsWith("spark.hadoop.")) {
                hadoop.set(key.substring("spark.hadoop.".length()), value);
            }
        });
        return hadoop;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting the JVM. */
    public static int run(String... args) {
        return execute(newCommandLine(), args);
    }

    /** Runs the command line with its output and errors sent to the given writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = newCommandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return execute(cli, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new DlsparkCli());
        cli.setExecutionExceptionHandler(DlsparkCli::handleFailure);
        cli.setParameterExceptionHandler(DlsparkCli::handleParseError);
        return cli;
    }

    /**
     * Runs the command line; an {@link OutOfMemoryError} (an Error, which picocli lets through) becomes one line with
     * a sizing hint and exit code 1.
     */
    static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            cli.getErr().println("dlspark: failed: out of memory (" + Redactor.redact(String.valueOf(e.getMessage())) + "); "
                + sizingHint(e));
            cli.getErr().flush();
            return EXIT_FAILURE;
        }
    }

    /** Which memory ran out, and which setting raises it. */
    static String sizingHint(OutOfMemoryError e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Physical") || message.contains("maxbytes") || message.contains("Pointer")
            || message.contains("Direct buffer")) {
            return "ND4J's off-heap memory is full: raise -Dorg.bytedeco.javacpp.maxbytes and maxphysicalbytes "
                + "(conf/jvm.options, DLSPARK_JAVA_OPTS, or spark.executor.memoryOverhead on a cluster), "
                + "or use a smaller model or --batch-size";
        }
        return "the Java heap is full: raise -Xmx (DLSPARK_JAVA_OPTS, or spark.driver.memory with spark-submit), "
            + "or use a smaller model or --batch-size";
    }

    /**
     * A command line picocli cannot parse: one line naming the problem (unknown options first, since they often
     * cause the others) and where to find help, instead of the whole usage.
     */
    private static int handleParseError(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        java.util.List<String> unknown = command.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
        java.util.List<String> unmatched = command.getUnmatchedArguments();
        String problem;
        if (!unknown.isEmpty()) {
            problem = (unknown.size() == 1 ? "unknown option " : "unknown options ") + String.join(", ", unknown);
        } else if (!unmatched.isEmpty() && !command.getSubcommands().isEmpty()) {
            problem = "unknown subcommand '" + unmatched.get(0) + "' (one of: "
                + String.join(", ", command.getSubcommands().keySet()) + ")";
        } else {
            problem = ex.getMessage();
        }
        err.println(name + ": usage error: " + Redactor.redact(problem));
        err.println("Try '" + name + " --help'.");
        return EXIT_USAGE;
    }

    private static int handleFailure(Exception ex, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandName();
        if (ex instanceof UsageException) {
            err.println("dlspark " + name + ": usage error: " + Redactor.redact(ex.getMessage()));
            err.println("Try 'dlspark " + name + " --help'.");
            return EXIT_USAGE;
        }
        if (ex instanceof RunInProgressException) {
            err.println("dlspark " + name + ": " + Redactor.redact(ex.getMessage()));
            return EXIT_RUN_IN_PROGRESS;
        }
        OutOfMemoryError outOfMemory = outOfMemory(ex);
        err.println("dlspark " + name + ": failed: " + Redactor.redact(describe(ex))
            + (outOfMemory == null ? "" : "; " + sizingHint(outOfMemory)));
        if (!(ex instanceof io.dlspark.core.DlsparkException) && outOfMemory == null) {
            if ("1".equals(System.getenv("DLSPARK_DEBUG"))) {
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                err.print(Redactor.redact(trace.toString()));
            } else {
                err.println("(an unexpected " + ex.getClass().getSimpleName() + "; DLSPARK_DEBUG=1 prints its stack trace)");
            }
        }
        return EXIT_FAILURE;
    }

    /** The {@link OutOfMemoryError} among the causes of {@code ex} (as a Spark task's reaches the driver), or null. */
    private static OutOfMemoryError outOfMemory(Throwable ex) {
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    private static String describe(Throwable ex) {
        StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
        for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ")
                    .append(cause.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    /** Prints dlspark's, DL4J's, Spark's and Java's versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dlspark " + Versions.dlspark(), "Deeplearning4j " + Versions.deeplearning4j(),
                "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(), "Java " + Versions.java()};
        }
    }
}
