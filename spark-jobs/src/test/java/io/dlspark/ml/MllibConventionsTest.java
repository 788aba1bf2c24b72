package io.dlspark.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimators and models follow MLlib's conventions that Java users and PySpark's JavaEstimator/JavaModel wrappers
 * rely on: uid constructors, a Java getter and setter for every Param, static read()/load(), MLWritable.
 */
class MllibConventionsTest {
    private static final List<Class<? extends Params>> STAGES = List.of(DlsparkClassifier.class, DlsparkRegressor.class,
        DlsparkClassificationModel.class, DlsparkRegressionModel.class);

    @Test
    void everyParamHasAJavaGetterAndAChainableSetter() {
        List<String> missing = new ArrayList<>();
        for (Class<? extends Params> stage : STAGES) {
            Set<String> params = paramNames(stage);
            assertTrue(params.contains("featuresCol") && params.contains("predictionCol"), stage + ": " + params);
            for (String name : params) {
                String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
                if (publicMethods(stage, "get" + suffix, 0).isEmpty()) {
                    missing.add(stage.getSimpleName() + ".get" + suffix + "()");
                }
                List<Method> setters = publicMethods(stage, "set" + suffix, 1);
                if (setters.isEmpty() || setters.stream().noneMatch(m -> m.getReturnType().isAssignableFrom(stage))) {
                    missing.add(stage.getSimpleName() + ".set" + suffix + "(value) returning the stage");
                }
            }
        }
        assertEquals(List.of(), missing, "Params without a Java getter or setter");
    }

    @Test
    void estimatorParamsAreNamedAsTheirAccessorsAndThereAreNoOthers() {
        for (Params estimator : List.of(new DlsparkClassifier(), new DlsparkRegressor())) {
            Set<String> declared = Arrays.stream(estimator.params()).map(Param::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(paramNames(estimator.getClass()), declared,
                "Params.getParam(name), which PySpark's wrappers call, finds each param by its accessor's name");
            assertTrue(declared.containsAll(List.of("labelCol", "model", "epochs", "learningRate", "seed")), declared.toString());
        }
        assertTrue(paramNames(DlsparkClassificationModel.class).containsAll(List.of("probabilityCol", "rawPredictionCol")));
    }

    @Test
    void estimatorsHaveUidAndNoArgConstructorsAndModelsAUidFirstConstructor() throws Exception {
        for (Class<? extends Params> estimator : List.of(DlsparkClassifier.class, DlsparkRegressor.class)) {
            assertEquals("my-uid", estimator.getConstructor(String.class).newInstance("my-uid").uid());
            assertTrue(estimator.getConstructor().newInstance().uid().startsWith("dlspark"), estimator.getSimpleName());
        }
        for (Class<? extends Params> model : List.of(DlsparkClassificationModel.class, DlsparkRegressionModel.class)) {
            assertTrue(Arrays.stream(model.getConstructors()).anyMatch(c -> c.getParameterCount() > 0
                && c.getParameterTypes()[0] == String.class), model.getSimpleName() + " has a public (uid, ...) constructor");
        }
    }

    @Test
    void everyStageHasStaticReadAndLoadAndIsWritable() throws Exception {
        for (Class<? extends Params> stage : STAGES) {
            Method read = stage.getMethod("read");
            assertTrue(Modifier.isStatic(read.getModifiers()) && MLReader.class.isAssignableFrom(read.getReturnType()),
                stage.getSimpleName() + ".read()");
            Method load = stage.getMethod("load", String.class);
            assertTrue(Modifier.isStatic(load.getModifiers()) && load.getReturnType() == stage, stage.getSimpleName() + ".load(path)");
            assertTrue(MLWritable.class.isAssignableFrom(stage), stage.getSimpleName() + " is MLWritable");
        }
    }

    /** The names of the public no-argument methods returning a Param: how Spark's {@code Params.params} finds them. */
    private static Set<String> paramNames(Class<?> stage) {
        return Arrays.stream(stage.getMethods())
            .filter(m -> m.getParameterCount() == 0 && Param.class.isAssignableFrom(m.getReturnType())
                && !Modifier.isStatic(m.getModifiers()))
            .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Method> publicMethods(Class<?> stage, String name, int arity) {
        return Arrays.stream(stage.getMethods())
            .filter(m -> m.getName().equals(name) && m.getParameterCount() == arity && !Modifier.isStatic(m.getModifiers()))
            .toList();
    }
}
