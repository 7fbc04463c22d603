package io.threatloop.contracts;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The contracts module is the published language: it imports nothing else of the project and no framework. */
class ContractsBoundaryTest {

    @Test
    void contractsDependOnlyOnTheJdkAndJackson() {
        classes().that().resideInAPackage("io.threatloop.contracts..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.threatloop.contracts..", "java..", "com.fasterxml.jackson..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.threatloop.contracts"));
    }
}
