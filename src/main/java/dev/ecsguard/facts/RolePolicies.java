package dev.ecsguard.facts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A role's identity policies, as IAM returns them (documents URL-decoded and parsed).
 *
 * @param attachedPolicyArns the managed policies attached to the role
 * @param documents every policy document: each attached policy's default version, then each inline policy
 * @param permissionsBoundary the boundary's ARN, or null: ecs-guard does not model boundaries, so a role
 *     with one gets "could not verify" rather than a guess
 */
public record RolePolicies(String roleArn, List<String> attachedPolicyArns, List<JsonNode> documents,
    String permissionsBoundary) {}
