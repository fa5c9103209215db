package io.porthouse.it;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules docs/architecture.md states, checked on the compiled classes of every module:
 * verticles talk over the event bus and share only {@code core} and the libraries ({@code roomstate},
 * {@code hub}); the libraries know no verticle; {@code core} knows no library. Only the launcher,
 * which assembles a JVM, names verticles. Bodies on the bus are records of {@code core.bus}, and a room
 * operation answers one record per kind of answer ({@code RoomReply}).
 */
@AnalyzeClasses(packages = "io.porthouse", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutTest {

  private static final String[] VERTICLES = {
      "io.porthouse.auth..", "io.porthouse.rooms..", "io.porthouse.router..", "io.porthouse.ingress..", "io.porthouse.bridge.."};

  @ArchTest
  static final ArchRule verticlesDependOnNoOtherVerticle = slices()
      .matching("io.porthouse.(auth|rooms|router|ingress|bridge)..")
      .namingSlices("the $1 verticle")
      .should().notDependOnEachOther()
      .because("verticles talk only over the event bus; what two of them share is in core or a library");

  @ArchTest
  static final ArchRule librariesDependOnNoVerticle = noClasses()
      .that().resideInAnyPackage("io.porthouse.core..", "io.porthouse.roomstate..", "io.porthouse.hub..")
      .should().dependOnClassesThat().resideInAnyPackage(VERTICLES)
      .because("core, room state and the hub are libraries every verticle may use, so they use none");

  @ArchTest
  static final ArchRule coreDependsOnNoLibrary = noClasses()
      .that().resideInAPackage("io.porthouse.core..")
      .should().dependOnClassesThat().resideInAnyPackage("io.porthouse.roomstate..", "io.porthouse.hub..")
      .because("core is the bottom layer: envelopes, protocol, addresses, config");

  @ArchTest
  static final ArchRule roomStateAndHubAreApart = slices()
      .matching("io.porthouse.(roomstate|hub)..")
      .namingSlices("the $1 library")
      .should().notDependOnEachOther()
      .because("the sequencing step and a node's fan-out meet only through deliveries on the event bus");

  @ArchTest
  static final ArchRule extensionsUseThePublicPiecesOnly = noClasses()
      .that().resideInAnyPackage("io.porthouse.examples..")
      .should().dependOnClassesThat().resideInAnyPackage(VERTICLES)
      .because("an example is built as an outside developer would: on core and the libraries");

  @ArchTest
  static final ArchRule busBodiesAreRecords = classes()
      .that().resideInAPackage("io.porthouse.core.bus").and().areTopLevelClasses()
      .and().doNotHaveSimpleName("BusErrors")
      .should().beRecords().orShould().beInterfaces()
      .because("every body on the bus is a record (or a sealed interface of records) that says its shape, not ad-hoc JSON");

  @ArchTest
  static final ArchRule roomRepliesAreRecords = classes()
      .that().implement("io.porthouse.roomstate.RoomReply")
      .should().beRecords()
      .because("a room operation answers one record per kind of answer, not a union of every field");
}
