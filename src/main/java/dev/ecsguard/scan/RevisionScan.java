package dev.ecsguard.scan;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.aws.AwsFailures;
import dev.ecsguard.aws.SdkJson;
import dev.ecsguard.aws.TransientAwsException;
import dev.ecsguard.event.ApiCall;
import dev.ecsguard.inventory.InventorySweep;
import dev.ecsguard.model.InvalidTaskDefinitionException;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskDefinitionArn;
import dev.ecsguard.model.TaskDefinitions;
import dev.ecsguard.notify.LintedDefinition;
import dev.ecsguard.notify.Report;
import dev.ecsguard.state.ScanCursors;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * Evaluates the revisions that already exist in one account and region ({@link ScanUnit}): the latest ACTIVE
 * revision of every family ({@code ListTaskDefinitionFamilies} status ACTIVE, then {@code DescribeTaskDefinition}
 * of the family name, which ECS answers with its latest ACTIVE revision), or every ACTIVE revision
 * ({@code ListTaskDefinitions}). SDK paginators, every ECS call paced ({@link InventorySweep.Pacer}), each revision
 * handed to the pipeline's own evaluate, decide, enforce and alert path ({@link Evaluator}). A scan that reaches its
 * deadline, or fails, saves where it is ({@link ScanCursors}) and the next run resumes there, as the same sweep (the
 * same alert ids: nothing is alerted twice).
 */
public final class RevisionScan {

  /** The ECS calls a scan makes; the evaluation's own calls are the pipeline's. */
  public static final List<String> PERMISSIONS = List.of("ecs:DescribeTaskDefinition",
      "ecs:ListTaskDefinitionFamilies", "ecs:ListTaskDefinitions");

  /** The eventName a scanned revision's report, log line and alert carry: no CloudTrail event, a scan. */
  public static final String EVENT_NAME = "Scan";

  /**
   * How soon a scan alerts the same findings on the same revision again: {@value #REALERT_VARIABLE}, in
   * {@link dev.ecsguard.pipeline.AlertRepeat}'s form, 90 days (its longest) by default. A daily scan then alerts a
   * revision once, not every day; a new finding on it alerts at once. The state table's TTL forgets it after that.
   */
  public static final String REALERT_VARIABLE = "ECS_GUARD_SCAN_REALERT_AFTER";

  public static final dev.ecsguard.pipeline.AlertRepeat DEFAULT_REALERT =
      new dev.ecsguard.pipeline.AlertRepeat(java.time.Duration.ofDays(90));

  /** Entries per listing page (both APIs' maximum). */
  static final int PAGE = 100;

  /**
   * What to scan.
   *
   * @param familyPrefix only families whose name starts with it (null: every family)
   * @param allRevisions every ACTIVE revision, not only each family's latest
   */
  public record Scope(String familyPrefix, boolean allRevisions) {

    /** The cursor's name: a scan of another scope resumes a cursor of its own. */
    String kind() {
      return (allRevisions ? "all" : "latest") + (familyPrefix == null ? "" : "#" + familyPrefix);
    }
  }

  /** One revision through the pipeline ({@code Pipeline#evaluateExisting}, with the scan's switches). */
  @FunctionalInterface
  public interface Evaluator {
    Report evaluate(ApiCall.Origin origin, TaskDefinition definition);
  }

  /** Told after each revision; the CLI draws its progress bar from it. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, listed, morePages) -> { };

    /**
     * @param done listed entries (families or revisions) this run has dealt with
     * @param listed entries listed by this run so far (the total once {@code morePages} is false)
     */
    void revision(int done, int listed, boolean morePages);
  }

  /**
   * What a run did.
   *
   * @param definitions every revision this run evaluated, as SARIF and the other formats name them (the ARN as the
   *     file, {@code family:revision} as the resource)
   * @param ecsCalls the ECS calls made (listing pages and descriptions; the evaluation's lookups are not counted)
   * @param completed false when the deadline stopped it: the next run resumes
   */
  public record Result(ScanUnit unit, ScanSummary summary, List<LintedDefinition> definitions, int ecsCalls,
      int unreadable, boolean completed, String note) {}

  private final AwsClients clients;
  private final ScanCursors cursors;
  private final Evaluator evaluator;
  private final Clock clock;
  private final InventorySweep.Pacer pacer;

  public RevisionScan(AwsClients clients, ScanCursors cursors, Evaluator evaluator, Clock clock,
      InventorySweep.Pacer pacer) {
    this.clients = clients;
    this.cursors = cursors;
    this.evaluator = evaluator;
    this.clock = clock;
    this.pacer = pacer;
  }

  private record Page(List<String> entries, String nextToken) {}

  /**
   * Scans until done or until {@code deadline}.
   *
   * @throws TransientAwsException when ECS, the table or an alert failed; where it was is saved, and the next run
   *     resumes with the revision that failed
   */
  public Result run(ScanUnit unit, Scope scope, Instant deadline, Progress progress) {
    String kind = scope.kind();
    ScanCursors.Cursor cursor = cursors.cursor(owner(unit), unit.region(), kind)
        .orElseGet(() -> new ScanCursors.Cursor(UUID.randomUUID().toString(), null, 0, clock.instant()));
    EcsClient ecs = clients.ecs(unit.region());
    ScanSummary summary = new ScanSummary();
    List<LintedDefinition> definitions = new ArrayList<>();
    int[] calls = {0};
    int unreadable = 0;
    int listed = 0;
    int done = 0;
    String pageToken = cursor.pageToken();
    int skip = cursor.done();
    Iterator<Page> pages = pages(ecs, scope, pageToken);
    Page page;
    while ((page = next(pages, calls)) != null) {
      List<String> entries = page.entries();
      String next = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
      listed += entries.size() - Math.min(skip, entries.size());
      for (int i = skip; i < entries.size(); i++) {
        // At least one entry per run, whatever the deadline: a run that is resumed always gets further.
        if (done > 0 && !clock.instant().isBefore(deadline)) {
          save(unit, kind, cursor, pageToken, i);
          return new Result(unit, summary, definitions, calls[0], unreadable, false,
              "deadline reached; the next run resumes");
        }
        String entry = entries.get(i);
        if (scope.allRevisions() && scope.familyPrefix() != null && !familyOf(entry).startsWith(scope.familyPrefix())) {
          progress.revision(++done, listed, next != null);
          continue; // ListTaskDefinitions filters by a whole family name only
        }
        try {
          Optional<DescribeTaskDefinitionResponse> active = describeActive(ecs, entry, calls);
          TaskDefinition definition = null;
          try {
            definition = active.isEmpty() ? null : TaskDefinitions.fromJson(SdkJson.toTree(active.get()));
          } catch (InvalidTaskDefinitionException e) {
            unreadable++; // ECS registered it, so this is ecs-guard's mapper falling short: counted, never hidden
          }
          if (definition != null) {
            Report report = evaluator.evaluate(origin(unit, cursor, definition, active.get().taskDefinition()),
                definition);
            summary.add(definition.family(), report);
            definitions.add(new LintedDefinition(definition.arn(), definition.displayName(),
                LintedDefinition.SourceLines.none(), report));
          }
        } catch (RuntimeException e) {
          try {
            save(unit, kind, cursor, pageToken, i);
          } catch (RuntimeException notSaved) {
            e.addSuppressed(notSaved); // the next run repeats this page's start: its alerts are not sent twice
          }
          throw e;
        }
        progress.revision(++done, listed, next != null);
      }
      skip = 0;
      pageToken = next;
      if (pageToken != null) {
        save(unit, kind, cursor, pageToken, 0);
      }
    }
    cursors.clear(owner(unit), unit.region(), kind);
    return new Result(unit, summary, definitions, calls[0], unreadable, true, "completed");
  }

  private void save(ScanUnit unit, String kind, ScanCursors.Cursor cursor, String pageToken, int done) {
    cursors.save(owner(unit), unit.region(), kind,
        new ScanCursors.Cursor(cursor.sweepId(), pageToken, done, cursor.startedAt()));
  }

  /** The listing from {@code pageToken} on, through the SDK's paginators. */
  private static Iterator<Page> pages(EcsClient ecs, Scope scope, String pageToken) {
    if (scope.allRevisions()) {
      Iterator<software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse> responses =
          ecs.listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE).maxResults(PAGE)
              .nextToken(pageToken)).iterator();
      return mapped(responses, p -> new Page(p.taskDefinitionArns(), p.nextToken()));
    }
    Iterator<software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse> responses =
        ecs.listTaskDefinitionFamiliesPaginator(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE)
            .familyPrefix(scope.familyPrefix()).maxResults(PAGE).nextToken(pageToken)).iterator();
    return mapped(responses, p -> new Page(p.families(), p.nextToken()));
  }

  private static <T> Iterator<Page> mapped(Iterator<T> responses, java.util.function.Function<T, Page> page) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return responses.hasNext();
      }

      @Override
      public Page next() {
        return page.apply(responses.next());
      }
    };
  }

  /** The next page, paced like every call (the paginator asks ECS in hasNext), or null after the last. */
  private Page next(Iterator<Page> pages, int[] calls) {
    return paced(() -> {
      if (!pages.hasNext()) {
        return null;
      }
      calls[0]++;
      return pages.next();
    }, "ListTaskDefinitions");
  }

  /** The revision (a family name: its latest ACTIVE one), with its tags, when it is ACTIVE. */
  private Optional<DescribeTaskDefinitionResponse> describeActive(EcsClient ecs, String entry, int[] calls) {
    DescribeTaskDefinitionResponse response;
    try {
      calls[0]++;
      response = paced(() -> ecs.describeTaskDefinition(r -> r.taskDefinition(entry)
          .include(TaskDefinitionField.TAGS)), "DescribeTaskDefinition");
    } catch (AwsServiceException e) {
      if (AwsFailures.isNotFound(e)) {
        return Optional.empty(); // deregistered, or its family emptied, since the listing
      }
      throw AwsFailures.classify("DescribeTaskDefinition", e);
    }
    if (response.taskDefinition() == null || response.taskDefinition().status() != TaskDefinitionStatus.ACTIVE) {
      return Optional.empty();
    }
    return Optional.of(response);
  }

  /**
   * The revision as a report's origin: an id naming the sweep and the revision (stable across the runs of one
   * sweep, so a resumed run never alerts twice), the registrant as caller, the registration time.
   */
  static ApiCall.Origin origin(ScanUnit unit, ScanCursors.Cursor cursor, TaskDefinition definition,
      software.amazon.awssdk.services.ecs.model.TaskDefinition described) {
    String registeredAt = described.registeredAt() == null ? null : described.registeredAt().toString();
    return new ApiCall.Origin("scan-" + cursor.sweepId() + "-" + definition.displayName(), EVENT_NAME,
        registeredAt, unit.region(), unit.account() != null ? unit.account()
        : definition.parsedArn().map(TaskDefinitionArn::account).orElse(null), described.registeredBy());
  }

  private static String owner(ScanUnit unit) {
    return unit.account() == null ? "self" : unit.account();
  }

  static String familyOf(String revisionArn) {
    return TaskDefinitionArn.parse(revisionArn).map(TaskDefinitionArn::family).orElse(revisionArn);
  }

  private <T> T paced(Supplier<T> call, String operation) {
    try {
      pacer.pace();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientAwsException("the scan was interrupted", e);
    }
    try {
      return call.get();
    } catch (AwsServiceException e) {
      throw e; // the caller tells "not found" apart
    } catch (SdkException e) {
      throw AwsFailures.classify(operation, e);
    }
  }
}
