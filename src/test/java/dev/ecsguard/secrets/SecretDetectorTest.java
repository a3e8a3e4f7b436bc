package dev.ecsguard.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.secrets.SecretDetector.Detection;
import dev.ecsguard.secrets.SecretDetector.Strength;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * The detector, format by format: each credential shape is found with its detector id, and its look-alikes
 * (ARNs, UUIDs, digests, plain URLs, placeholders, public keys) are not. The values are fake and carry CANARY
 * where the format allows, so the leak tests can look for them.
 */
class SecretDetectorTest {

  private static Arguments row(String name, String value, String detector) {
    return Arguments.of(name, value, detector);
  }

  private static Arguments row(String name, String value) {
    return Arguments.of(name, value);
  }

  static Stream<Arguments> credentialValues() {
    return Stream.of(
        row("UPLOADER", "AKIACANARY234567ABCD", "aws-access-key-id"),
        row("ASIA_KEY_HOLDER", "ASIACANARY234567ABCD", "aws-access-key-id"),
        row("AWS_SECRET_ACCESS_KEY", "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", "aws-secret-access-key"),
        row("BACKUP_SECRET", "CANARYwJalrXUtnFEMI/K7MDENG/bPxRfiCY9f2c", "aws-secret-access-key"),
        row("TLS_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEACANARY9f2cdonotprint0123456789abcdefABCDEF\n-----END RSA PRIVATE KEY-----", "private-key"),
        row("SSH_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAACANARY\\n-----END OPENSSH PRIVATE KEY-----", "private-key"),
        row("SIGNING", "-----BEGIN PRIVATE KEY-----CANARY", "private-key"),
        row("GIT_HELPER", "ghp_CANARY9f2cdonotprint0123456789abcdef", "github-pat"),
        row("GH", "gho_CANARY9f2cdonotprint0123456789abcdef", "github-oauth"),
        row("GH_APP", "ghs_CANARY9f2cdonotprint0123456789abcdef", "github-app-token"),
        row("GH_FG", "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", "github-fine-grained-pat"),
        row("GL", "glpat-CANARY-9f2c-donotprint", "gitlab-pat"),
        row("CHAT", "xoxb-1234567890123-1234567890123-CANARYdonotprint9f2cABCD", "slack-token"),
        row("CHAT_APP", "xapp-1-A0CANARY01-1234567890123-abcdef0123456789abcdef", "slack-app-token"),
        row("NOTIFY", "https://hooks.slack.com/services/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", "slack-webhook-url"),
        row("PAYMENTS", "sk_test_CANARY9f2cdonotprint0123456789", "stripe-key"),
        row("PAYMENTS_RESTRICTED", "rk_live_CANARY9f2cdonotprint0123", "stripe-key"),
        row("NPMRC", "npm_CANARY9f2cdonotprint0123456789abcdef", "npm-token"),
        row("TWINE", "pypi-AgEIcHlwaS5vcmcCANARY-9f2c-donotprint_CANARY-9f2c-donotprint_CANARY-9f2c-donotprint_", "pypi-token"),
        row("MAIL", "SG.CANARY-9f2c-donotprint.CANARY_donotprint-9f2cCANARY_donotprint-9f2", "sendgrid-api-key"),
        row("SMS", "SK0123456789abcdef0123456789abcdef", "twilio-api-key"),
        row("MAPS", "AIzaCANARY-9f2c_donotprintCANARY-9f2c_d", "gcp-api-key"),
        row("LLM", "sk-proj-CANARYdonotprint9f2c0123T3BlbkFJCANARYdonotprint9f2c4567", "openai-api-key"),
        row("LLM_LEGACY", "sk-CANARYdonotprint9f2c0123T3BlbkFJCANARYdonotprint9f2c4567", "openai-api-key"),
        row("CLAUDE", "sk-ant-api03-CANARY-donotprint_9f2cCANARY-donotprint_9f2cCANARY-donotprint_9f2cCANARY-donotprint_9f2cCANARAA", "anthropic-api-key"),
        row("SESSION", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDQU5BUlktOWYyYy1kby1ub3QtcHJpbnQiLCJpYXQiOjE3NjcyMjU2MDB9.CANARYsig9f2cdonotprint0123456789abcdefABCDEF", "jwt"),
        row("DATABASE_URL", "postgres://app:CANARY-9f2c-do-not-print@db.internal:5432/app", "url-password"),
        row("CACHE", "redis://:CANARY-9f2c-do-not-print@cache.internal:6379/0", "url-password"),
        row("BROKER", "amqps://worker:CANARY9f2c@mq.internal:5671/vhost", "url-password"),
        row("JDBC_URL", "jdbc:sqlserver://db.internal:1433;databaseName=app;user=app;password=CANARY-9f2c-do-not-print", "jdbc-password"),
        row("JDBC_PG", "jdbc:postgresql://db.internal:5432/app?user=app&password=CANARY9f2c", "jdbc-password"),
        row("ORACLE", "jdbc:oracle:thin:scott/CANARY9f2c@db.internal:1521/ORCL", "jdbc-password"),
        row("CONNECTION", "Server=db.internal;Database=app;User Id=app;Password=CANARY-9f2c;", "connection-string-password"),
        row("DD_API_KEY", "0123456789abcdef0123456789abcdef", "datadog-key"),
        row("S3SECRETACCESSKEY", "CANARYwJalrXUtnFEMI/K7MDENG/bPxRfiCY9f2c", "aws-secret-access-key"),
        row("S3ACCESSKEY", "CANARYwJalrXUtnFEMI/K7MDENG/bPxRfiCY9f2c", "aws-secret-access-key"),
        row("MAPS_BACKEND", "sk.eyJ1IjoiQ0FOQVJZIiwiYSI6ImNsMHh5ejEyMzAwMDAzZG1xNmJ4cTRqZzAifQ.CANARYdonotprint9f2cAb", "mapbox-secret-token"),
        row("SENTRY_DSN", "https://0123456789abcdef0123456789abcdef:CANARY9f2cdonotprint0123456789@sentry.internal/12", "url-password"),
        row("CLOUDINARY_URL", "cloudinary://123456789012345:CANARY9f2cdonotprint_0123@orders-media", "url-password"),
        row("DATADOG_APP_KEY", "0123456789abcdef0123456789abcdef01234567", "datadog-key"),
        row("SESSION_SEED", "Qm9vdHN0cmFwCANARYx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5Gh0Jf", "entropy"),
        // more vendor formats (gitleaks and secretlint rule families)
        row("SFTP_PPK", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAICANARY", "private-key"),
        row("REGISTRY_DEPLOY", "gldt-CANARYAbP0VxNjAe-9i0", "gitlab-token"),
        row("RUNNER_REGISTRATION", "GR1348941CANARYAbP0VxNjAe-9i0", "gitlab-token"),
        row("SLACK_REFRESH", "xoxe-1-CANARYgYzQJjOIfPkzSrAsQtA9dtVK4wAAb3XZxPmzUzn8aB5kBh0fzK4xDXkiadJjPZ6zfKN7xVGkjwskHk7egyFWZY9Zmti18c", "slack-token"),
        row("BOOTSTRAP", "hvs.CANARYPtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA-2O76UMFxFkM-R5Kjp1vRt_1fjORS-6ilI8ihN5KXSc7Tvo", "vault-token"),
        row("TFC", "5dnsipzz5fk2z9.atlasv1.CANARYr4i0B3JrTAwR4y9ojfljoQoaF1LlqsajAIxNKu8iS2G8NPRVdD53X83RZJzzz", "terraform-cloud-token"),
        row("MODEL_HUB", "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", "huggingface-token"),
        row("DATABRICKS", "dapi48bbf33feff9243a8f506b40928b5b7a", "databricks-token"),
        row("SHOP_ADMIN", "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", "shopify-token"),
        row("DO_CLI", "dop_v1_c6f5da2cec255404e4fb440034d6608697a8d41bed440e50454f31af3176813e", "digitalocean-token"),
        row("REGISTRY_LOGIN", "dckr_pat_CANARYdi4PzJ59FHz5r1pY4OjE2", "docker-pat"),
        row("GRAFANA_SA", "glsa_CANARYenQtYh5Xj8TPQxjq4i9DoV8gz4_f575dcad", "grafana-token"),
        row("GROQ", "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", "groq-api-key"),
        row("NEWRELIC_USER", "NRAK-CANARYJ865UFRDL1ERBFQFOEQH3", "newrelic-key"),
        row("NR_LICENSE", "0ad84173581569969e58b081006f7e3dfc96NRAL", "newrelic-key"),
        row("SENTRY", "sntrys_CANARYDRzrZSgqbjG3uhkWKFLf6xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP/tKsf2rcDkdfrU", "sentry-token"),
        row("FLAGS", "sdk-3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31", "launchdarkly-key"),
        row("PUSH", "AAAAnW5gcF_:APA91bCANARYHa6ili8GjHEAD6-Wj9KfzjsQGMrb9h_ImB_LK777pzNk8cL6j5IXAAjlsHUqJoUD-_Ydua_5ZMs1SWOpQaPRYpzbLGViYXjU2JgJngKtFI3OyV2dZAkg05rK_gqv81RK", "firebase-server-key"),
        row("ISSUES", "lin_api_CANARYtqVVPqzPptEJQzhkPkenG5ZFJoC6vWCBiJ", "linear-api-key"),
        row("DOCS", "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", "notion-token"),
        row("DESIGN", "figd_CANARYBlIFXZ53Ncqe28_ajY75FnCttn6kfaqDeM", "figma-token"),
        row("DEPLOYS", "vcp_CANARY9iOqHOBSWhgetH8Lmy", "vercel-token"),
        row("OP", "ops_eyJCANARYHCabM6JOF8EFd0Nhcy/1kGD2VD/eR1UYzaLiA/zNyD7CHLn/xC+1hsYgBds1ghxY5OokvQyx7eNWVQ4vnakJkS1pAWTN3lg8zV5yPU8d0FZfWe7ihG", "onepassword-token"),
        row("ALERTS", "https://discord.com/api/webhooks/1234567890123456789/CANARYyiRUIQfHOJMaidDn87XG3-q-xbMtEPO6UkzYuF0ie9Pu2njHkAm1-5wDr16EpL", "webhook-url"),
        row("TEAMS", "https://example.webhook.office.com/webhookb2/3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31@9a2f0d8e-6b5c-4a31-3f1c-2a9e7b4d4c1e/IncomingWebhook/988b886e7577496a2c8773e130f7eb19/3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31/V2CANARYohdmM0Lm7exG3lCMqXXQ8agOMTNwncxvjcnqcMU", "webhook-url"),
        row("EXPORTS", "https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=rl&se=2026-12-31T00:00:00Z&sig=CANARYr4i0B3JrTAwR4y9ojfljoQ%3D", "signed-url"),
        row("REPORT_LINK", "https://b.s3.amazonaws.com/r.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "signed-url"),
        row("REDSHIFT", "jdbc:redshift://analytics.internal:5439/dev;UID=etl;PWD=CANARY9f2c", "jdbc-password"),
        // credentials inside a structured value
        row("JAVA_OPTS", "-Xmx1g -Dspring.datasource.password=CANARY-9f2c -Dspring.profiles.active=prod", "embedded-credential"),
        row("ORDER_WEBHOOK", "https://hooks.partner.example/v1/notify?channel=orders&token=CANARY9f2cdonotprint", "embedded-credential"),
        row("APP_CONFIG", "{\"region\": \"us-east-1\", \"apiKey\": \"CANARY9f2cdonotprint\"}", "embedded-credential"),
        row("JAAS", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"CANARY9f2c\";", "embedded-credential"),
        row("DATABASE_YML", "production:\n  username: orders\n  password: CANARY9f2c\n", "embedded-credential"),
        row("AZURE_STORAGE", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=CANARY9f2cdonotprint0123456789==;EndpointSuffix=core.windows.net", "embedded-credential"),
        row("AUTH_HEADER", "Bearer CANARY9f2cdonotprint0123456789", "authorization-header"),
        row("UPSTREAM_AUTHORIZATION", "Basic ZGVwbG95OkNBTkFSWS05ZjJjLWRvLW5vdC1wcmludA==", "authorization-header"),
        row("DOCKER_AUTH_CONFIG", "{\"auths\": {\"registry.example.com\": {\"auth\": \"ZGVwbG95OkNBTkFSWS05ZjJjLWRvLW5vdC1wcmludA==\"}}}", "encoded-credentials"),
        row("REGISTRY_AUTH", "ZGVwbG95OkNBTkFSWS05ZjJjLWRvLW5vdC1wcmludA==", "encoded-credentials"),
        row("TLS_B64", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ0NBTkFSWQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==", "private-key")
    );
  }

  static Stream<Arguments> harmlessValues() {
    return Stream.of(
        row("DB_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"),
        row("REQUEST_ID", "3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31"),
        row("IMAGE_DIGEST", "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        row("PLAIN_DIGEST", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        row("GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567"),
        row("API_BASE_URL", "https://api.example.com/v1/orders?limit=10"),
        row("GIT_REMOTE", "https://git@github.com/example/app.git"),
        row("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal:5432/app"),
        row("TEMPLATE_URL", "mysql://app:{{password}}@db.internal/app"),
        row("REDACTED_URL", "postgres://app:****@db.internal/app"),
        row("JDBC_URL", "jdbc:postgresql://db.internal:5432/app?user=app"),
        row("JDBC_EMPTY", "jdbc:sqlserver://db.internal;user=app;password="),
        row("IMAGE", "111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2"),
        row("JAVA_OPTS", "-Xmx512m -XX:+UseG1GC -Dspring.profiles.active=prod"),
        row("SHORT_GH", "ghp_short"),
        row("AKIA_WORD", "AKIAEXAMPLE"),
        row("LOWER_AKIA", "akiacanary234567abcd"),
        row("HUGS", "xoxo-hugs-and-kisses"),
        row("JWT_HEADER_ONLY", "eyJhbGciOiJIUzI1NiJ9"),
        row("TWILIO_SHORT", "SK0123456789abcdef0123456789abcde"),
        row("PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA-----END PUBLIC KEY-----"),
        row("CA_CERT", "-----BEGIN CERTIFICATE-----MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa-----END CERTIFICATE-----"),
        row("STRIPE_PUBLISHABLE", "pk_live_CANARY9f2cdonotprint0123"),
        row("BUILD_HASH", "0123456789abcdef0123456789abcdef"),
        row("SERVICE_NAME", "orders-service-production-east"),
        row("WORDS", "the-quick-brown-fox-jumps-over-the-lazy-dog"),
        row("SLACK_DOCS", "https://hooks.slack.com/services/"),
        row("FEATURE_FLAGS", "checkout=on;search=off;recommendations=on"),
        row("UUIDS", "3f1c2a9e7b4d4c1e9a2f0d8e6b5c4a313f1c2a9e7b4d4c1e"),
        row("PATH_VALUE", "/usr/local/bin/app/config/production/settings.yaml"),
        row("EMPTY", ""),
        // placeholders in a token's shape: low entropy, AWS documentation keys
        row("GITHUB_PAT", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        row("AWS_KEY", "AKIAXXXXXXXXXXXXXXXX"),
        row("DOCS_KEY", "AKIAIOSFODNN7EXAMPLE"),
        row("SENDGRID", "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        // the name narrows the ambiguous formats: DD_VERSION holds a commit, a site key is not an AWS key
        row("DD_VERSION", "0123456789abcdef0123456789abcdef01234567"),
        row("DD_GIT_COMMIT_SHA", "0123456789abcdef0123456789abcdef01234567"),
        row("NEXT_PUBLIC_POSTHOG_KEY", "phc_Qm9vdHN0cmFwx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5Gh0Jf"),
        // base64 documents and files, labelled digests
        row("APP_CONFIG_B64", "eyJzZXJ2aWNlIjogIm9yZGVycyIsICJyZWdpb24iOiAidXMtZWFzdC0xIiwgInJldHJpZXMiOiAzLCAiZmVhdHVyZXMiOiB7Im5ld0NoZWNrb3V0IjogdHJ1ZX19"),
        row("ROUTES_GZ", "H4sIAAAAAAACA6tWKsovLUktVrKKrlbKS8xNVbJSyswrS80ryS+qVNJRKi3KAYpklJQUWOnrwyX0MvNKUovyEnOsLAwsDJRqY2sBtXpjIkgAAAA="),
        row("BUNDLE_SRI", "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"),
        // values that only look structured
        row("FEATURE_FLAGS_KV", "checkout_v2=on,search_v3=off,token_refresh=on"),
        row("OAUTH_SETTINGS", "{\"tokenType\": \"Bearer\", \"passwordMinLength\": 12, \"apiKeyHeader\": \"x-api-key\"}"),
        row("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD}"),
        row("NPMRC", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
        row("KAFKA_OPTS", "-Djava.security.auth.login.config=/etc/kafka/jaas.conf"),
        row("AUTH_SCHEME", "Bearer ${TOKEN}"),
        row("RETURN_URL_B64", "aHR0cHM6Ly9hcHAuZXhhbXBsZS5jb20vb3JkZXJzP3N0YXR1cz1wYWlk"),
        // public by design: a Mapbox pk. token, a Sentry DSN with only its public key
        row("MAPBOX_TOKEN", "pk.eyJ1Ijoib3JkZXJzIiwiYSI6ImNsMHh5ejEyMzAwMDAzZG1xNmJ4cTRqZzAifQ.Qm9vdHN0cmFwx7Kp2Lz9Wv"),
        row("SENTRY_DSN", "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/4504")
    );
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("credentialValues")
  void findsCredentialShapedValues(String name, String value, String detector) {
    Optional<Detection> found = SecretDetector.value(name, value);
    assertEquals(Optional.of(detector), found.map(Detection::detector), name);
    assertEquals(detector.equals("entropy") ? Strength.WEAK : Strength.STRONG, found.get().strength());
    assertFalse(found.get().shape().contains(value), "the description never holds the value");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("harmlessValues")
  void ignoresLookAlikes(String name, String value) {
    assertEquals(Optional.empty(), SecretDetector.value(name, value).map(Detection::detector), name);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "AWS_ACCESS_KEY_ID, name:aws-exact",
      "AWS_SECRET_ACCESS_KEY, name:aws-exact",
      "ECS_ENGINE_AUTH_DATA, name:aws-exact",
      "aws_secret_access_key, name:aws-exact",
      "DB_PASSWORD, name:keyword:password",
      "dbPassword, name:keyword:password",
      "MYSQL_ROOT_PASSWORD, name:keyword:password",
      "PASSWORD, name:keyword:password",
      "DBPASSWORD, name:keyword:password",
      "PASSWORDS, name:keyword:password",
      "REDIS_PASSWD, name:keyword:passwd",
      "DB_PWD, name:keyword:pwd",
      "JWT_SECRET, name:keyword:secret",
      "SECRET_KEY_BASE, name:keyword:secret",
      "NEXTAUTH_SECRET, name:keyword:secret",
      "CLIENT_SECRET, name:keyword:client-secret",
      "oauthClientSecret, name:keyword:client-secret",
      "GITHUB_TOKEN, name:keyword:token",
      "SLACK_BOT_TOKEN, name:keyword:token",
      "AUTHTOKEN, name:keyword:token",
      "API_KEY, name:keyword:api-key",
      "apiKey, name:keyword:api-key",
      "X-API-KEY, name:keyword:api-key",
      "STRIPE_APIKEY, name:keyword:apikey",
      "PRIVATE_KEY, name:keyword:private-key",
      "MINIO_ACCESS_KEY, name:keyword:access-key",
      "MINIO_ACCESS_KEY_ID, name:keyword:access-key-id",
      "AUTH_KEY, name:keyword:auth-key",
      "SERVICE_ACCOUNT_KEY, name:keyword:account-key",
      "SERVICE_KEY, name:keyword:service-key",
      "ENCRYPTION_KEY, name:keyword:encryption-key",
      "GOOGLE_CREDENTIALS, name:keyword:credential",
      "DOCKER_CREDS, name:keyword:credential",
      "GPG_PASSPHRASE, name:keyword:passphrase",
      "SMTP_PASS, name:keyword:pass",
      "RABBITMQ_DEFAULT_PASS, name:keyword:pass",
      "LDAP_BIND_PW, name:keyword:pw",
      "JWT_KEY, name:keyword:jwt-key",
      "HMAC_KEY, name:keyword:hmac-key",
      "AES_KEY, name:keyword:aes-key",
      "SESSION_KEY, name:keyword:session-key",
      // credential words glued without separators, in one case
      "S3SECRETACCESSKEY, name:keyword:secret",
      "SECRETACCESSKEY, name:keyword:secret",
      "s3secretaccesskey, name:keyword:secret",
      "SECRETKEY, name:keyword:secret",
      "APIKEY, name:keyword:apikey",
      "MYAPIKEY, name:keyword:apikey",
      "MYPRIVATEKEY, name:keyword:privatekey",
      "ACCESSKEYID, name:keyword:access-key-id",
      "ADMINPASSWORD, name:keyword:password",
      "KEYSTOREPASSWORD, name:keyword:password",
      "DOCKERCREDS, name:keyword:credential",
      "IDTOKEN, name:keyword:token",
      "API_KEY_ANDROID, name:keyword:api-key",
      // the rest of detect-secrets' keyword denylist
      "DB_CONTRASEÑA, name:keyword:contrasena",
      "DATABASEPASS, name:keyword:databasepass",
      "CLIENTKEY, name:keyword:client-key",
      "DATABASEKEY, name:keyword:database-key",
      // <VENDOR>_KEY, <VENDOR>_<ANY>_KEY, <VENDOR>KEY for vendors whose key is secret
      "AMH_OPENAI_KEY, name:vendor-key:openai",
      "OPENAI_KEY, name:vendor-key:openai",
      "OPENAIKEY, name:vendor-key:openai",
      "AZURE_OPEN_AI_KEY, name:vendor-key:openai",
      "ANTHROPIC_KEY, name:vendor-key:anthropic",
      "CLAUDE_KEY, name:vendor-key:anthropic",
      "STRIPE_KEY, name:vendor-key:stripe",
      "SendGridKey, name:vendor-key:sendgrid",
      "TWILIO_KEY, name:vendor-key:twilio",
      "MAILGUN_DOMAIN_KEY, name:vendor-key:mailgun",
      "DD_APP_KEY, name:vendor-key:datadog",
      "DATADOG_APPLICATION_KEY, name:vendor-key:datadog",
      "NEW_RELIC_INSERT_KEY, name:vendor-key:newrelic",
      "NEWRELIC_LICENSE_KEY, name:vendor-key:newrelic",
      "SENTRY_KEY, name:vendor-key:sentry",
      "SLACK_APP_KEY, name:vendor-key:slack",
      "GH_KEY, name:vendor-key:github",
      "GITLAB_KEY, name:vendor-key:gitlab",
      "HuggingFaceKey, name:vendor-key:huggingface",
      "HF_KEY, name:vendor-key:huggingface",
      "PINECONE_KEY, name:vendor-key:pinecone",
      "ALGOLIA_ADMIN_KEY, name:vendor-key:algolia",
      "POSTMARK_KEY, name:vendor-key:postmark",
      "CLOUDINARY_KEY, name:vendor-key:cloudinary",
      "MISTRAL_KEY, name:vendor-key:mistral",
      "TWILIO_KEY_LEGACY, name:vendor-key:twilio",
  })
  void findsCredentialNames(String name, String detector) {
    assertEquals(Optional.of(detector), SecretDetector.name(name).map(Detection::detector));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "TOKEN_TYPE", "token_type_hint", "PASSWORD_MIN_LENGTH", "DB_SECRET_ARN", "SECRET_ARN", "SECRET_NAME",
      "API_VERSION", "VERSION_TOKEN", "TOKEN_TTL", "JWT_TOKEN_URL", "DB_PASSWORD_FILE", "CLIENT_ID",
      "API_KEY_ID", "SECRETS_MANAGER_ENDPOINT", "SECRET_REGION", "PASSWORD_POLICY", "AUTH_TOKEN_HEADER",
      "TOKENIZERS_PARALLELISM", "PWD", "OLDPWD", "PUBLIC_KEY", "SSH_PUBLIC_KEY", "KEY", "CACHE_KEY",
      "MONKEY", "DATABASE_URL", "LOG_LEVEL", "SECRET_ROTATION_DAYS", "PASSWORD_RESET_TIMEOUT",
      "MAX_TOKENS", "MIN_PASSWORD_LENGTH", "NUM_TOKENS", "TOKEN_LIMIT", "SECRETS_CONFIG", "PASSWORD_SETTINGS",
      "SECRET_MANAGER", "PASSWORD_ENCODER", "PASSWORD_HASHER", "TOKEN_GENERATOR", "PASSWORD_COMPLEXITY",
      "STRIPE_PUBLISHABLE_KEY", "NEXT_PUBLIC_MAPBOX_TOKEN", "MAPBOX_PUBLIC_TOKEN", "BYPASS", "PASS_THROUGH",
      "JWT_KEY_ID", "SESSION_KEY_PREFIX",
      // glued, and still no credential: ordinary words, descriptors glued to a credential word, quantities
      "KEYBOARD", "KEYBOARD_LAYOUT", "TOKENIZER", "TOKENIZER_MODEL", "HOTKEY", "TURNKEY", "PASSKEY", "SORTKEY",
      "PARTITIONKEY", "COMPASS", "SECRETARY", "PASSWORDMINLENGTH", "TOKENTYPE", "OAUTHTOKENTYPE", "APIKEYVERSION",
      "APIKEYID", "SECRETARN", "SECRETNAME", "TOKENTTL", "MAXTOKENS", "MINPASSWORD", "PUBLICKEY",
      // a vendor, but no secret key: public keys, descriptors, other settings
      "ALGOLIA_SEARCH_KEY", "ALGOLIA_SEARCH_ONLY_KEY", "ALGOLIA_APP_ID", "PUSHER_APP_KEY", "PUSHER_KEY",
      "NEW_RELIC_BROWSER_KEY", "STRIPE_PUBLIC_KEY", "OPENAI_MODEL", "OPENAI_BASE_URL", "SENTRY_KEY_ID", "DD_VERSION",
      "DD_SERVICE", "GITHUB_KEY_ID", "STRIPE_KEY_PREFIX", "SLACK_KEYWORDS", "KEY_OPENAI", "SLACK_CHANNEL", "MAPBOX_KEY", "FIREBASE_KEY",
  })
  void ignoresNamesThatDescribeCredentials(String name) {
    assertEquals(Optional.empty(), SecretDetector.name(name).map(Detection::detector));
  }

  @ParameterizedTest(name = "not literal: [{0}]")
  @NullAndEmptySource
  @CsvSource(delimiter = '|', value = {
      "'   '",
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf",
      "arn:aws:ssm:us-east-1:111122223333:parameter/app/token",
      "${DB_PASSWORD}",
      "{{resolve:secretsmanager:prod/app:SecretString:password}}",
      "$$$DB_PASSWORD$$$",
      "$DB_PASSWORD",
      "<your-password-here>",
      "********",
      "xxxxxx",
      "true", "FALSE", "yes", "off", "none",
      "12", "3600", "-1",
      "/run/secrets/db_password",
      "~/.ssh/id_ed25519",
      "gcp-service-account.json",
      "./certs/tls.key",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
      "AKIAXXXXXXXXXXXXXXXX",
      "sk-...",
      "SG.xxxxxxxxxx.xxxxxxxxxxxxxxx",
      "xoxb-your-bot-token",
      "your_api_key_here",
      "changeme", "REPLACE_ME", "__DB_PASSWORD__",
  })
  void referencesAndPlaceholdersAreNotLiterals(String value) {
    assertFalse(SecretDetector.isLiteral(value));
  }

  @ParameterizedTest(name = "literal: [{0}]")
  @CsvSource(delimiter = '|', value = {
      "CANARY-9f2c-do-not-print", "hunter2", "123456", "$ecret-CANARY", "p@ss/word", "Bearer abc",
  })
  void plainValuesAreLiterals(String value) {
    assertTrue(SecretDetector.isLiteral(value));
  }

  /** The cheap pre-check in front of the placeholder regex never turns away a text the regex matches. */
  @Test
  void tokensSplitOnSeparatorsAndCamelCase() {
    assertEquals(List.of("db", "password"), NameTokens.tokens("DB_PASSWORD"));
    assertEquals(List.of("db", "password"), NameTokens.tokens("dbPassword"));
    assertEquals(List.of("api", "key"), NameTokens.tokens("APIKey"));
    assertEquals(List.of("x", "api", "key"), NameTokens.tokens("x-api-key"));
    assertEquals(List.of("oauth2", "client", "secret"), NameTokens.tokens("oauth2ClientSecret"));
  }

  @Test
  void gluedWordsAreReadFromTheEndOfAToken() {
    assertEquals(List.of("s3", "secret", "accesskey"), CredentialNames.words("S3SECRETACCESSKEY"));
    assertEquals(List.of("db", "password"), CredentialNames.words("DBPASSWORD"));
    assertEquals(List.of("amh", "openai", "key"), CredentialNames.words("AMH_OPENAI_KEY"));
    assertEquals(List.of("password", "min", "length"), CredentialNames.words("PASSWORDMINLENGTH"));
    assertEquals(List.of("apikey"), CredentialNames.words("APIKEY"), "a joined pair stays whole");
    assertEquals(List.of("keyboard"), CredentialNames.words("KEYBOARD"), "no known word ends it");
    assertEquals(List.of("tokenizer", "model"), CredentialNames.words("TOKENIZER_MODEL"));
    assertEquals(List.of("mon", "key"), CredentialNames.words("MONKEY"));
    assertEquals(List.of("admin", "password"), CredentialNames.words("ADMINPASSWORD"), "min ends admin, no credential");
    assertEquals(List.of("api", "key", "android"), CredentialNames.words("API_KEY_ANDROID"));
    assertEquals(List.of("compass"), CredentialNames.words("COMPASS"), "pass is never cut off");
  }

  @Test
  void entropyIsMeasuredInBitsPerCharacter() {
    assertEquals(0.0, SecretDetector.shannonEntropy("aaaaaaaa"), 1e-9);
    assertEquals(1.0, SecretDetector.shannonEntropy("abababab"), 1e-9);
    assertEquals(6.0, SecretDetector.shannonEntropy(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"), 1e-9);
  }

  @Test
  void entropyIgnoresShortHexAndUnmixedStrings() {
    assertFalse(CredentialValues.isHighEntropy("Qm9vdHN0cmFwx7Kp2Lz9Wv4Rt6Yu8"), "shorter than 32");
    assertFalse(CredentialValues.isHighEntropy("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "hex");
    assertFalse(CredentialValues.isHighEntropy("3f1c2a9e-7b4d-4c1e-9a2f-0d8e6b5c4a31-3f1c2a9e"), "uuid-like");
    assertFalse(CredentialValues.isHighEntropy("abcdefghijklmnopqrstuvwxyzabcdefghijkl"), "lower case only");
    assertFalse(CredentialValues.isHighEntropy("/Qm9vdHN0cmFwx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5"), "path");
    assertTrue(CredentialValues.isHighEntropy("Qm9vdHN0cmFwCANARYx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5Gh0Jf"));
  }

  @Test
  void anAwsSecretKeyNeedsAnAwsOrSecretName() {
    String key = "CANARYwJalrXUtnFEMI/K7MDENG/bPxRfiCY9f2c";
    assertEquals(Optional.of("aws-secret-access-key"),
        SecretDetector.value("MINIO_ACCESS_KEY", key).map(Detection::detector));
    Optional<Detection> siteKey = SecretDetector.value("RECAPTCHA_SITE_KEY", key);
    assertEquals(Optional.of(Strength.WEAK), siteKey.map(Detection::strength), "only entropy, a hint");
  }

  @Test
  void base64IsDecodedBeforeEntropyDecides() {
    assertEquals("deploy:CANARY-9f2c-do-not-print",
        CredentialValues.base64Text("ZGVwbG95OkNBTkFSWS05ZjJjLWRvLW5vdC1wcmludA==").orElseThrow());
    assertTrue(CredentialValues.base64Text("Qm9vdHN0cmFwCANARYx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5Gh0Jf").isEmpty(), "random bytes");
    assertTrue(CredentialValues.isEncodedFile("H4sIAAAAAAACA6tWKsovLUktVrKKrlbKS8xNVbJSyswrS80ryS"), "gzip");
    assertTrue(CredentialValues.isEncodedFile("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA"), "PNG");
    assertFalse(CredentialValues.isEncodedFile("Qm9vdHN0cmFwCANARYx7Kp2Lz9Wv4Rt6Yu8Ie1Ob3Nm5Gh0Jf"));
    Optional<Detection> encodedKey = SecretDetector.value("TLS_B64",
        "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ0NBTkFSWQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==");
    assertTrue(encodedKey.orElseThrow().shape().endsWith("base64-encoded"));
  }

  @Test
  void aNullOrBlankValueIsNothing() {
    assertEquals(Optional.empty(), SecretDetector.value("DB_PASSWORD", null));
    assertEquals(Optional.empty(), SecretDetector.value(null, "  "));
    assertEquals(Optional.empty(), SecretDetector.name(null));
    assertEquals(Optional.empty(), SecretDetector.name(" "));
  }
}
