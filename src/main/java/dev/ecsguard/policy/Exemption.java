package dev.ecsguard.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An exemption written in the policy: these families may break these rules, for this reason, until this
 * date. Every field is required; an expired exemption stops applying on its own.
 *
 * @param index its position in the policy's {@code exemptions}, to name it in reports
 */
public record Exemption(int index, List<String> families, List<String> rules, String reason, LocalDate expires) {

  public boolean coversFamily(String family) {
    return families.stream().anyMatch(glob -> glob(glob).matcher(family).matches());
  }

  public boolean coversRule(String ruleId) {
    return rules.contains(ruleId);
  }

  public boolean expiredOn(LocalDate today) {
    return expires.isBefore(today);
  }

  /** A family glob: {@code *} any run of characters, {@code ?} one character, everything else literal. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
