package dev.ecsguard.facts.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A valueFrom, as IAM sees it: the action and the resource the execution role needs. */
class SecretResourceTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # valueFrom                                                               | action                        | IAM resource                                                           | name
      arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf         | secretsmanager:GetSecretValue | arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf     | prod/db-AbCdEf
      arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf:pw::    | secretsmanager:GetSecretValue | arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf     | prod/db-AbCdEf
      arn:aws:secretsmanager:eu-west-1:444455556666:secret:db:pw:AWSCURRENT:      | secretsmanager:GetSecretValue | arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-??????          | db
      arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db                | secretsmanager:GetSecretValue | arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????     | prod/db
      arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/token                 | ssm:GetParameters             | arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/token             | /prod/web/token
      arn:aws:ssm:us-east-1:111122223333:parameter/token:3                        | ssm:GetParameters             | arn:aws:ssm:us-east-1:111122223333:parameter/token                      | token
      /prod/web/token                                                             | ssm:GetParameters             | arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/token             | /prod/web/token
      token:live                                                                  | ssm:GetParameters             | arn:aws:ssm:us-east-1:111122223333:parameter/token                      | token
      """)
  void readsTheReference(String valueFrom, String action, String resource, String name) {
    SecretResource secret = SecretResource.parse(valueFrom, "aws", "us-east-1", "111122223333").orElseThrow();
    assertEquals(action, secret.action());
    assertEquals(resource, secret.iamResource());
    assertEquals(name, secret.name());
  }

  @Test
  void leavesWhatItCannotReadToSecretsValueFromValid() {
    assertTrue(SecretResource.parse("arn:aws:s3:::bucket/key", "aws", "us-east-1", "111122223333").isEmpty());
    assertTrue(SecretResource.parse("arn:aws:secretsmanager:us-east-1:111122223333:db", "aws", "us-east-1",
        "111122223333").isEmpty());
    assertTrue(SecretResource.parse("/prod/db", "aws", null, "111122223333").isEmpty(), "region unknown");
    assertTrue(SecretResource.parse(null, "aws", "us-east-1", "111122223333").isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab                | arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab
      1234abcd-12ab                                                       | arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab
      alias/web                                                           | arn:aws:kms:us-east-1:111122223333:key/*
      arn:aws:kms:us-east-1:444455556666:alias/shared                     | arn:aws:kms:us-east-1:444455556666:key/*
      """)
  void namesTheKeyDecryptIsAuthorizedOn(String keyId, String resource) {
    SecretResource secret = SecretResource.parse("/prod/db", "aws", "us-east-1", "111122223333").orElseThrow();
    assertEquals(resource, secret.kmsKeyResource(keyId));
  }

  @Test
  void readsRoleReferences() {
    assertEquals(new RoleReference("aws", "111122223333", "web"),
        RoleReference.parse("arn:aws:iam::111122223333:role/service-role/ecs/web").orElseThrow());
    assertEquals(new RoleReference(null, null, "web"), RoleReference.parse("web").orElseThrow());
    assertTrue(RoleReference.parse("arn:aws:iam::111122223333:user/web").isEmpty());
  }
}
