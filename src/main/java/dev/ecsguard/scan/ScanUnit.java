package dev.ecsguard.scan;

/**
 * One unit of a scan: an account and a region. Each unit is scanned, and resumed, on its own, so that a whole
 * organization fans out as one invocation per unit (a Step Functions Distributed Map, or one schedule per unit).
 *
 * @param account the account scanned, or null for the credentials' own (the CLI without {@code --account}): each
 *     revision's ARN then names its account, which ECS lists only for its owner
 */
public record ScanUnit(String account, String region) {

  public ScanUnit {
    if (account != null && !account.matches("\\d{12}")) {
      throw new IllegalArgumentException("account: '" + account + "' is not a 12-digit account id");
    }
    if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
      throw new IllegalArgumentException("region: '" + region + "' is not an AWS region name");
    }
  }

  @Override
  public String toString() {
    return (account == null ? "this account" : account) + "/" + region;
  }
}
