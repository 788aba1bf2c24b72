package io.dlspark.text;

import io.dlspark.core.shard.ShardColumns;
import io.dlspark.core.shard.Split;
import io.dlspark.core.shard.TextFeatureKind;
import io.dlspark.core.shard.TextFeatures;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits dlspark's two text vectorisers with Spark ML on the training split and saves them beside the shards: TF-IDF
 * (output {@link #FEATURES}) and token ids (output {@link #WORDS}, mapped by {@link TokenIds}).
 */
public final class TextPipelines {
    /** Tokens: runs of letters or digits, and runs of {@code $} or {@code !} (spam signals). */
    public static final String TOKEN_PATTERN = "[\\p{L}\\p{N}]+|[$!]+";
    /** The TF-IDF vector column. */
    public static final String FEATURES = "features";
    /** The token column after stop-word removal. */
    public static final String WORDS = "words";
    /** Where the pipelines are saved, relative to the shard set's root. */
    public static final String FOLDER = "features";
    private static final String TOKENS = "tokens";

    private TextPipelines() {
    }

    /** Fits both pipelines on {@code train} (the training shards), saves them under {@code root} and describes them. */
    public static TextFeatures fit(Dataset<Row> train, Path root, TextVectorizerSettings settings) throws IOException {
        long documents = train.count();
        PipelineModel tfidf = new Pipeline().setStages(tfidfStages(settings)).fit(train);
        String tfidfPath = FOLDER + "/" + TextFeatureKind.TFIDF.cliName();
        tfidf.write().save(new Path(root, tfidfPath).toString());
        int tfidfSize = 0;
        for (var stage : tfidf.stages()) {
            if (stage instanceof CountVectorizerModel counts) {
                tfidfSize += counts.vocabulary().length;
            }
        }
        PipelineModel tokens = new Pipeline().setStages(tokenStages(settings)).fit(train);
        String tokensPath = FOLDER + "/" + TextFeatureKind.TOKEN_IDS.cliName();
        tokens.write().save(new Path(root, tokensPath).toString());
        int tokenIds = TokenIds.of(tokens, settings.sequenceLength()).vocabularySize();
        return new TextFeatures(Split.TRAIN.dirName(), documents, TOKEN_PATTERN, settings.removeStopWords(),
            settings.ngrams(), settings.minDocFrequency(), List.of(
                new TextFeatures.Vectorizer(TextFeatureKind.TFIDF, tfidfPath, tfidfSize, null),
                new TextFeatures.Vectorizer(TextFeatureKind.TOKEN_IDS, tokensPath, tokenIds, settings.sequenceLength())));
    }

    private static PipelineStage[] tfidfStages(TextVectorizerSettings settings) {
        List<PipelineStage> stages = new ArrayList<>(words(settings));
        stages.add(counts(WORDS, "tf1", settings.vocabularySize(), settings.minDocFrequency()));
        String tf = "tf1";
        if (settings.ngrams() == 2) {
            stages.add(new NGram().setN(2).setInputCol(WORDS).setOutputCol("bigrams"));
            stages.add(counts("bigrams", "tf2", settings.vocabularySize(), settings.minDocFrequency()));
            stages.add(new VectorAssembler().setInputCols(new String[] {"tf1", "tf2"}).setOutputCol("tf"));
            tf = "tf";
        }
        stages.add(new IDF().setInputCol(tf).setOutputCol("tfidf"));
        stages.add(new Normalizer().setP(2.0).setInputCol("tfidf").setOutputCol(FEATURES));
        return stages.toArray(new PipelineStage[0]);
    }

    private static PipelineStage[] tokenStages(TextVectorizerSettings settings) {
        List<PipelineStage> stages = new ArrayList<>(words(settings));
        stages.add(counts(WORDS, "counts", settings.tokenVocabularySize(), settings.minDocFrequency()));
        return stages.toArray(new PipelineStage[0]);
    }

    private static List<PipelineStage> words(TextVectorizerSettings settings) {
        RegexTokenizer tokenizer = new RegexTokenizer().setInputCol(ShardColumns.TEXT).setOutputCol(TOKENS)
            .setPattern(TOKEN_PATTERN).setGaps(false).setToLowercase(true).setMinTokenLength(1);
        StopWordsRemover remover = new StopWordsRemover().setInputCol(TOKENS).setOutputCol(WORDS);
        if (!settings.removeStopWords()) {
            remover.setStopWords(new String[0]);
        }
        return List.of(tokenizer, remover);
    }

    private static CountVectorizer counts(String input, String output, int vocabulary, int minDocFrequency) {
        return new CountVectorizer().setInputCol(input).setOutputCol(output).setVocabSize(vocabulary)
            .setMinDF(minDocFrequency);
    }
}
