package io.hexhttp.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The hexagonal shape, checked: the build fails when a dependency points outward. */
@AnalyzeClasses(packages = "io.hexhttp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule coreUsesOnlyTheJdk =
      classes()
          .that()
          .resideInAPackage("io.hexhttp.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.hexhttp.core..", "java..")
          .because("http-core is the pure domain");

  @ArchTest
  static final ArchRule coreTouchesNoSocketsThreadsOrFiles =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..", "java.util.concurrent..")
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(Thread.class);

  @ArchTest
  static final ArchRule handlersTouchNoSockets =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.handlers..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.net..", "java.nio.channels..", "io.hexhttp.transport..", "io.hexhttp.cli..", "dagger..", "jakarta..");

  @ArchTest
  static final ArchRule transportSeesOnlyTheCore =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.transport..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.hexhttp.handlers..", "io.hexhttp.cli..", "dagger..", "jakarta..");

  @ArchTest
  static final ArchRule onlyTheCliKnowsDagger =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.hexhttp.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dagger..", "jakarta.inject..", "javax.inject..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.hexhttp.(**)").should().beFreeOfCycles();
}
