package io.dlspark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package map as rules over every main class of every module (all are on this module's test classpath): no
 * package loops, dl-core free of Spark and of the modules above it, and the spark-jobs layers depending downwards.
 */
class ArchitectureTest {
    private static final String SPARK = "org.apache.spark..";
    private static final String[] ABOVE_LIBRARIES = {
        "io.dlspark.engine..", "io.dlspark.train..", "io.dlspark.jobs..", "io.dlspark.cli..", "io.dlspark.pipeline.."};

    /** Every package is its own slice: no two packages may import each other, directly or through others. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.dlspark.(**)").should().beFreeOfCycles();

    /** Top-level areas (core, tuning, jobs, train, ...) with their subpackages: no loop between areas either. */
    static final ArchRule NO_AREA_CYCLES = slices().matching("io.dlspark.(*)..").should().beFreeOfCycles();

    static final ArchRule CORE_STANDS_ALONE = noClasses().that().resideInAPackage("io.dlspark.core..")
        .should().dependOnClassesThat(resideInAPackage("io.dlspark..").and(not(resideInAPackage("io.dlspark.core.."))))
        .orShould().dependOnClassesThat().resideInAPackage(SPARK);

    static final ArchRule LIBRARY_MODULES_WITHOUT_SPARK = noClasses()
        .that().resideInAnyPackage("io.dlspark.augment..", "io.dlspark.tuning..")
        .should().dependOnClassesThat().resideInAPackage(SPARK);

    static final ArchRule FEED_TEXT_SHARDS_BELOW_ENGINE = noClasses()
        .that().resideInAnyPackage("io.dlspark.feed..", "io.dlspark.text..", "io.dlspark.shards..")
        .should().dependOnClassesThat().resideInAnyPackage(ABOVE_LIBRARIES);

    static final ArchRule ENGINE_BELOW_TRAIN = noClasses().that().resideInAPackage("io.dlspark.engine..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.dlspark.train..", "io.dlspark.jobs..", "io.dlspark.cli..", "io.dlspark.pipeline..");

    static final ArchRule TRAIN_BELOW_JOBS = noClasses().that().resideInAPackage("io.dlspark.train..")
        .should().dependOnClassesThat().resideInAnyPackage("io.dlspark.jobs..", "io.dlspark.cli..", "io.dlspark.pipeline..");

    static final ArchRule CLI_ON_TOP = noClasses().that().resideOutsideOfPackage("io.dlspark.cli..")
        .should().dependOnClassesThat(resideInAnyPackage("io.dlspark.cli.."));

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.dlspark");
    }

    @Test
    void mainClassesOfEveryModuleAreImported() {
        for (String pkg : List.of("io.dlspark.core", "io.dlspark.augment", "io.dlspark.tuning", "io.dlspark.train",
            "io.dlspark.cli")) {
            assertTrue(mainClasses.containPackage(pkg), pkg + " not imported");
        }
        assertFalse(mainClasses.containPackage("io.dlspark.archfixture"), "test classes imported");
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(mainClasses);
    }

    @Test
    void noCyclesBetweenTopLevelAreas() {
        NO_AREA_CYCLES.check(mainClasses);
    }

    @Test
    void coreDependsOnNeitherSparkNorTheModulesAboveIt() {
        CORE_STANDS_ALONE.check(mainClasses);
    }

    @Test
    void augmentationAndTuningDoNotUseSpark() {
        LIBRARY_MODULES_WITHOUT_SPARK.check(mainClasses);
    }

    @Test
    void feedTextAndShardsAreLibrariesBelowTheEngine() {
        FEED_TEXT_SHARDS_BELOW_ENGINE.check(mainClasses);
    }

    @Test
    void engineDoesNotDependOnTrainingJobsOrCommands() {
        ENGINE_BELOW_TRAIN.check(mainClasses);
    }

    @Test
    void trainingDoesNotDependOnJobsOrCommands() {
        TRAIN_BELOW_JOBS.check(mainClasses);
    }

    @Test
    void onlyTheCommandLineDependsOnTheCommandLine() {
        CLI_ON_TOP.check(mainClasses);
    }

    @Test
    void theCycleRulesReportADeliberateLoop() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("io.dlspark.archfixture", "io.dlspark.archfixtwo");
        // archfixture.a <-> archfixture.b: a loop between two packages.
        EvaluationResult packages = NO_PACKAGE_CYCLES.evaluate(fixtures);
        assertTrue(packages.hasViolation(), "package loop not reported");
        assertTrue(packages.getFailureReport().toString().contains("archfixture.a"), packages.getFailureReport().toString());
        // archfixture.x -> archfixtwo -> archfixture.z: no package loop, but a loop between the areas.
        EvaluationResult areas = NO_AREA_CYCLES.evaluate(fixtures);
        assertTrue(areas.hasViolation(), "area loop not reported");
        assertTrue(areas.getFailureReport().toString().contains("archfixtwo"), areas.getFailureReport().toString());
    }
}
