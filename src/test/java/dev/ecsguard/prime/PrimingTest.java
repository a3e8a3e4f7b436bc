package dev.ecsguard.prime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.pipeline.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Priming runs the Lambda's whole pipeline, and every AWS request it makes is answered without a network. */
class PrimingTest {

  @Test
  void runsTheWholePipelineAgainstCannedRepliesOnly() {
    Priming.Primed primed = Priming.prime("eu-west-1");

    assertEquals(Result.Status.EVALUATED, primed.result().status());
    assertTrue(primed.result().findings() > 20, "the non-compliant sample: " + primed.result().findings());
    List<String> replies = primed.cannedReplies();
    assertTrue(replies.contains("AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition"), replies.toString());
    assertEquals(3, replies.stream().filter("Publish"::equals).count(), "email text, report JSON, Chatbot: " + replies);
    // The fact lookups reached their clients too (denied by the canned replies: "could not verify").
    assertTrue(replies.stream().anyMatch(r -> r.startsWith("Logs_20140328.")), replies.toString());
    assertTrue(replies.stream().anyMatch(r -> r.equals("GetRole")), replies.toString());
  }

  @Test
  void theSampleIsSetInTheRegionPrimed() throws Exception {
    var event = dev.ecsguard.json.Json.MAPPER.readTree(Priming.sampleEvent("ap-southeast-2"));

    assertEquals("ap-southeast-2", event.path("region").asText());
    assertEquals("ap-southeast-2", event.path("detail").path("awsRegion").asText());
    assertTrue(event.path("detail").path("responseElements").path("taskDefinition").path("taskDefinitionArn").asText()
        .startsWith("arn:aws:ecs:ap-southeast-2:"));
  }
}
