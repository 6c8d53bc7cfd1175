package io.hexhttp.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;

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
          .resideInAnyPackage(
              "java.net..", "java.nio.file..", "java.nio.channels..", "java.util.concurrent..")
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
          .resideInAnyPackage(
              "java.net..",
              "java.nio.channels..",
              "io.hexhttp.transport..",
              "io.hexhttp.cli..",
              "dagger..",
              "jakarta..");

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

  /**
   * Each transport is a driver of the one engine, not a variant of another transport: the event
   * loop and the blocking driver share nothing but the engine (core) and the server's Site
   * (internal), and neither reaches back into the server or the test kit.
   */
  @ArchTest
  static final ArchRule noTransportImportsAnother =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.transport.loop..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.hexhttp.transport.blocking..", "io.hexhttp.transport")
          .because("the event loop drives the engine and hands blocking work to the server");

  @ArchTest
  static final ArchRule theBlockingTransportImportsNoOther =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.transport.blocking..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.hexhttp.transport.loop..", "io.hexhttp.transport")
          .because(
              "the blocking driver drives the engine and knows nothing of the other transports");

  /** The engine and the codec take time as values; only the drivers read a clock. */
  @ArchTest
  static final ArchRule coreReadsNoClock =
      noClasses()
          .that()
          .resideInAPackage("io.hexhttp.core..")
          .should()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .orShould()
          .callMethodWhere(readsTheTimeNow());

  /**
   * {@code now()} of any java.time type ({@code Instant.now()}, {@code LocalDateTime.now(zone)}).
   */
  private static DescribedPredicate<JavaMethodCall> readsTheTimeNow() {
    return DescribedPredicate.describe(
        "now() of a java.time type",
        call ->
            call.getTarget().getName().equals("now")
                && call.getTarget().getOwner().getPackageName().equals("java.time"));
  }

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.hexhttp.(**)").should().beFreeOfCycles();
}
