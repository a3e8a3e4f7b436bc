package dev.ecsguard.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering of docs/architecture.md, on the main classes: each package may use only the packages listed
 * for it (below it in the pipeline, or the shared foundations), and no two packages depend on each other, however
 * indirectly. A change that needs another arrow changes docs/architecture.md and this table together.
 */
@AnalyzeClasses(packages = "dev.ecsguard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.ecsguard.(*)..")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule packagesFollowTheLayers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      // foundations: no ecs-guard concept above them
      .layer("json").definedBy("dev.ecsguard.json..")
      .layer("build").definedBy("dev.ecsguard.build..")
      .layer("metrics").definedBy("dev.ecsguard.metrics..")
      .layer("aws").definedBy("dev.ecsguard.aws..")
      // what is evaluated, and what rules may ask
      .layer("model").definedBy("dev.ecsguard.model..")
      .layer("event").definedBy("dev.ecsguard.event..")
      .layer("state").definedBy("dev.ecsguard.state..")
      .layer("facts").definedBy("dev.ecsguard.facts..")
      .layer("secrets").definedBy("dev.ecsguard.secrets..")
      // the stages: evaluate, decide, resolve, enforce, notify
      .layer("rule").definedBy("dev.ecsguard.rule..")
      .layer("policy").definedBy("dev.ecsguard.policy..")
      .layer("resolve").definedBy("dev.ecsguard.resolve..")
      .layer("enforce").definedBy("dev.ecsguard.enforce..")
      .layer("inventory").definedBy("dev.ecsguard.inventory..")
      .layer("notify").definedBy("dev.ecsguard.notify..")
      // the flow, and its front doors
      .layer("pipeline").definedBy("dev.ecsguard.pipeline..")
      .layer("prime").definedBy("dev.ecsguard.prime..")
      .layer("handler").definedBy("dev.ecsguard.handler..")
      .layer("cli").definedBy("dev.ecsguard.cli..")

      .whereLayer("json").mayNotAccessAnyLayer()
      .whereLayer("build").mayNotAccessAnyLayer()
      .whereLayer("metrics").mayOnlyAccessLayers("json")
      .whereLayer("aws").mayOnlyAccessLayers("json")
      .whereLayer("model").mayOnlyAccessLayers("json")
      .whereLayer("event").mayOnlyAccessLayers("model", "json")
      .whereLayer("state").mayOnlyAccessLayers("model", "aws", "json")
      .whereLayer("facts").mayOnlyAccessLayers("state", "model", "aws", "json")
      .whereLayer("secrets").mayOnlyAccessLayers("model", "json")
      .whereLayer("rule").mayOnlyAccessLayers("facts", "secrets", "model", "json")
      .whereLayer("policy").mayOnlyAccessLayers("rule", "facts", "model", "aws", "json")
      .whereLayer("resolve").mayOnlyAccessLayers("event", "model", "aws", "json")
      .whereLayer("enforce").mayOnlyAccessLayers("policy", "rule", "facts", "state", "model", "aws", "json")
      .whereLayer("inventory").mayOnlyAccessLayers("state", "model", "aws", "json")
      .whereLayer("notify").mayOnlyAccessLayers("enforce", "policy", "rule", "facts", "secrets", "event", "model",
          "build", "aws", "json")
      .whereLayer("pipeline").mayOnlyAccessLayers("notify", "inventory", "enforce", "resolve", "policy", "rule",
          "secrets", "facts", "state", "event", "model", "metrics", "build", "aws", "json")
      .whereLayer("prime").mayOnlyAccessLayers("pipeline", "aws", "json")
      .whereLayer("handler").mayOnlyAccessLayers("prime", "pipeline", "inventory", "policy", "state", "metrics",
          "build", "aws", "json")
      .whereLayer("cli").mayOnlyAccessLayers("prime", "pipeline", "notify", "inventory", "enforce", "resolve",
          "policy", "rule", "secrets", "facts", "state", "event", "model", "metrics", "build", "aws", "json");
}
