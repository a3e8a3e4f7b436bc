package dev.ecsguard.rule;

import dev.ecsguard.facts.Facts;
import java.util.List;

/**
 * What a rule that needs the definition's region reports when nobody knows it: a gap of the evaluation (JSON
 * {@code gaps}, a line in the text report), never a silent pass. A file without an ARN has no region unless
 * {@code --region} or {@code AWS_REGION} gives one; an event always names one.
 */
public final class RegionGaps {

  public static final String UNKNOWN_REGION = "the definition's region is unknown (no taskDefinitionArn, event "
      + "region, --region or AWS_REGION names it)";

  private RegionGaps() {}

  /** For a static rule that needs the region here: the gap when it is unknown. */
  public static List<String> ifUnknown(EvaluationContext context) {
    return context.region() == null ? List.of(UNKNOWN_REGION) : List.of();
  }

  /**
   * For a live rule that needs the region to look something up: the gap when it is unknown and facts could be
   * asked. Offline (a linted file), live rules look nothing up whatever the region, so there is nothing to miss.
   */
  public static List<String> ifUnknownForLookup(EvaluationContext context) {
    return context.region() == null && context.facts() != Facts.offline() ? List.of(UNKNOWN_REGION) : List.of();
  }
}
