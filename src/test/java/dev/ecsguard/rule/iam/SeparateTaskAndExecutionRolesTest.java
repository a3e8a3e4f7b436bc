package dev.ecsguard.rule.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sameRole} compares the role names (what follows the last '/') before it matches the ARN pattern, whose
 * last group is that same name: these cases pin the answers the pattern-first version gave, where they could
 * differ (paths, line breaks, case beyond ASCII, other accounts). Each pair is also tried the other way round.
 */
class SeparateTaskAndExecutionRolesTest {

  @ParameterizedTest(name = "{0} | {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "arn:aws:iam::123456789012:role/app | arn:aws:iam::123456789012:role/app | true",
      "arn:aws:iam::123456789012:role/App | app | true",
      "arn:aws:iam::123456789012:role/team/app | arn:aws:iam::123456789012:role/app | true",
      "arn:aws:iam::123456789012:role/app | arn:aws:iam::210987654321:role/app | false",
      "arn:aws:iam::123456789012:role/app | arn:aws:iam::123456789012:role/app-task | false",
      "arn:aws-cn:iam::123456789012:role/a\\nb/app | arn:aws:iam::210987654321:role/app | true",
      "arn:aws:iam::123456789012:role/\u212Aey | arn:aws:iam::123456789012:role/key | true",
      "team/app | app | true",
      "app | other | false"})
  void sameRoleByNameThenAccount(String a, String b, boolean same) {
    String first = a.replace("\\n", "\n");
    assertEquals(same, SeparateTaskAndExecutionRoles.sameRole(first, b));
    assertEquals(same, SeparateTaskAndExecutionRoles.sameRole(b, first));
  }
}
