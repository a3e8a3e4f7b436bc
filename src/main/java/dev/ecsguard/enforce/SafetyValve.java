package dev.ecsguard.enforce;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.model.TaskDefinitionArn;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * At most N enforcement actions per family per window, counted where every execution environment sees them: the
 * {@link RevisionTags} ecs-guard writes on the revisions it acts on. It lists the family's newest INACTIVE and
 * ACTIVE revisions ({@code ListTaskDefinitions}, bounded) and reads their tags ({@code ListTagsForResource}),
 * counting every {@code ecs-guard:deregistered} and {@code ecs-guard:stopped} time inside the window. No table,
 * no new infrastructure. Two environments acting on the same family at the same instant can both pass the check
 * (there is no lock), so the bound can be exceeded by the number of concurrent invocations, never more.
 */
final class SafetyValve {

  /** Revisions per status read at most, beyond the limit itself: ecs-guard acts on a family's newest revisions. */
  static final int SLACK = 5;
  static final int MAX_SCANNED = 50;

  private final AwsClients clients;
  private final ValveLimit limit;
  private final Clock clock;

  SafetyValve(AwsClients clients, ValveLimit limit, Clock clock) {
    this.clients = clients;
    this.limit = limit;
    this.clock = clock;
  }

  /**
   * Why the valve holds, or empty when acting is allowed. The revision being acted on counts only through its
   * {@code stopped} tag (its own {@code deregistered} tag is this event's, written by an attempt that is retried).
   */
  Optional<String> engaged(TaskDefinitionArn revision) {
    if (limit.off()) {
      return Optional.empty();
    }
    Instant since = clock.instant().minus(limit.window());
    EcsClient ecs = clients.ecs(revision.region());
    int bound = Math.min(MAX_SCANNED, limit.actions() + SLACK);
    int actions = 0;
    try {
      for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.INACTIVE, TaskDefinitionStatus.ACTIVE)) {
        for (TaskDefinitionArn arn : newest(ecs, revision.family(), status, bound)) {
          Map<String, String> tags = ecs.listTagsForResource(r -> r.resourceArn(arn.toString())).tags().stream()
              .collect(Collectors.toMap(t -> t.key(), t -> t.value() == null ? "" : t.value(), (a, b) -> a));
          if (arn.revision() != revision.revision() && within(tags.get(RevisionTags.DEREGISTERED), since)) {
            actions++;
          }
          if (within(tags.get(RevisionTags.STOPPED), since)) {
            actions++;
          }
          if (actions >= limit.actions()) {
            return Optional.of("safety valve engaged: " + actions + " actions on " + revision.family() + " in the last "
                + limit.windowText() + " (limit " + limit + ", " + EnforcementSettings.SAFETY_VALVE + ")");
          }
        }
      }
    } catch (SdkException e) {
      throw AwsFailures.classify("ListTaskDefinitions/ListTagsForResource", e);
    }
    return Optional.empty();
  }

  private static List<TaskDefinitionArn> newest(EcsClient ecs, String family, TaskDefinitionStatus status, int bound) {
    List<TaskDefinitionArn> arns = new ArrayList<>();
    for (String arn : ecs.listTaskDefinitions(r -> r.familyPrefix(family).status(status).sort(SortOrder.DESC)
        .maxResults(bound)).taskDefinitionArns()) {
      TaskDefinitionArn.parse(arn).filter(a -> a.family().equals(family)).ifPresent(arns::add);
    }
    arns.sort(Comparator.comparingInt(TaskDefinitionArn::revision).reversed());
    return arns.subList(0, Math.min(bound, arns.size()));
  }

  private static boolean within(String value, Instant since) {
    if (value == null || value.isBlank()) {
      return false;
    }
    try {
      return !Instant.parse(value.trim()).isBefore(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
