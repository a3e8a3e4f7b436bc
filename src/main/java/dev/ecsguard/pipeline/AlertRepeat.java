package dev.ecsguard.pipeline;

import dev.ecsguard.notify.Report;
import dev.ecsguard.rule.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ECS_GUARD_ALERT_REPEAT_AFTER}: how soon the same findings on the same revision, with the same action, are
 * alerted again ({@code 1d} by default; {@code 30m}, {@code 12h}, …; {@code 0s} alerts every event). A scheduled task
 * that runs a non-compliant revision every minute then alerts once a day, not 1,440 times; a new finding, another
 * revision or an action taken alerts at once.
 */
public record AlertRepeat(Duration window) {

  public static final String VARIABLE = "ECS_GUARD_ALERT_REPEAT_AFTER";
  public static final AlertRepeat DEFAULT = new AlertRepeat(Duration.ofDays(1));
  private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smhd])");
  private static final Duration LONGEST = Duration.ofDays(90);

  public static AlertRepeat fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, VARIABLE, DEFAULT);
  }

  /** The same form in another variable (the scheduled scan's {@code ECS_GUARD_SCAN_REALERT_AFTER}). */
  public static AlertRepeat fromEnvironment(Map<String, String> env, String variable, AlertRepeat byDefault) {
    String text = env.get(variable);
    if (text == null || text.isBlank()) {
      return byDefault;
    }
    Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(variable + ": '" + text.trim() + "' is not a duration such as 30m, 12h or 1d");
    }
    long amount = Long.parseLong(m.group(1));
    Duration window = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
    if (window.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(variable + ": '" + text.trim() + "' is longer than 90 days");
    }
    return new AlertRepeat(window);
  }

  /** Every event alerts. */
  public boolean off() {
    return window.isZero();
  }

  /**
   * What the alert says, in a form that does not change with wording or order: each finding's rule, severity,
   * container, field and exemption, and the action taken.
   */
  public String digest(Report report) {
    TreeSet<String> lines = new TreeSet<>();
    for (Finding finding : report.evaluation().findings()) {
      lines.add(String.join("\u001f", finding.ruleId(), finding.severity().name(), String.valueOf(finding.container()),
          String.valueOf(finding.field()), String.valueOf(finding.exempted())));
    }
    lines.add("action\u001f" + report.outcome().action().name());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      lines.forEach(line -> sha.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    long s = window.getSeconds();
    return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
