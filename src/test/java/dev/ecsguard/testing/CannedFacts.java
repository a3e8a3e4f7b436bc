package dev.ecsguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.Facts;
import dev.ecsguard.facts.RolePolicies;
import dev.ecsguard.facts.SubnetEgress;
import dev.ecsguard.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers about the account written down for a rule case ({@code <case>.facts.json}), so live rules are
 * tested as data like the others; the real lookups are tested against moto. Keys, each optional:
 * <pre>
 * {
 *   "logGroups":    {"us-east-1:/ecs/web": true},
 *   "imageSizes":   {"us-east-1:123456789012:web:1.2": 734003200},
 *   "subnets":      {"us-east-1:subnet-1": {"vpcId": "vpc-1", "routeTableId": "rtb-1",
 *                    "defaultRoute": "INTERNET_GATEWAY", "ecrApiEndpoint": false, "ecrDkrEndpoint": false,
 *                    "s3Endpoint": false}},
 *   "roles":        {"arn:aws:iam::123456789012:role/x": {"attachedPolicyArns": [], "documents": [{...}],
 *                    "permissionsBoundary": null}},
 *   "familiesUsingTaskRole": {"us-east-1:arn:aws:iam::123456789012:role/x": ["a", "b"]},
 *   "secretKmsKeys": {"arn:aws:secretsmanager:...": "arn:aws:kms:..." (or null for an AWS-managed key)},
 *   "unknown":      {"roles": "ACCESS_DENIED"}   (every question of that kind gets this reason)
 * }
 * </pre>
 * A question the file does not answer is unknown for reason NOT_APPLICABLE, and is counted, so a case can
 * check which questions a rule asked.
 */
public final class CannedFacts implements Facts {

  private final JsonNode facts;
  private final List<Fact.Unknown<?>> transientFailures = new ArrayList<>();
  private int calls;

  public CannedFacts(JsonNode facts) {
    this.facts = facts;
  }

  private <T> Fact<T> answer(String kind, String key, java.util.function.Function<JsonNode, T> read, String permission) {
    calls++;
    String forced = Json.text(facts.path("unknown"), kind);
    if (forced != null) {
      Fact.Unknown<T> unknown = new Fact.Unknown<>(Fact.Reason.valueOf(forced), kind + " " + key, permission);
      if (unknown.reason().isTransient()) {
        transientFailures.add(unknown);
      }
      return unknown;
    }
    JsonNode section = facts.path(kind);
    if (!section.has(key)) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, kind + " " + key + " is not in the case's facts", permission);
    }
    return Fact.known(read.apply(section.get(key)));
  }

  @Override
  public Fact<Boolean> logGroupExists(String region, String logGroupName) {
    return answer("logGroups", region + ":" + logGroupName, JsonNode::asBoolean, "logs:DescribeLogGroups");
  }

  @Override
  public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
    return answer("imageSizes", region + ":" + registryAccount + ":" + repository + ":" + reference, JsonNode::asLong,
        "ecr:DescribeImages");
  }

  @Override
  public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
    return answer("subnets", region + ":" + subnetId, node -> new SubnetEgress(subnetId, Json.text(node, "vpcId"),
        Json.text(node, "routeTableId"), SubnetEgress.DefaultRoute.valueOf(Json.text(node, "defaultRoute")),
        node.path("ecrApiEndpoint").asBoolean(), node.path("ecrDkrEndpoint").asBoolean(),
        node.path("s3Endpoint").asBoolean()), "ec2:DescribeRouteTables");
  }

  @Override
  public Fact<RolePolicies> rolePolicies(String roleArn) {
    return answer("roles", roleArn, node -> {
      List<JsonNode> documents = new ArrayList<>();
      node.path("documents").forEach(documents::add);
      return new RolePolicies(roleArn, Json.strings(node, "attachedPolicyArns"), List.copyOf(documents),
          Json.text(node, "permissionsBoundary"));
    }, "iam:GetRolePolicy");
  }

  @Override
  public Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn, String exceptFamily) {
    return answer("familiesUsingTaskRole", region + ":" + roleArn, node -> {
      List<String> families = new ArrayList<>();
      node.forEach(f -> {
        if (!f.asText().equals(exceptFamily)) {
          families.add(f.asText());
        }
      });
      return List.copyOf(families);
    }, "ecs:ListTaskDefinitionFamilies");
  }

  @Override
  public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
    return answer("secretKmsKeys", secretOrParameterArn,
        node -> node.isNull() ? Optional.<String>empty() : Optional.of(node.asText()), "secretsmanager:DescribeSecret");
  }

  @Override
  public Usage usage() {
    return new Usage(calls, 0);
  }

  @Override
  public List<Fact.Unknown<?>> transientFailures() {
    return List.copyOf(transientFailures);
  }
}
