package dev.ecsguard.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Facts that answer nothing (as offline) and write down every question asked: a dry run of the rules with it
 * lists the lookups an event needs, so that they can be asked together instead of one after the other.
 * Questions that depend on an earlier answer are not seen here; they are asked, as before, when the rules ask.
 */
public final class QuestionRecorder implements Facts {

  /** Key → the same question, to ask of real facts. Insertion order: the order the rules asked. */
  private final Map<String, Function<Facts, Fact<?>>> questions = new LinkedHashMap<>();

  /** The questions asked, each once. */
  public List<Function<Facts, Fact<?>>> questions() {
    return new ArrayList<>(questions.values());
  }

  private <T> Fact<T> record(String key, Function<Facts, Fact<?>> question) {
    questions.putIfAbsent(key, question);
    return Fact.unknown(Fact.Reason.OFFLINE, "a dry run asks nothing", null);
  }

  @Override
  public Fact<Boolean> logGroupExists(String region, String logGroupName) {
    return record("logs " + region + " " + logGroupName, facts -> facts.logGroupExists(region, logGroupName));
  }

  @Override
  public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
    return record("ecr " + region + " " + registryAccount + " " + repository + " " + reference,
        facts -> facts.imageSize(region, registryAccount, repository, reference));
  }

  @Override
  public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
    return record("ec2 " + region + " " + subnetId, facts -> facts.subnetEgress(region, subnetId));
  }

  @Override
  public Fact<RolePolicies> rolePolicies(String roleArn) {
    return record("iam " + roleArn, facts -> facts.rolePolicies(roleArn));
  }

  @Override
  public Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn,
      String exceptFamily) {
    return record("inventory " + account + " " + region + " " + roleArn + " " + exceptFamily,
        facts -> facts.familiesUsingTaskRole(account, region, roleArn, exceptFamily));
  }

  @Override
  public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
    return record("kms " + region + " " + secretOrParameterArn, facts -> facts.secretKmsKey(region, secretOrParameterArn));
  }

  @Override
  public Usage usage() {
    return new Usage(0, 0);
  }

  @Override
  public List<Fact.Unknown<?>> transientFailures() {
    return List.of();
  }
}
