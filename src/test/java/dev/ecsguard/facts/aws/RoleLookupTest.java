package dev.ecsguard.facts.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the lookups: how documents and key ids are read. */
class RoleLookupTest {

  @Test
  void decodesRfc3986DocumentsAndLeavesPlainJsonAlone() {
    assertEquals("{\"Resource\": \"arn:aws:secretsmanager:us-east-1:1:secret:a+b-AbCdEf\"}",
        RoleLookup.decode("%7B%22Resource%22%3A%20%22arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A1%3Asecret%3Aa+b-AbCdEf%22%7D"));
    assertEquals("{\"Action\": \"s3:*\"}", RoleLookup.decode("  {\"Action\": \"s3:*\"}"));
  }

  @Test
  void anAwsManagedKeyIsNoCustomerKey() {
    assertEquals(Optional.empty(), SecretLookup.customer(null, "alias/aws/secretsmanager"));
    assertEquals(Optional.empty(), SecretLookup.customer("alias/aws/secretsmanager", "alias/aws/secretsmanager"));
    assertEquals(Optional.empty(), SecretLookup.customer("arn:aws:kms:us-east-1:111122223333:alias/aws/ssm",
        "alias/aws/ssm"));
    assertEquals(Optional.of("alias/web"), SecretLookup.customer("alias/web", "alias/aws/ssm"));
  }
}
