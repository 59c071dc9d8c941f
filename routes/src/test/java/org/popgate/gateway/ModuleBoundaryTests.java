package org.popgate.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of the design, enforced on the compiled classes of every module. */
class ModuleBoundaryTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.popgate");
    }

    @Test
    void cryptoAndAuditKnowNeitherSpringNorCamel() {
        ArchRule rule = noClasses().that().resideInAnyPackage("org.popgate.crypto..", "org.popgate.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..");
        rule.check(classes);
    }

    @Test
    void cryptoDependsOnNothingOfOurs() {
        ArchRule rule = noClasses().that().resideInAPackage("org.popgate.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("org.popgate.audit..", "org.popgate.adapters..",
                        "org.popgate.gateway..", "org.popgate.tools..");
        rule.check(classes);
    }

    @Test
    void auditDependsOnCryptoAtMost() {
        ArchRule rule = noClasses().that().resideInAPackage("org.popgate.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("org.popgate.adapters..", "org.popgate.gateway..",
                        "org.popgate.tools..");
        rule.check(classes);
    }

    @Test
    void adaptersNeverDependOnTheApplication() {
        ArchRule rule = noClasses().that().resideInAPackage("org.popgate.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("org.popgate.gateway..", "org.popgate.tools..");
        rule.check(classes);
    }
}
