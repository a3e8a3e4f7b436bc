package dev.ecsguard.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who is root: the CT.ECS.PR.3 patterns, decided by the uid alone, case-sensitively. */
class LinuxUsersTest {

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "root", "0", "00", "0:0", "0:1000", "root:root", "root:wheel", " root "})
  void runsAsRoot(String user) {
    assertTrue(LinuxUsers.runsAsRoot(user));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"1000", "1000:0", "1000:1000", "nginx", "ROOT", "rootless", "10", "01000"})
  void doesNotRunAsRoot(String user) {
    assertFalse(LinuxUsers.runsAsRoot(user));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", ":0"})
  void isRootNeedsAUid(String user) {
    assertFalse(LinuxUsers.isRoot(user));
  }
}
