package dev.ecsguard.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import dev.ecsguard.pipeline.LogSink;
import dev.ecsguard.pipeline.Pipeline;
import dev.ecsguard.pipeline.PipelineFactory;
import dev.ecsguard.policy.ActivePolicy;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.policy.Settings;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.testing.MotoAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Events and reports for the alert tests: the samples, a 200-container definition, and planted secrets. */
final class AlertFixtures {

  /** Every value planted by {@link #withCanaries}: one per place a secret can hide, all distinct. */
  static final List<String> PLANTED = List.of(
      "CANARY-env-literal-4f1d9e",                       // environment value, credential-named
      "CANARY-env-innocent-8a2b7c",                      // environment value, harmless name
      "CANARY-cmd-password-5c3e1a",                      // command
      "CANARY-entrypoint-token-9d4f2b",                  // entryPoint
      "CANARY-logopt-secret-1e6a3c",                     // logConfiguration.options
      "CANARY-label-apikey-7b5d4e",                      // dockerLabels
      "CANARY-override-env-2f8c6d",                      // RunTask overrides: environment
      "CANARY-override-cmd-6e9a1f");                     // RunTask overrides: command

  private AlertFixtures() {}

  /** The report the offline pipeline makes of an event (enforce mode: the action is "would deregister"). */
  static Report offlineReport(ObjectNode event) {
    List<Report> reports = new ArrayList<>();
    Pipeline pipeline = PipelineFactory.offline(ActivePolicy.parse(new Settings(Mode.ENFORCE, Severity.HIGH, null)),
        Optional.empty(), reports::add, LogSink.silent());
    pipeline.run(Json.write(event).getBytes(StandardCharsets.UTF_8));
    if (reports.isEmpty()) {
      throw new IllegalStateException("the event made no report");
    }
    return reports.get(0);
  }

  /**
   * The non-compliant sample with {@code count} containers, each failing several rules (privileged, root,
   * {@code :latest} from another region, a credential in its environment, no log configuration), with long
   * names so that the findings cannot all fit in one SNS message.
   */
  static ObjectNode manyContainers(int count) throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    ArrayNode containers = Json.MAPPER.createArrayNode();
    for (int i = 0; i < count; i++) {
      ObjectNode container = containers.addObject();
      String name = String.format("worker-%03d-", i) + "x".repeat(200);
      container.put("name", name);
      container.put("image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/legacy-worker:latest");
      container.put("memory", 64);
      container.put("essential", i == 0);
      container.put("privileged", true);
      container.put("user", "root");
      ArrayNode environment = container.putArray("environment");
      environment.addObject().put("name", "DB_PASSWORD").put("value", "CANARY-many-" + i + "-pw");
    }
    ((ObjectNode) event.path("detail").path("requestParameters")).set("containerDefinitions", containers);
    ((ObjectNode) event.path("detail").path("responseElements").path("taskDefinition"))
        .set("containerDefinitions", containers.deepCopy());
    return event;
  }

  /** The non-compliant sample with a secret planted in every place of a container that can hold one. */
  static ObjectNode withCanaries() throws IOException {
    ObjectNode event = MotoAccount.event("register-task-definition-noncompliant.json");
    for (String side : List.of("requestParameters", "responseElements")) {
      ObjectNode definition = side.equals("requestParameters")
          ? (ObjectNode) event.path("detail").path(side)
          : (ObjectNode) event.path("detail").path(side).path("taskDefinition");
      ObjectNode worker = (ObjectNode) definition.path("containerDefinitions").path(0);
      ArrayNode environment = (ArrayNode) worker.path("environment");
      environment.addObject().put("name", "GITHUB_TOKEN").put("value", PLANTED.get(0));
      environment.addObject().put("name", "GREETING").put("value", PLANTED.get(1));
      worker.putArray("command").add("sh").add("-c").add("exec worker --db-password=" + PLANTED.get(2));
      worker.putArray("entryPoint").add("/bin/run").add("--token").add(PLANTED.get(3));
      ((ObjectNode) worker.path("logConfiguration").path("options")).put("awslogs-stream-prefix", PLANTED.get(4));
      worker.putObject("dockerLabels").put("com.example.api-key", PLANTED.get(5));
    }
    return event;
  }

  /** The RunTask sample naming {@code arn}, with secrets planted in its overrides. */
  static ObjectNode runWithCanaries(String arn) throws IOException {
    ObjectNode run = MotoAccount.event("run-task.json");
    ObjectNode request = (ObjectNode) run.path("detail").path("requestParameters");
    request.put("taskDefinition", arn);
    for (var task : run.path("detail").path("responseElements").path("tasks")) {
      ((ObjectNode) task).put("taskDefinitionArn", arn);
    }
    ObjectNode override = (ObjectNode) request.path("overrides").path("containerOverrides").path(0);
    ((ArrayNode) override.path("environment")).addObject().put("name", "PGPASSWORD").put("value", PLANTED.get(6));
    override.putArray("command").add("--api-key=" + PLANTED.get(7));
    return run;
  }
}
