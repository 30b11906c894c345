package io.textlstm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shipped classes read as the flow data → text → model → eval → train → export → client/serve: a step imports only
 * steps before it (serve may also import client), the root package {@code io.textlstm} is importable by all and
 * imports none of them, and nothing imports {@code cli}, the command-line shell on top (the README's
 * architecture diagram). Inside {@code data}, the shared types ({@code io.textlstm.data}) come first, the IMDB
 * readers ({@code data.imdb}) build on them, and the loader ({@code data.load}) that picks a reader builds on both;
 * no two packages import each other, directly or around a circle. Inside {@code serve}, the serving core
 * ({@code serve.core}) imports no front end, each front end ({@code serve.rest}, {@code serve.grpc}) imports the core
 * and no other front end, and the server ({@code io.textlstm.serve}) assembles them.
 */
@AnalyzeClasses(packages = "io.textlstm",
        importOptions = ImportOption.DoNotIncludeTests.class)
class PackageFlowTest {

    @ArchTest
    static final ArchRule stepsImportOnlyEarlierSteps = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("data").definedBy("io.textlstm.data..")
            .layer("text").definedBy("io.textlstm.text..")
            .layer("model").definedBy("io.textlstm.model..")
            .layer("eval").definedBy("io.textlstm.eval..")
            .layer("train").definedBy("io.textlstm.train..")
            .layer("export").definedBy("io.textlstm.export..")
            .layer("client").definedBy("io.textlstm.client..")
            .optionalLayer("serve").definedBy("io.textlstm.serve..")
            .layer("cli").definedBy("io.textlstm.cli..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("serve").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("client").mayOnlyBeAccessedByLayers("serve", "cli")
            .whereLayer("export").mayOnlyBeAccessedByLayers("client", "serve", "cli")
            .whereLayer("train").mayOnlyBeAccessedByLayers("export", "client", "serve", "cli")
            .whereLayer("eval").mayOnlyBeAccessedByLayers("train", "export", "client", "serve", "cli")
            .whereLayer("model").mayOnlyBeAccessedByLayers("eval", "train", "export", "client", "serve", "cli")
            .whereLayer("text").mayOnlyBeAccessedByLayers("model", "eval", "train", "export", "client", "serve", "cli")
            .whereLayer("data").mayOnlyBeAccessedByLayers("text", "model", "eval", "train", "export", "client", "serve",
                    "cli");

    @ArchTest
    static final ArchRule dataSourcesBuildOnTheSharedTypes = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("data types").definedBy("io.textlstm.data")
            .layer("data.imdb").definedBy("io.textlstm.data.imdb..")
            .layer("data.load").definedBy("io.textlstm.data.load..")
            .whereLayer("data.load").mayNotBeAccessedByAnyLayer()
            .whereLayer("data.imdb").mayOnlyBeAccessedByLayers("data.load");

    @ArchTest
    static final ArchRule frontEndsShareTheServingCore = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("server").definedBy("io.textlstm.serve")
            .layer("serve.rest").definedBy("io.textlstm.serve.rest..")
            .optionalLayer("serve.grpc").definedBy("io.textlstm.serve.grpc..")
            .layer("serve.core").definedBy("io.textlstm.serve.core..")
            .whereLayer("server").mayNotBeAccessedByAnyLayer()
            .whereLayer("serve.rest").mayOnlyBeAccessedByLayers("server")
            .whereLayer("serve.grpc").mayOnlyBeAccessedByLayers("server")
            .whereLayer("serve.core").mayOnlyBeAccessedByLayers("server", "serve.rest", "serve.grpc")
            .because("REST and gRPC are two front ends over one serving core: a second front end must not need the first");

    @ArchTest
    static final ArchRule serveHoldsTheCoreAndItsFrontEnds = classes()
            .that().resideInAPackage("io.textlstm.serve..")
            .should().resideInAnyPackage("io.textlstm.serve", "io.textlstm.serve.core", "io.textlstm.serve.rest",
                    "io.textlstm.serve.grpc..")
            .because("a new serve package must be placed among the core and the front ends (and in the rule above)");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.textlstm.(**)")
            .should().beFreeOfCycles()
            .because("a cycle makes two packages one: neither can be read, tested or moved without the other");

    @ArchTest
    static final ArchRule nothingImportsTheCli = noClasses()
            .that().resideOutsideOfPackage("io.textlstm.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.textlstm.cli..")
            .because("cli is a thin shell on top of the library; a Java caller must not need it");

    @ArchTest
    static final ArchRule onlyTheCliUsesPicocli = noClasses()
            .that().resideOutsideOfPackage("io.textlstm.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("the library's settings are plain records; how a user spells them is the command line's business");

    @ArchTest
    static final ArchRule rootImportsNoStep = noClasses()
            .that().resideInAPackage("io.textlstm")
            .should().dependOnClassesThat().resideInAPackage("io.textlstm.*..")
            .because("every step may import the root package, so it must not import a step");

    @ArchTest
    static final ArchRule everyPackageHasAPlaceInTheFlow = classes()
            .should().resideInAnyPackage("io.textlstm", "io.textlstm.data", "io.textlstm.data.imdb",
                    "io.textlstm.data.load", "io.textlstm.text..", "io.textlstm.model..", "io.textlstm.eval..",
                    "io.textlstm.train..", "io.textlstm.export..", "io.textlstm.client..", "io.textlstm.serve..",
                    "io.textlstm.cli..")
            .because("a new package must be placed in the flow (and in the layers above) to be checked");
}
