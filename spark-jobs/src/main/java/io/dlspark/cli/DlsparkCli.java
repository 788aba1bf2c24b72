package io.dlspark.cli;

import io.dlspark.core.UsageException;
import io.dlspark.core.Versions;
import io.dlspark.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code dlspark} command line. Exit codes: 0 success, 1 job failure, 2 usage or configuration error.
 */
@Command(name = "dlspark", mixinStandardHelpOptions = true, versionProvider = DlsparkCli.VersionProvider.class,
    showDefaultValues = true, sortOptions = false,
    description = "Deep-learning data preparation, training and tuning on Apache Spark.",
    subcommands = {IngestCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, CommandLine.HelpCommand.class})
public final class DlsparkCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master; default: spark.master from spark-submit, else " + SparkSessions.DEFAULT_MASTER + ".")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark configuration setting (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();

    /** Opens the Spark session for a subcommand. */
    SparkSessions.Handle spark(String command) {
        conf.keySet().stream().filter(k -> !k.startsWith("spark.")).findFirst().ifPresent(k -> {
            throw new UsageException("--conf " + k + ": Spark settings start with 'spark.'");
        });
        return SparkSessions.open("dlspark " + command, master, conf);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code, without exiting the JVM. */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** Runs the command line with its output and errors sent to the given writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = newCommandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new DlsparkCli());
        cli.setExecutionExceptionHandler(DlsparkCli::handleFailure);
        return cli;
    }

    private static int handleFailure(Exception ex, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandName();
        if (ex instanceof UsageException) {
            err.println("dlspark " + name + ": usage error: " + ex.getMessage());
            err.println("Try 'dlspark " + name + " --help'.");
            return EXIT_USAGE;
        }
        err.println("dlspark " + name + ": failed: " + describe(ex));
        if (!(ex instanceof io.dlspark.core.DlsparkException)) {
            ex.printStackTrace(err);
        }
        return EXIT_FAILURE;
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

    /** Prints dlspark's, Java's and DL4J's versions. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dlspark " + Versions.dlspark(), "Java " + Versions.java(),
                "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }
}
