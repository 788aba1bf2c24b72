package io.dlspark.core.catalog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;
import io.dlspark.core.gen.GenerativeSpec;
import io.dlspark.core.model.CatalogSpec;
import io.dlspark.core.model.ModelInput;
import io.dlspark.core.model.ModelSpec;
import io.dlspark.core.model.OptimizerConfig;
import io.dlspark.core.model.SpecHeader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The models {@code --model} accepts: a spec file path, or the name of a spec in {@code conf/models/} (see {@link
 * SpecSources}). A spec is HOCON whose {@code kind} picks the family ({@link ModelFamilies}); errors name the key as
 * {@code models.<name>.<key>}.
 */
public final class ModelCatalog {
    private ModelCatalog() {
    }

    public static ModelSpec resolve(String nameOrFile) {
        return resolve(nameOrFile, Map.of());
    }

    /**
     * The classifier spec with some keys replaced, for example {@code dropout -> 0.3}, {@code layers.0.size -> 128} or
     * {@code optimizer.learning-rate -> 0.01} (see {@link ConfigOverrides}); unknown keys are errors naming the key,
     * and a generative model is a usage error.
     */
    public static ModelSpec resolve(String nameOrFile, Map<String, Object> overrides) {
        return as(ModelSpec.class, resolveAny(nameOrFile, overrides), "a classifier");
    }

    /**
     * The HOCON text of the spec with some keys replaced, validated first: a spec file that {@link #resolve} reads
     * back as the same model, for a run that takes a model by name or file only (a distributed tuning trial).
     */
    public static String render(String nameOrFile, Map<String, Object> overrides) {
        SpecSources.Source source = source(nameOrFile);
        parse(source, overrides);
        return ConfigOverrides.apply(read(source), overrides, "models." + source.name()).root()
            .render(ConfigRenderOptions.defaults().setOriginComments(false));
    }

    /** The generative model spec; a classifier is a usage error. */
    public static GenerativeSpec resolveGenerative(String nameOrFile, Map<String, Object> overrides) {
        return as(GenerativeSpec.class, resolveAny(nameOrFile, overrides), "a generative model (gan-mlp, dcgan, vae-mlp)");
    }

    /** The spec of any family, classifier or generative, with some keys replaced as for {@link #resolve(String, Map)}. */
    public static CatalogSpec resolveAny(String nameOrFile, Map<String, Object> overrides) {
        return parse(source(nameOrFile), overrides);
    }

    private static SpecSources.Source source(String nameOrFile) {
        return SpecSources.looksLikePath(nameOrFile) ? SpecSources.file(Path.of(nameOrFile))
            : SpecSources.named(nameOrFile).orElseThrow(() -> new UsageException("--model: unknown model '" + nameOrFile
                + "' (known: " + String.join(", ", names()) + "; or give a spec file path)"));
    }

    /** The names of the shipped and local model specs, sorted. */
    public static List<String> names() {
        return SpecSources.names();
    }

    private static <T extends CatalogSpec> T as(Class<T> type, CatalogSpec spec, String expected) {
        if (!type.isInstance(spec)) {
            throw new UsageException("--model: '" + spec.name() + "' (kind " + spec.kind() + ") is not " + expected);
        }
        return type.cast(spec);
    }

    static CatalogSpec parse(SpecSources.Source source, Map<String, Object> overrides) {
        String key = "models." + source.name();
        Config config = ConfigOverrides.apply(read(source), overrides, key);
        Params params = new Params(config, key, "a model spec");
        String kind = params.string("kind");
        String description = params.string("description", kind + " model");
        OptimizerConfig optimizer = params.has("optimizer")
            ? OptimizerConfig.parse(new Params(params.object("optimizer"), params.key("optimizer"), "the optimizer"))
            : OptimizerConfig.adam(1e-3);
        ModelInput example = params.has("example-input")
            ? ModelInput.parse(params.string("example-input"), params.key("example-input"))
            : new ModelInput.ImageInput(new io.dlspark.core.data.ImageShape(28, 28, 1));
        SpecHeader header = new SpecHeader(source.name(), key, kind, description, optimizer, example);
        CatalogSpec spec = ModelFamilies.of(kind, params.key("kind")).parse(header, params);
        params.rejectUnknownKeys();
        return spec;
    }

    private static Config read(SpecSources.Source source) {
        try {
            return ConfigFactory.parseString(source.text(),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(source.origin())).resolve();
        } catch (ConfigException e) {
            throw new UsageException("model spec " + source.origin() + ": " + e.getMessage(), e);
        }
    }
}
