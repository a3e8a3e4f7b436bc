package dev.ecsguard.model;

/**
 * What a container definition's {@code user} means on Linux, in one place for every rule that asks "does this
 * run as root?" (run-as-non-root, host-network-non-root). The Control Tower patterns (CT.ECS.PR.3, PR.8):
 * {@code root}, {@code 0}, {@code 0:<group>}, {@code root:<group>}; a numeric uid of zero such as {@code 00}
 * counts too. Linux user names are case-sensitive, so {@code ROOT} is not root, and only the uid decides:
 * {@code 1000:0} (a non-root user in the root group) is not root.
 */
public final class LinuxUsers {

  private LinuxUsers() {}

  /**
   * Whether a container with this {@code user} runs as root: absent or blank (the image's user, root for
   * most images) or a root user as in {@link #isRoot(String)}.
   */
  public static boolean runsAsRoot(String user) {
    return user == null || user.isBlank() || isRoot(user.trim());
  }

  /** The uid part (before ':') is {@code root} or zero; the group does not matter. False for blank text. */
  public static boolean isRoot(String user) {
    if (user == null) {
      return false;
    }
    int colon = user.indexOf(':');
    String uid = (colon >= 0 ? user.substring(0, colon) : user).trim();
    if (uid.equals("root")) {
      return true;
    }
    // Loops rather than streams: every evaluation asks this of every container (and of RunTask overrides).
    if (uid.isEmpty()) {
      return false;
    }
    boolean allZero = true;
    for (int i = 0; i < uid.length(); i++) {
      char c = uid.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      allZero &= c == '0';
    }
    return allZero;
  }
}
