package io.threatloop.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries of docs/ARCHITECTURE.md, checked over the whole project (the cli's
 * test class path holds every module).
 */
class ArchitectureTest {

    private static final String[] SERVICES = {
            "io.threatloop.scanner..", "io.threatloop.model..", "io.threatloop.risk..", "io.threatloop.notifier.."};
    private static final String[] FRAMEWORKS = {
            "io.quarkus..", "jakarta..", "io.smallrye..", "io.vertx..", "org.hibernate..", "org.apache.kafka..",
            "org.eclipse.microprofile.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProject() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.threatloop");
    }

    @Test
    void servicesNeverImportEachOther() {
        slices().matching("io.threatloop.(scanner|model|risk|notifier)..").should().notDependOnEachOther()
                .check(classes);
    }

    @Test
    void theDomainLibraryImportsNoFrameworkAndNoService() {
        noClasses().that().resideInAPackage("io.threatloop.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(classes);
        noClasses().that().resideInAPackage("io.threatloop.analysis..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
    }

    @Test
    void theSourcesLibraryImportsNoFrameworkAndNoService() {
        noClasses().that().resideInAPackage("io.threatloop.sources..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS).check(classes);
        noClasses().that().resideInAPackage("io.threatloop.sources..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
    }

    @Test
    void theContractsImportNothingElseOfTheProject() {
        noClasses().that().resideInAPackage("io.threatloop.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("io.threatloop.analysis..",
                        "io.threatloop.eventstore..", "io.threatloop.testsupport..", "io.threatloop.runtime..",
                        "io.threatloop.cli..", "io.threatloop.sources..",
                        "io.threatloop.api..",
                        "io.threatloop.scanner..", "io.threatloop.model..", "io.threatloop.risk..",
                        "io.threatloop.notifier..")
                .check(classes);
    }

    @Test
    void theCommandLineToolUsesNoServiceCode() {
        noClasses().that().resideInAPackage("io.threatloop.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
    }

    /** The shipped tool carries no test helpers: the servers it runs come from the runtime module. */
    @Test
    void theCommandLineToolAndTheRuntimeUseNoTestSupport() {
        noClasses().that().resideInAnyPackage("io.threatloop.cli..", "io.threatloop.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.threatloop.testsupport..").check(classes);
        noClasses().that().resideInAPackage("io.threatloop.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
    }

    @Test
    void theEventStoreKnowsNoService() {
        noClasses().that().resideInAPackage("io.threatloop.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
    }

    @Test
    void theApiSupportKnowsNoServiceAndNoDomain() {
        noClasses().that().resideInAPackage("io.threatloop.api..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES).check(classes);
        noClasses().that().resideInAPackage("io.threatloop.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.threatloop.analysis..",
                        "io.threatloop.eventstore..", "io.threatloop.sources..").check(classes);
    }
}
