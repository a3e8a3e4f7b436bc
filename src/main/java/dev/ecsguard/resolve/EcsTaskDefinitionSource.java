package dev.ecsguard.resolve;

import dev.ecsguard.aws.AccountClients;
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
 * in the event's region and account (the member role's clients when the account is not the function's).
 */
public final class EcsTaskDefinitionSource implements TaskDefinitionSource {

  /** The IAM actions this adapter calls; the template must grant them. */
  public static final List<String> PERMISSIONS = List.of("ecs:DescribeTaskDefinition");

  private final AccountClients accounts;

  public EcsTaskDefinitionSource(AwsClients clients) {
    this(AccountClients.single(clients));
  }

  public EcsTaskDefinitionSource(AccountClients accounts) {
    this.accounts = accounts;
  }

  @Override
  public Resolution resolve(ApiCall call) {
    String reference = TaskDefinitionSource.reference(call);
    java.util.Optional<TaskDefinitionArn> arn = TaskDefinitionArn.parse(reference);
    String region = arn.map(TaskDefinitionArn::region).orElse(call.origin().region());
    if (region == null) {
      return new Resolution.Missing("the event names no region");
    }
    // The revision's own account (its ARN's), else the event's: a MemberAccessException here means nothing is asked.
    AwsClients clients = accounts.in(arn.map(TaskDefinitionArn::account).orElse(call.origin().account()));
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
