package dev.parley.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package rules of SPEC §1 and STYLE.md, checked on the compiled classes. */
class ArchitectureTest {
    static JavaClasses spi;
    static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        spi = importer.importPackages("dev.parley.compaction.spi");
        core = importer.importPackages("dev.parley.core");
    }

    @Test
    void compactionSpiDependsOnTheJdkOnly() {
        // The testkit ships in the SPI's test-jar (JUnit + AssertJ by design); DO_NOT_INCLUDE_TESTS skips only
        // test-classes directories, not that jar once it is on core's test class path.
        classes().that().resideInAPackage("dev.parley.compaction.spi..")
                .and().resideOutsideOfPackage("dev.parley.compaction.spi.testkit..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.parley.compaction.spi..")
                .allowEmptyShould(true)
                .check(spi);
    }

    @Test
    void coreUsesNoQuarkusCdiOrHttpTypes() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "javax.ws..",
                        "io.vertx..", "org.jboss.resteasy..")
                .check(core);
    }

    @Test
    void coreNeverCompilesAgainstTheBuiltInCompactionPlugins() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.compaction.auto..",
                        "dev.parley.compaction.prune..", "dev.parley.app..")
                .check(core);
    }

    @Test
    void coreLogicNeverReadsTheWallClockDirectly() {
        noClasses().that().resideInAPackage("dev.parley.core..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(core);
    }
}
