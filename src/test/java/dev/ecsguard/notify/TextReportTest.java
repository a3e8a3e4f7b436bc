package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.enforce.Action;
import dev.ecsguard.enforce.Outcome;
import dev.ecsguard.json.Json;
import dev.ecsguard.model.Subject;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.policy.Mode;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.rule.Evaluation;
import dev.ecsguard.rule.Finding;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.RuleKind;
import dev.ecsguard.rule.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextReportTest {

  private final TextReport text = new TextReport(Catalog.standard());

  private static Report report(String family, int findings) throws Exception {
    return report(family, findings, Profile.RESTRICTED);
  }

  /** {@code findings} run-as-non-root findings (a restricted rule), under a policy enforcing {@code profile}. */
  private static Report report(String family, int findings, Profile profile) throws Exception {
    String json = "{\"family\":\"" + family + "\",\"revision\":12,\"taskDefinitionArn\":"
        + "\"arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":12\","
        + "\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"nginx:1\"}]}";
    Subject subject = Subject.of(TaskDefinitions.fromJson(Json.MAPPER.readTree(json)), "us-east-1");
    List<Finding> list = new ArrayList<>();
    for (int i = 0; i < findings; i++) {
      list.add(new Finding("run-as-non-root", "Container runs as root", Severity.HIGH, Profile.RESTRICTED,
          RuleKind.STATIC, "app-" + i, "/containerDefinitions/" + i + "/user",
          "container \"app-" + i + "\" sets no user: it runs as the image's user", null));
    }
    Outcome outcome = profile == Profile.RESTRICTED ? new Outcome(Action.DEREGISTERED, "deregistered " + family + ":12")
        : Outcome.none("no finding about the task definition itself reaches HIGH in the baseline profile");
    return new Report(Optional.empty(), subject, new Evaluation(list, List.of()), Mode.ENFORCE, profile, outcome);
  }

  @Test
  void theSubjectStaysUnderSnsLimitEvenForTheLongestFamilyName() throws Exception {
    String longest = "f".repeat(255);

    String subject = text.subject(report(longest, 3));

    assertTrue(subject.length() < 100, subject.length() + ": " + subject);
    assertTrue(subject.startsWith("[ecs-guard] HIGH: 3 findings in fff"), subject);
    assertTrue(subject.endsWith("(deregistered)"), subject);
  }

  @Test
  void theSubjectNamesRevisionCountAndAction() throws Exception {
    assertEquals("[ecs-guard] HIGH: 1 finding in web:12 (deregistered)", text.subject(report("web", 1)));
  }

  @Test
  void anOversizedReportIsCutToFitSnsAndSaysHowManyWereLeftOut() throws Exception {
    Report huge = report("web", 4000);
    SnsNotifier notifier = new SnsNotifier(null, "arn:aws:sns:us-east-1:123456789012:t", text);

    String body = notifier.forms(huge).get("email");

    assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= SnsNotifier.SNS_LIMIT_BYTES - SnsNotifier.MARGIN_BYTES,
        "fits in one message");
    assertTrue(body.contains("more finding(s) left out"), "says that some were left out");
    assertTrue(body.contains("ecs-guard found 4000 problems"), "the total is still stated");
  }

  @Test
  void theBodySaysWhatWhereWhyHowAndWhatWasDone() throws Exception {
    String body = text.body(report("web", 2));

    assertTrue(body.contains("account 123456789012, region us-east-1"));
    assertTrue(body.contains("container \"app-1\""));
    assertTrue(body.contains("/containerDefinitions/1/user"));
    assertTrue(body.contains("Why: ") && body.contains("Fix: ") && body.contains("Docs: https://"));
    assertTrue(body.startsWith("HIGH: web:12 in account 123456789012, region us-east-1; 2 findings; "
        + "action: deregistered web:12\n"), "one summary line first: " + body);
    assertTrue(body.contains("https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/12"));
  }

  @Test
  void eachRuleIsLabelledWithItsProfileAndOnesOutsideThePolicysAreNotEnforced() throws Exception {
    String enforced = text.body(report("web", 1, Profile.RESTRICTED));
    assertTrue(enforced.contains("(mode: enforce, profile: restricted)"), enforced);
    assertTrue(enforced.contains("[run-as-non-root, restricted]\n"), enforced);

    String reportedOnly = text.body(report("web", 2, Profile.BASELINE));
    assertTrue(reportedOnly.contains("(mode: enforce, profile: baseline)"), reportedOnly);
    assertTrue(reportedOnly.contains("[run-as-non-root, restricted, not enforced]\n"), reportedOnly);
    assertTrue(reportedOnly.contains("\n2 of them outside the baseline profile: reported, not enforced.\n"),
        reportedOnly);
  }

  @Test
  void theChatMessageLabelsFindingsOutsideTheProfileAndNamesTheProfile() throws Exception {
    ChatbotReport chat = new ChatbotReport(Catalog.standard(), text);

    var reportedOnly = chat.tree(report("web", 1, Profile.BASELINE));
    var enforced = chat.tree(report("web", 1, Profile.RESTRICTED));

    assertTrue(reportedOnly.path("content").path("description").asText()
        .contains("• *HIGH* `run-as-non-root` _(restricted, not enforced)_: container"), reportedOnly.toString());
    assertEquals("baseline", reportedOnly.path("metadata").path("additionalContext").path("profile").asText());
    assertTrue(enforced.path("content").path("description").asText()
        .contains("• *HIGH* `run-as-non-root`: container"), enforced.toString());
  }
}
