package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * Does a log group exist: {@code logs:DescribeLogGroups} with the name as {@code logGroupNamePrefix}, then an exact
 * match on the names returned. CloudWatch Logs has no "get one group" call, and {@code logGroupNamePattern} is a
 * substring search (which moto ignores altogether), so the prefix is the narrowest question there is.
 *
 * <p>A prefix can be shared by many groups ({@code /ecs/web} and {@code /ecs/web-pr-1} … {@code /ecs/web-pr-900}).
 * AWS documents the results as ASCII-sorted, so the exact name, being the shortest, would come first; ecs-guard
 * does not lean on that for a "does not exist", which may deregister a revision: it reads at most
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE} and, when the name is still not seen and more pages remain,
 * answers unknown rather than spend the event's calls on one question.
 */
final class LogGroupLookup {

  static final String PERMISSION = "logs:DescribeLogGroups";
  static final int PAGE_SIZE = 50;
  static final int MAX_PAGES = 3;

  /** Log group names as CreateLogGroup accepts them: a name outside this set cannot exist. */
  private static final Pattern NAME = Pattern.compile("[._/#A-Za-z0-9-]{1,512}");
  /** Region ids ({@code us-east-1}, {@code us-gov-west-1}, {@code cn-north-1}); anything else is not a place to ask. */
  static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private LogGroupLookup() {}

  static Fact<Boolean> exists(FactCalls calls, AwsClients clients, String region, String name) {
    String what = "log group " + name + " in " + region;
    if (region == null || !REGION.matcher(region).matches()) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, what + ": not a region", null);
    }
    if (name == null || !NAME.matcher(name).matches()) {
      // CreateLogGroup rejects such a name, so no group by that name exists, and the driver cannot create one.
      return Fact.known(false);
    }
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String next = token;
      Fact<DescribeLogGroupsResponse> answer = calls.call(what, PERMISSION,
          () -> clients.logs(region).describeLogGroups(r -> r.logGroupNamePrefix(name).limit(PAGE_SIZE).nextToken(next)),
          null);
      if (!(answer instanceof Fact.Known<DescribeLogGroupsResponse> known)) {
        return retype((Fact.Unknown<DescribeLogGroupsResponse>) answer);
      }
      DescribeLogGroupsResponse response = known.value();
      for (LogGroup group : response.logGroups()) {
        if (name.equals(group.logGroupName())) {
          return Fact.known(true);
        }
      }
      token = response.nextToken();
      if (token == null || token.isEmpty() || response.logGroups().isEmpty()) {
        return Fact.known(false);
      }
    }
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE,
        what + ": more than " + MAX_PAGES * PAGE_SIZE + " log groups start with this name", null);
  }

  /** The same unknown, for another answer type. */
  static <A, B> Fact<B> retype(Fact.Unknown<A> unknown) {
    return new Fact.Unknown<>(unknown.reason(), unknown.detail(), unknown.permission());
  }
}
