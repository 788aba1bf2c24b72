package io.dlspark.core.catalog;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores model artifacts in a separate JVM whose class path is this test's minus every dlspark class folder and jar:
 * a single-file Java program that uses only DL4J's {@code ModelSerializer} and ND4J.
 */
final class PlainJvm {
    private static final String PROGRAM = """
        import java.io.File;
        import org.deeplearning4j.util.ModelSerializer;
        import org.nd4j.linalg.api.ndarray.INDArray;
        import org.nd4j.linalg.factory.Nd4j;

        public class Score {
            public static void main(String[] args) throws Exception {
                try {
                    Class.forName("io.dlspark.core.nn.Networks");
                    System.exit(3);
                } catch (ClassNotFoundException expected) {
                    // no dlspark class is reachable
                }
                for (int i = 1; i < args.length; i++) {
                    String[] model = args[i].split(":");
                    File dir = new File(args[0], model[0]);
                    File zip = new File(dir, "model.zip");
                    INDArray input = Nd4j.readBinary(new File(dir, "input.bin"));
                    INDArray output = model[1].equals("GRAPH")
                        ? ModelSerializer.restoreComputationGraph(zip, false).outputSingle(input)
                        : ModelSerializer.restoreMultiLayerNetwork(zip, false).output(input);
                    Nd4j.saveBinary(output, new File(dir, "output.bin"));
                }
            }
        }
        """;

    private PlainJvm() {
    }

    /** Runs the program on {@code models} ({@code <folder>:<MULTI_LAYER|GRAPH>} under {@code root}); fails on error. */
    static void score(Path root, List<String> models) throws IOException, InterruptedException {
        Path program = root.resolve("Score.java");
        Files.writeString(program, PROGRAM);
        String classPath = plainClassPath();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dorg.bytedeco") || a.startsWith("-Xmx"))
            .forEach(command::add);
        command.addAll(List.of("-cp", classPath, program.toString(), root.toString()));
        command.addAll(models);
        Path log = root.resolve("score.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = process.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "the plain JVM did not end; its log: " + Files.readString(log));
        int exit = process.exitValue();
        assertEquals(0, exit, "the plain JVM ended with exit code " + exit + (exit == 3 ? " (a dlspark class was reachable)"
            : "") + "; its log: " + Files.readString(log));
    }

    /** This test's class path without dlspark's own class folders and jars. */
    private static String plainClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = Arrays.stream(full.split(File.pathSeparator))
            .filter(entry -> !entry.contains(File.separator + "target" + File.separator)
                && !entry.contains(File.separator + "io" + File.separator + "dlspark" + File.separator))
            .collect(Collectors.toList());
        assertFalse(kept.isEmpty(), "no class path entries left");
        assertTrue(kept.stream().anyMatch(e -> new File(e).getName().startsWith("deeplearning4j-nn-")), kept.toString());
        return String.join(File.pathSeparator, kept);
    }
}
