package dev.ecsguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Credentials planted where a careless team puts them (an {@code environment} value under a credential name or
 * of a credential shape, a Docker label, a {@code command} flag, a health check, a log driver option, a Docker
 * volume's mount options, the registry credentials' reference, a RunTask override) in the
 * shapes {@link dev.ecsguard.secrets.SecretDetector} is built to catch, and the check that none of them reaches
 * an output.
 *
 * <p>The check is differential: the same input is run twice, once with set {@link #A} planted and once with
 * {@link #B} (same shapes, other characters), and a secret counts as leaked only when it shows in the outputs of
 * its own run and not in the other's. A fuzzer that learns a secret from a string comparison and writes it into
 * a family name or an image is not reporting a leak (ecs-guard prints family names by design); a planted value
 * that flows from its sensitive position to an output is. Any {@value #WINDOW}-character piece of a secret counts,
 * so a value cut short (a truncated message) or glued to something else is still found.
 */
final class PlantedSecrets {

  static final int WINDOW = 12;

  /** What is planted where; one value per kind, so a leak names the position it came from. */
  enum Kind { AWS_SECRET_KEY_ENV, PASSWORD_ENV, URL_PASSWORD_ENV, GITHUB_TOKEN_LABEL, COMMAND_FLAG, LOG_OPTION,
    OVERRIDE_AWS_SECRET_KEY, OVERRIDE_PASSWORD_FLAG, HEALTH_CHECK_USER_PASSWORD, VOLUME_MOUNT_PASSWORD,
    REGISTRY_CREDENTIALS }

  record Set(String name, Map<Kind, String> values) {}

  static final Set A = new Set("A", Map.ofEntries(
      Map.entry(Kind.AWS_SECRET_KEY_ENV, "hw46YJO7d07vAJigaT8BFNYTPNqR7eAos0BhUKNU"),
      Map.entry(Kind.PASSWORD_ENV, "V9LGvvbS0heIMddU3q"),
      Map.entry(Kind.URL_PASSWORD_ENV, "KwMzjm1QxaHIpikQGSE7"),
      Map.entry(Kind.GITHUB_TOKEN_LABEL, "ghp_A0hfDVBu4quEoxmf3xbVUYVkvBFhQHl2IsB1"),
      Map.entry(Kind.COMMAND_FLAG, "PF1Smgk5gVRqx5togPyWJi6B"),
      Map.entry(Kind.LOG_OPTION, "abf8954758540a5aad82365371d738ee"),
      Map.entry(Kind.OVERRIDE_AWS_SECRET_KEY, "m4PEHQmpYu6TvsOhAN+01N9zLHyL13D9DK3AILdN"),
      Map.entry(Kind.OVERRIDE_PASSWORD_FLAG, "Qm7tXc2LpW9sVb4NzR8k"),
      Map.entry(Kind.HEALTH_CHECK_USER_PASSWORD, "Wd5nRk8TqZ2vLx7mPb3c"),
      Map.entry(Kind.VOLUME_MOUNT_PASSWORD, "Jr4sNv9XcQ1wTm6zKb8y"),
      Map.entry(Kind.REGISTRY_CREDENTIALS, "Ty2mQw7NcV5xRk9pLd3s")));

  static final Set B = new Set("B", Map.ofEntries(
      Map.entry(Kind.AWS_SECRET_KEY_ENV, "NuSNi6RTPHQl5ZuC3dSvGWSjgfSJDOO25GpkcEQG"),
      Map.entry(Kind.PASSWORD_ENV, "E4NxI9j1Zp3UralKR6"),
      Map.entry(Kind.URL_PASSWORD_ENV, "LiOQ8qF8iRDyWYiKAJvV"),
      Map.entry(Kind.GITHUB_TOKEN_LABEL, "ghp_gEmkcoxEqnkzKGmP5PG9TKFPhrO8z5xRyIKp"),
      Map.entry(Kind.COMMAND_FLAG, "8tJdUFIWIie3qujYvuOBEdp8"),
      Map.entry(Kind.LOG_OPTION, "45bfab52dc3a74acc5790bfdeee84d0f"),
      Map.entry(Kind.OVERRIDE_AWS_SECRET_KEY, "ql4ZBUORgPkr6v+8agqGP1GpLljQ5iYISdfpPx81"),
      Map.entry(Kind.OVERRIDE_PASSWORD_FLAG, "Hy3Kd8PwZq6RmT1vXe5J"),
      Map.entry(Kind.HEALTH_CHECK_USER_PASSWORD, "Pz6kVt2RnW8qXc4mLb9d"),
      Map.entry(Kind.VOLUME_MOUNT_PASSWORD, "Gx8bMr3TzN7vQw1kYc5p"),
      Map.entry(Kind.REGISTRY_CREDENTIALS, "Lk9vRc4XpT2zNm7wQb6h")));

  /**
   * Where to plant, chosen by the fuzzer once and applied to every definition in the document (a registration
   * event carries the definition twice: request and response). An exhausted input plants everything into the
   * first container, appended.
   */
  record Plan(java.util.Set<Kind> kinds, int container, int position) {

    static Plan choose(FuzzedDataProvider data) {
      java.util.Set<Kind> kinds = java.util.EnumSet.noneOf(Kind.class);
      for (Kind kind : Kind.values()) {
        if (!data.consumeBoolean()) {
          kinds.add(kind);
        }
      }
      return new Plan(kinds, data.consumeInt(0, 15), data.consumeInt(0, 15));
    }
  }

  private PlantedSecrets() {}

  /** Plants into a task definition object (its {@code containerDefinitions}); anything else is left alone. */
  static void plantInDefinition(JsonNode definition, Plan plan, Set secrets) {
    if (!(definition instanceof ObjectNode object) || !(object.get("containerDefinitions") instanceof ArrayNode containers)
        || containers.isEmpty()) {
      return;
    }
    int index = Math.min(plan.container(), containers.size() - 1);
    if (!(containers.get(index) instanceof ObjectNode container)) {
      return;
    }
    Map<Kind, String> values = secrets.values();
    if (plan.kinds().contains(Kind.AWS_SECRET_KEY_ENV)) {
      insert(array(container, "environment"), plan.position(), variable("AWS_SECRET_ACCESS_KEY",
          values.get(Kind.AWS_SECRET_KEY_ENV)));
    }
    if (plan.kinds().contains(Kind.PASSWORD_ENV)) {
      insert(array(container, "environment"), plan.position(), variable("DB_PASSWORD", values.get(Kind.PASSWORD_ENV)));
    }
    if (plan.kinds().contains(Kind.URL_PASSWORD_ENV)) {
      insert(array(container, "environment"), plan.position(), variable("DATABASE_URL",
          "postgres://app:" + values.get(Kind.URL_PASSWORD_ENV) + "@db.internal:5432/app"));
    }
    if (plan.kinds().contains(Kind.GITHUB_TOKEN_LABEL)) {
      object(container, "dockerLabels").put("com.example.deploy-token", values.get(Kind.GITHUB_TOKEN_LABEL));
    }
    if (plan.kinds().contains(Kind.COMMAND_FLAG)) {
      insert(array(container, "command"), plan.position(),
          container.textNode("--db-password=" + values.get(Kind.COMMAND_FLAG)));
    }
    if (plan.kinds().contains(Kind.LOG_OPTION)) {
      ObjectNode log = object(container, "logConfiguration");
      if (!log.path("logDriver").isTextual()) {
        log.put("logDriver", "splunk");
      }
      object(log, "options").put("splunk-token", values.get(Kind.LOG_OPTION));
    }
    if (plan.kinds().contains(Kind.HEALTH_CHECK_USER_PASSWORD)) {
      object(container, "healthCheck").putArray("command").add("CMD-SHELL")
          .add("curl -fsS -u monitor:" + values.get(Kind.HEALTH_CHECK_USER_PASSWORD) + " http://localhost/health");
    }
    if (plan.kinds().contains(Kind.REGISTRY_CREDENTIALS)) {
      object(container, "repositoryCredentials")
          .put("credentialsParameter", "deploy:" + values.get(Kind.REGISTRY_CREDENTIALS));
    }
    if (plan.kinds().contains(Kind.VOLUME_MOUNT_PASSWORD)) {
      ObjectNode volume = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("name", "share");
      object(object(volume, "dockerVolumeConfiguration"), "driverOpts").put("type", "cifs")
          .put("o", "username=svc,password=" + values.get(Kind.VOLUME_MOUNT_PASSWORD) + ",vers=3.0");
      insert(array(object, "volumes"), plan.position(), volume);
    }
  }

  /** Plants into a RunTask request's {@code overrides}. */
  static void plantInRunRequest(JsonNode request, Plan plan, Set secrets) {
    if (!(request instanceof ObjectNode object)) {
      return;
    }
    ArrayNode overrides = array(object(object, "overrides"), "containerOverrides");
    while (overrides.size() <= Math.min(plan.container(), 3)) {
      overrides.addObject().put("name", "app");
    }
    if (!(overrides.get(Math.min(plan.container(), overrides.size() - 1)) instanceof ObjectNode override)) {
      return;
    }
    if (plan.kinds().contains(Kind.OVERRIDE_AWS_SECRET_KEY)) {
      insert(array(override, "environment"), plan.position(), variable("AWS_SECRET_ACCESS_KEY",
          secrets.values().get(Kind.OVERRIDE_AWS_SECRET_KEY)));
    }
    if (plan.kinds().contains(Kind.OVERRIDE_PASSWORD_FLAG)) {
      insert(array(override, "command"), plan.position(),
          override.textNode("--password=" + secrets.values().get(Kind.OVERRIDE_PASSWORD_FLAG)));
    }
  }

  /**
   * The planted secrets of {@code mine} found in {@code ownOutput} that are not in {@code otherOutput} (the same
   * input with the other set planted): each a description naming the kind and the output, never the value.
   */
  static List<String> leaks(Set mine, Map<String, String> ownOutputs, Map<String, String> otherOutputs) {
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<Kind, String> secret : mine.values().entrySet()) {
      for (Map.Entry<String, String> output : ownOutputs.entrySet()) {
        int at = find(output.getValue(), secret.getValue());
        if (at >= 0 && find(otherOutputs.getOrDefault(output.getKey(), ""), secret.getValue()) < 0) {
          leaks.add(secret.getKey() + " (set " + mine.name() + ") leaked into " + output.getKey() + " at offset " + at);
        }
      }
    }
    return leaks;
  }

  /** Where any {@value #WINDOW}-character piece of the secret occurs in the text, or -1. */
  static int find(String text, String secret) {
    if (text == null) {
      return -1;
    }
    for (int start = 0; start + WINDOW <= secret.length(); start++) {
      int at = text.indexOf(secret.substring(start, start + WINDOW));
      if (at >= 0) {
        return at;
      }
    }
    return -1;
  }

  private static ObjectNode variable(String name, String value) {
    ObjectNode variable = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    return variable.put("name", name).put("value", value);
  }

  private static void insert(ArrayNode array, int position, JsonNode value) {
    array.insert(Math.min(position, array.size()), value);
  }

  /** The array under {@code field}, replacing whatever a mutation left there. */
  private static ArrayNode array(ObjectNode holder, String field) {
    return holder.get(field) instanceof ArrayNode existing ? existing : holder.putArray(field);
  }

  private static ObjectNode object(ObjectNode holder, String field) {
    return holder.get(field) instanceof ObjectNode existing ? existing : holder.putObject(field);
  }
}
