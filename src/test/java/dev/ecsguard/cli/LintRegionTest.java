package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which region {@code lint} evaluates a file in: its own ARN's, which wins over {@code --region} (and says so on
 * stderr); {@code --region} for a file without an ARN.
 */
class LintRegionTest {

  /** A definition whose ARN places it in eu-west-1, with an image in us-east-1's ECR. */
  private static final Path IN_EU_WEST_1 =
      Path.of("test", "rules", "image-same-region", "fail-arn-region-wins-over-the-given-one.json");
  /** A definition without an ARN, with an image in eu-west-1's ECR. */
  private static final Path WITHOUT_ARN = Path.of("test", "rules", "image-same-region", "pass-region-unknown-is-a-gap.json");

  private static JsonNode report(InProcessCli.Result result) throws Exception {
    assertNotEquals(2, result.exitCode(), result.stderr());
    JsonNode reports = Json.MAPPER.readTree(result.stdout());
    assertEquals(1, reports.size(), result.stdout());
    return reports.get(0);
  }

  private static List<String> ruleIds(JsonNode report) {
    List<String> ids = new ArrayList<>();
    report.path("findings").forEach(finding -> ids.add(finding.path("ruleId").asText()));
    return ids;
  }

  @Test
  void theArnsRegionWinsOverTheGivenOneAndStderrSaysSo() throws Exception {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "json", "--region", "us-west-2",
        IN_EU_WEST_1.toString());

    JsonNode report = report(result);
    assertEquals("eu-west-1", report.path("region").asText());
    assertEquals(List.of("ecs-guard: " + IN_EU_WEST_1 + ": its ARN places it in eu-west-1, which wins over --region "
        + "us-west-2"), result.stderrLines());
    assertEquals(1, ruleIds(report).stream().filter("image-same-region"::equals).count(), result.stdout());
  }

  @Test
  void aRegionEqualToTheArnsIsNotRemarkedOn() throws Exception {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "json", "--region", "eu-west-1",
        IN_EU_WEST_1.toString());

    assertEquals("eu-west-1", report(result).path("region").asText());
    assertEquals(List.of(), result.stderrLines());
  }

  @Test
  void theGivenRegionIsTheRegionOfAFileWithoutArn() throws Exception {
    JsonNode inUsEast1 = report(InProcessCli.run("lint", "--format", "json", "--region", "us-east-1",
        WITHOUT_ARN.toString()));
    JsonNode inEuWest1 = report(InProcessCli.run("lint", "--format", "json", "--region", "eu-west-1",
        WITHOUT_ARN.toString()));

    assertEquals("us-east-1", inUsEast1.path("region").asText());
    assertEquals(List.of("image-same-region"), ruleIds(inUsEast1).stream().filter("image-same-region"::equals).toList());
    assertEquals("[]", inUsEast1.path("gaps").toString());
    assertEquals(List.of(), ruleIds(inEuWest1).stream().filter("image-same-region"::equals).toList());
  }
}
