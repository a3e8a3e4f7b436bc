package dev.ecsguard.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An exemption carried by the task definition itself, as a tag:
 * {@code ecs-guard:exempt:<rule-id>} = {@code <yyyy-mm-dd> <reason>}. It only works because the definition
 * is described with {@code include=TAGS}. An exemption needs both an expiry and a reason.
 *
 * @param problem why the tag cannot be honoured (null when it is valid and unexpired)
 */
public record ExemptionTag(String key, String ruleId, LocalDate expires, String reason, String problem) {

  public static final String PREFIX = "ecs-guard:exempt:";

  public boolean valid() {
    return problem == null;
  }

  /** Whether a definition has any exemption tag: most have none, and then no date needs reading. */
  public static boolean anyIn(Map<String, String> tags) {
    for (String key : tags.keySet()) {
      if (key.startsWith(PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** Every exemption tag of a definition, valid or not, judged on {@code today}. */
  public static List<ExemptionTag> of(Map<String, String> tags, LocalDate today) {
    List<ExemptionTag> exemptions = new ArrayList<>();
    tags.forEach((key, value) -> {
      if (key.startsWith(PREFIX)) {
        exemptions.add(parse(key, value, today));
      }
    });
    exemptions.sort(java.util.Comparator.comparing(ExemptionTag::key));
    return exemptions;
  }

  static ExemptionTag parse(String key, String value, LocalDate today) {
    String ruleId = key.substring(PREFIX.length());
    String text = value == null ? "" : value.trim();
    int space = text.indexOf(' ');
    String date = space < 0 ? text : text.substring(0, space);
    String reason = space < 0 ? "" : text.substring(space + 1).trim();
    if (ruleId.isBlank()) {
      return new ExemptionTag(key, ruleId, null, reason, "the tag names no rule");
    }
    LocalDate expires;
    try {
      expires = LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      return new ExemptionTag(key, ruleId, null, reason, "the value does not start with an expiry date (yyyy-mm-dd)");
    }
    if (reason.isEmpty()) {
      return new ExemptionTag(key, ruleId, expires, reason, "the value gives no reason after the date");
    }
    if (expires.isBefore(today)) {
      return new ExemptionTag(key, ruleId, expires, reason, "it expired on " + expires);
    }
    return new ExemptionTag(key, ruleId, expires, reason, null);
  }
}
