package dev.ecsguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.rule.Severity;

/**
 * What the policy says about one rule.
 *
 * @param severity replaces the severity of every finding of the rule; null keeps the rule's own
 * @param enforce whether its findings may trigger enforcement (false: report only)
 * @param parameters the rule's parameters, or null for its defaults
 */
public record RulePolicy(boolean enabled, Severity severity, boolean enforce, JsonNode parameters) {}
