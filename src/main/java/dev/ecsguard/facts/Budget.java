package dev.ecsguard.facts;

import java.time.Duration;

/**
 * What the live facts may spend per event: {@code maxCalls} AWS calls for each kind of fact, so that one rule's
 * appetite (a definition with 70 secret references, one with dozens of images) cannot starve the others' lookups,
 * and {@code time} for all of them. The default covers a definition's log groups, images, roles and secrets; the
 * task role inventory costs one or two calls whatever the account's size. Part of the port, not of the AWS
 * adapter, so that the configuration ({@code ECS_GUARD_FACTS_MAX_*}) can name its defaults without reaching AWS.
 */
public record Budget(int maxCalls, Duration time) {
  public static final Budget DEFAULT = new Budget(20, Duration.ofSeconds(8));
}
