package dev.ecsguard.facts.aws;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.facts.Fact;
import dev.ecsguard.facts.iam.SecretResource;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The customer-managed KMS key protecting a secret or parameter, the key whose {@code kms:Decrypt} the execution
 * role needs besides the read itself. Metadata only: {@code secretsmanager:DescribeSecret} (its {@code KmsKeyId})
 * or {@code ssm:DescribeParameters} filtered on the exact name (its {@code KeyId}); never a value. One call, in
 * the secret's region (the ARN's, else the one given).
 *
 * <p>Empty means an AWS-managed key ({@code aws/secretsmanager}, {@code aws/ssm}: usable through the service by
 * any principal of the account, so no {@code kms:Decrypt} is needed) or no encryption at all (a String or
 * StringList parameter). A customer key is reported as the service gives it (key id, key ARN or alias), not
 * resolved. A secret or parameter that does not exist is unknown ({@code NOT_APPLICABLE}), not cached: it may be
 * created in a moment, and whether it exists is not this fact's question.
 */
final class SecretLookup {

  /** DescribeParameters may answer a filter with empty pages before the match; a bound, not a limit. */
  private static final int MAX_PAGES = 3;

  private SecretLookup() {}

  static Fact<Optional<String>> kmsKey(FactCalls calls, AwsClients clients, String region, String arn) {
    // Only ARNs come here in practice (the rule builds parameter ARNs); a bare name is a parameter in `region`,
    // whose account the lookup does not need.
    SecretResource secret = SecretResource.parse(arn, null, region, "000000000000").orElse(null);
    if (secret == null) {
      return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "\"" + arn + "\" names no secret or parameter", null);
    }
    return secret.kind() == SecretResource.Kind.SECRETS_MANAGER ? secretKey(calls, clients, secret)
        : parameterKey(calls, clients, secret);
  }

  private static Fact<Optional<String>> secretKey(FactCalls calls, AwsClients clients, SecretResource secret) {
    String what = "KMS key of secret " + secret.name() + " in " + secret.region();
    return calls.call(what, "secretsmanager:DescribeSecret",
        () -> customer(clients.secretsManager(secret.region()).describeSecret(r -> r.secretId(secret.arn()))
            .kmsKeyId(), "alias/aws/secretsmanager"),
        e -> e instanceof ResourceNotFoundException
            ? Fact.unknown(Fact.Reason.NOT_APPLICABLE, "secret " + secret.name() + " does not exist in "
                + secret.region(), null) : null);
  }

  private static Fact<Optional<String>> parameterKey(FactCalls calls, AwsClients clients, SecretResource parameter) {
    String what = "KMS key of parameter " + parameter.name() + " in " + parameter.region();
    ParameterStringFilter byName = ParameterStringFilter.builder().key("Name").option("Equals")
        .values(parameter.name()).build();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String from = token;
      Fact<DescribeParametersResponse> described = calls.call(what, "ssm:DescribeParameters",
          () -> clients.ssmFacts(parameter.region())
              .describeParameters(r -> r.parameterFilters(byName).nextToken(from)),
          null);
      if (!(described instanceof Fact.Known<DescribeParametersResponse> known)) {
        Fact.Unknown<?> u = (Fact.Unknown<?>) described;
        return Fact.unknown(u.reason(), u.detail(), u.permission());
      }
      List<ParameterMetadata> found = known.value().parameters();
      if (!found.isEmpty()) {
        ParameterMetadata metadata = found.get(0);
        return Fact.known(metadata.type() == ParameterType.SECURE_STRING
            ? customer(metadata.keyId(), "alias/aws/ssm") : Optional.empty());
      }
      token = known.value().nextToken();
      if (token == null) {
        break;
      }
    }
    return Fact.unknown(Fact.Reason.NOT_APPLICABLE, "parameter " + parameter.name() + " does not exist in "
        + parameter.region(), null);
  }

  /** The key id unless it is absent or the service's AWS-managed key, by alias name or alias ARN. */
  static Optional<String> customer(String keyId, String awsManagedAlias) {
    if (keyId == null || keyId.isBlank() || keyId.equals(awsManagedAlias) || keyId.endsWith(":" + awsManagedAlias)) {
      return Optional.empty();
    }
    return Optional.of(keyId);
  }
}
