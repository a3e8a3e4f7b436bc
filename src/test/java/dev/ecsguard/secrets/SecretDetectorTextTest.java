package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.secrets.SecretDetector.Detection;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The free-text and configuration-key helpers that no-secrets-in-command, log-options-no-secrets and the Docker
 * label check share: credentials written into a command line or a header, and keys that are credential names only
 * in configuration. Values carry CANARY so a leak would be easy to spot.
 */
class SecretDetectorTextTest {

  @ParameterizedTest(name = "{1} <- {0}")
  @CsvSource(delimiter = '|', value = {
      "DB_PASSWORD=CANARY-9f2c-do-not-print ./migrate up | name:keyword:password",
      "app --api-key=CANARY-9f2c | name:keyword:api-key",
      "java -Djavax.net.ssl.keyStorePassword=CANARY9f2c -jar app.jar | name:keyword:password",
      "env AWS_SECRET_ACCESS_KEY=CANARY9f2c aws s3 ls | name:aws-exact",
      "curl https://api.example.com/v1?token=CANARY9f2c&x=1 | name:keyword:token",
      "curl -H 'Authorization: Bearer CANARY9f2cdonotprint' https://x | authorization-header",
      "Authorization: Basic Q0FOQVJZOjlmMmM= | authorization-header",
      "curl -H 'X-Api-Key: CANARY9f2c' https://x | name:keyword:api-key",
      "git clone https://ghp_CANARY9f2cdonotprint0123456789abcdef@github.com/x/y | github-pat",
      "psql postgres://app:CANARY9f2c@db.internal/app | url-password",
      "export DB_PASSWORD='CANARY 9f2c' | name:keyword:password",
      "kubectl create secret generic app --from-literal=password=CANARY9f2c | name:keyword:password",
  })
  void findsCredentialsInText(String text, String detector) {
    Optional<Detection> found = SecretDetector.inText(text);
    assertEquals(Optional.of(detector), found.map(Detection::detector), text);
    assertFalse(found.get().shape().contains("CANARY"));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {
      "exec app --password-file=/run/secrets/db",
      "app --db-password=${DB_PASSWORD} --token=$API_TOKEN",
      "app --api-key=$(cat /run/secrets/api-key)",
      "curl -H 'Authorization: Bearer $TOKEN' https://x",
      "curl -H \"Authorization: Bearer ${TOKEN}\" https://x",
      "nginx -g 'daemon off;'",
      "java -Xmx512m -Dserver.port=8080 -Dspring.profiles.active=prod -jar app.jar",
      "aws secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:us-east-1:111122223333:secret:db",
      "app --token-type=bearer --password-min-length=12 --secret-name=prod/api",
      "echo ready: true",
      "s3://bucket/key",
      "PASSWORD= ./app",
  })
  void ignoresReferencesAndOrdinaryCommands(String text) {
    assertEquals(Optional.empty(), SecretDetector.inText(text).map(Detection::detector), text);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "splunk-token, name:keyword:token",
      "HTTP_Passwd, name:keyword:passwd",
      "apikey, name:keyword:apikey",
      "Authorization, name:keyword:authorization",
      "Proxy-Authorization, name:keyword:authorization",
      "traefik.http.middlewares.m.headers.customrequestheaders.Authorization, name:keyword:authorization",
      "licenseKey, name:keyword:license-key",
      "license_key, name:keyword:license-key",
      "Cloud_Auth, name:keyword:cloud-auth",
  })
  void configKeysAddConfigurationOnlyCredentialNames(String key, String detector) {
    assertEquals(Optional.of(detector), SecretDetector.configKey(key).map(Detection::detector));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"splunk-url", "awslogs-credentials-endpoint", "HTTP_User", "Host", "AuthorizationType",
      "license", "auth", "com.example.token-ttl"})
  void configKeysStayQuietOnOrdinaryKeys(String key) {
    assertEquals(Optional.empty(), SecretDetector.configKey(key));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"LICENSE_KEY", "AUTHORIZATION"})
  void environmentNamesAreUnchanged(String name) {
    assertTrue(SecretDetector.name(name).isEmpty(), "name() keeps its behaviour: " + name);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"$DB_PASSWORD", "\"$db_pass\"", "${X}", "$(cat /run/secrets/x)", "`cat x`", "'${X}'", "''"})
  void shellExpansionsAreNotLiterals(String value) {
    assertFalse(SecretDetector.isLiteralInText(value));
  }
}
