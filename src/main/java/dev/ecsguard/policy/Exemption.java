package dev.ecsguard.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An exemption written in the policy: these families may break these rules, for this reason, until this
 * date. Families, rules, reason and expiry are required; the ticket is optional. An expired exemption stops
 * applying on its own. Whoever may change the policy grants it: the registrant of a definition cannot.
 *
 * @param index its position in the policy's {@code exemptions}, to name it in reports
 * @param ticket the change or risk-acceptance ticket that approved it, or null
 */
public record Exemption(int index, List<String> families, List<String> rules, String reason, LocalDate expires,
    String ticket) {

  public boolean coversFamily(String family) {
    return families.stream().anyMatch(glob -> glob(glob).matcher(family).matches());
  }

  public boolean coversRule(String ruleId) {
    return rules.contains(ruleId);
  }

  public boolean expiredOn(LocalDate today) {
    return expires.isBefore(today);
  }

  /** Who granted it, for reports: {@code policy exemption #0 (ticket SEC-42)}. */
  public String grantor() {
    return "policy exemption #" + index + (ticket == null ? "" : " (ticket " + ticket + ")");
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
