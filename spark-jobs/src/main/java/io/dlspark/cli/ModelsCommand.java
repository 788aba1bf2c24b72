package io.dlspark.cli;

import io.dlspark.core.catalog.ModelCatalog;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dlspark models list|describe}: the shipped model specs, and per-layer shapes, parameters and FLOPs. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List model specs or describe one.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Describe.class})
final class ModelsCommand {

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the model specs in conf/models.")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (String name : ModelCatalog.names()) {
                CatalogSpec model = ModelCatalog.resolveAny(name, Map.of());
                out.printf(Locale.ROOT, "%-18s %-10s %s%n", name, model.kind(), model.description());
            }
            out.flush();
            return DlsparkCli.EXIT_OK;
        }
    }

    /** {@code models describe}. */
    @Command(name = "describe", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Per-layer type, output shape, parameters and FLOPs; totals, training FLOPs per sample and activation memory.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME|FILE", description = "A model spec name or file.")
        String model;

        @Option(names = "--input", paramLabel = "HxWxC",
            description = "Input: HxWxC image, vector:N or tokens:LENGTH:VOCABULARY; default: the spec's example input.")
        String input;

        @Option(names = "--classes", paramLabel = "N", description = "Output classes.")
        int classes = 10;

        @Option(names = "--batch-size", paramLabel = "B", description = "Minibatch size for the activation memory estimate.")
        int batchSize = 64;

        @Override
        public Integer call() {
            ModelSpec model = ModelCatalog.resolve(this.model);
            ModelInput modelInput = input == null ? model.exampleInput() : ModelInput.parse(input, "--input");
            if (batchSize < 1) {
                throw new io.dlspark.core.UsageException("--batch-size: must be at least 1, got " + batchSize);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(model.summarize(modelInput, classes).render(batchSize));
            out.flush();
            return DlsparkCli.EXIT_OK;
        }
    }
}
