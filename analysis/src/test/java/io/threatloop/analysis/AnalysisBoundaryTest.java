package io.threatloop.analysis;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The domain library is plain Java: no framework, no service, no messaging or persistence. */
class AnalysisBoundaryTest {

    @Test
    void analysisImportsNoFrameworkAndNoService() {
        classes().that().resideInAPackage("io.threatloop.analysis..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.threatloop.analysis..", "io.threatloop.contracts..", "java..",
                        "com.fasterxml.jackson..", "org.yaml.snakeyaml..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.threatloop.analysis"));
    }
}
