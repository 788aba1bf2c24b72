package io.dlspark.cli;

import io.dlspark.spark.SparkSessions;
import io.dlspark.text.WordPieceVocabularyJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code dlspark vocab}: a WordPiece vocab.txt for DL4J's BERT tokenizer, counted by a Spark job over text files. */
@Command(name = "vocab", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
    description = "Build a WordPiece vocab.txt (for DL4J's BertWordPieceTokenizerFactory) from UTF-8 text files: "
        + "[PAD]=0, [UNK]=1, [CLS], [SEP], [MASK], every character seen, then the most frequent pieces.")
final class VocabCommand implements Callable<Integer> {
    @ParentCommand
    DlsparkCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "URI",
        description = "Text files (a file, a folder or a glob such as data/sotu/*.txt), or a text shard set written by "
            + "ingest (its training split only).")
    String input;

    @Option(names = "--output", paramLabel = "URI",
        description = "The vocab.txt to write (atomically); default for a shard set: <input>/vocab.txt.")
    String output;

    @Option(names = "--size", paramLabel = "N", description = "Tokens in the vocabulary, at most.")
    int size = 8192;

    @Option(names = "--max-piece-length", paramLabel = "N", description = "Longest word piece, in characters.")
    int maxPieceLength = 8;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the lines first (0: as read).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        WordPieceVocabularyJob.Request request = new WordPieceVocabularyJob.Request(input, output, size,
            maxPieceLength, partitions);
        request.check(root.hadoopConf());
        try (SparkSessions.Handle spark = root.spark("vocab")) {
            List<String> vocabulary = new WordPieceVocabularyJob(spark.session()).run(request);
            spec.commandLine().getOut().printf("wrote %s (%d tokens)%n", output != null ? output
                : input.replaceAll("/+$", "") + "/" + WordPieceVocabularyJob.FILE_NAME, vocabulary.size());
        }
        return DlsparkCli.EXIT_OK;
    }
}
