package dev.ecsguard.resolve;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.PermanentAwsException;
import dev.ecsguard.aws.SdkJson;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.model.TaskDefinitions;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The truth: {@code DescribeTaskDefinition} with {@code include=TAGS} (tags carry exemptions and owners),
 * in the event's region.
 */
public final class EcsTaskDefinitionSource implements TaskDefinitionSource {

  /** The IAM actions this adapter calls; the template must grant them. */
  public static final List<String> PERMISSIONS = List.of("ecs:DescribeTaskDefinition");

  private final AwsClients clients;

  public EcsTaskDefinitionSource(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Resolution resolve(ApiCall call) {
    String reference = TaskDefinitionSource.reference(call);
    String region = TaskDefinitionArn.parse(reference).map(TaskDefinitionArn::region).orElse(call.origin().region());
    if (region == null) {
      return new Resolution.Missing("the event names no region");
    }
    try {
      DescribeTaskDefinitionResponse response = clients.ecs(region)
          .describeTaskDefinition(r -> r.taskDefinition(reference).include(TaskDefinitionField.TAGS));
      // A family alone resolves to its latest ACTIVE revision, which may not be the one the call used.
      boolean exact = reference.contains(":");
      return new Resolution.Found(TaskDefinitions.fromJson(SdkJson.toTree(response)), exact);
    } catch (AwsServiceException e) {
      if (AwsFailures.isNotFound(e)) {
        return new Resolution.Missing("task definition " + reference + " does not exist (any more)");
      }
      RuntimeException failure = AwsFailures.classify("DescribeTaskDefinition", e);
      if (failure instanceof PermanentAwsException permanent && permanent.isAccessDenied()) {
        return new Resolution.Missing(permanent.getMessage() + ": the function needs ecs:DescribeTaskDefinition");
      }
      throw failure;
    } catch (SdkException e) {
      throw AwsFailures.classify("DescribeTaskDefinition", e);
    }
  }
}
