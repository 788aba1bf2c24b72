package io.dlspark.core.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.dlspark.core.UsageException;
import io.dlspark.core.config.Params;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The models {@code --model} accepts: a spec file path, or the name of a spec in {@code conf/models/} (see
 * {@link SpecSources} for where names are looked up). A spec file is HOCON with the keys {@code kind} (the family,
 * see {@link ModelFamilies}), {@code description}, {@code optimizer { ... }}, {@code example-input} and the family's
 * own keys; errors name the key as {@code models.<name>.<key>}.
 */
public final class ModelCatalog {
    private ModelCatalog() {
    }

    public static ModelSpec resolve(String nameOrFile) {
        return resolve(nameOrFile, Map.of());
    }

    /**
     * The spec with some keys replaced, for example {@code dropout -> 0.3}, {@code layers.0.size -> 128} or
     * {@code optimizer.learning-rate -> 0.01} (see {@link ConfigOverrides}); unknown keys are errors naming the key.
     */
    public static ModelSpec resolve(String nameOrFile, Map<String, Object> overrides) {
        SpecSources.Source source = SpecSources.looksLikePath(nameOrFile) ? SpecSources.file(Path.of(nameOrFile))
            : SpecSources.named(nameOrFile).orElseThrow(() -> new UsageException("--model: unknown model '" + nameOrFile
                + "' (known: " + String.join(", ", names()) + "; or give a spec file path)"));
        return parse(source, overrides);
    }

    /** The names of the shipped and local model specs, sorted. */
    public static List<String> names() {
        return SpecSources.names();
    }

    static ModelSpec parse(SpecSources.Source source, Map<String, Object> overrides) {
        String key = "models." + source.name();
        Config config;
        try {
            config = ConfigFactory.parseString(source.text(),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(source.origin())).resolve();
        } catch (ConfigException e) {
            throw new UsageException("model spec " + source.origin() + ": " + e.getMessage(), e);
        }
        config = ConfigOverrides.apply(config, overrides, key);
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
        ModelSpec spec = ModelFamilies.of(kind, params.key("kind")).parse(header, params);
        params.rejectUnknownKeys();
        return spec;
    }
}
