package dev.ecsguard.rule.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.facts.iam.RoleReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RoleArnValid#isPlainRoleArn} is the loop in front of {@link RoleReference}'s regex: what it accepts, the
 * regex accepts; what it turns away goes to the regex, so it never decides a value alone.
 */
class RoleArnValidLoopsTest {

  @ParameterizedTest(name = "[{0}] plain: {1}")
  @CsvSource(delimiter = '|', value = {
      "arn:aws:iam::111122223333:role/web-task|true",
      "arn:aws-us-gov:iam::111122223333:role/service/web-task|true",
      "arn:aws-cn:iam::111122223333:role/a/b/c+=,.@_-d|true",
      "arn:aws:iam::111122223333:role/" + "r234567890123456789012345678901234567890123456789012345678901234|true",
      "arn:aws:iam::111122223333:role/" + "r2345678901234567890123456789012345678901234567890123456789012345|false",
      "arn:aws:iam::111122223333:role/|false",
      "arn:aws:iam::11112222333:role/web|false",
      "arn:aws:iam::111122223333:user/web|false",
      "arn:aws:iam::111122223333:role/we b|false",
      "arn:aws:sts::111122223333:role/web|false",
      "ecsTaskExecutionRole|false",
  })
  void agreesWithTheRegexWhereverItAccepts(String value, boolean plain) {
    assertEquals(plain, RoleArnValid.isPlainRoleArn(value));
    if (plain) {
      assertTrue(RoleReference.parse(value).isPresent(), "the regex accepts it too");
    }
  }
}
