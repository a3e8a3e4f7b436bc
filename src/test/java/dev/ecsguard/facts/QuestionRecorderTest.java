package dev.ecsguard.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dry run's recorder: answers nothing, writes down each question once, and asks it again of real facts. */
class QuestionRecorderTest {

  @Test
  void answersAsOfflineAndReplaysEachDistinctQuestionOnce() {
    QuestionRecorder recorder = new QuestionRecorder();

    Fact<Boolean> answer = recorder.logGroupExists("us-east-1", "/ecs/web");
    recorder.logGroupExists("us-east-1", "/ecs/web");
    recorder.imageSize("us-east-1", "123456789012", "web", "1.0");
    recorder.rolePolicies("arn:aws:iam::123456789012:role/web-task");
    recorder.secretKmsKey("us-east-1", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf");

    Fact.Unknown<?> unknown = assertInstanceOf(Fact.Unknown.class, answer);
    assertEquals(Fact.Reason.OFFLINE, unknown.reason(), "rules take their offline path: silent, no finding");
    assertEquals(List.of(), recorder.transientFailures());

    List<String> replayed = new ArrayList<>();
    Facts witness = new Facts() {
      @Override
      public Fact<Boolean> logGroupExists(String region, String logGroupName) {
        replayed.add("logs " + region + " " + logGroupName);
        return Fact.known(true);
      }

      @Override
      public Fact<Long> imageSize(String region, String registryAccount, String repository, String reference) {
        replayed.add("ecr " + registryAccount + " " + repository + ":" + reference);
        return Fact.known(1L);
      }

      @Override
      public Fact<SubnetEgress> subnetEgress(String region, String subnetId) {
        replayed.add("ec2 " + subnetId);
        return null;
      }

      @Override
      public Fact<RolePolicies> rolePolicies(String roleArn) {
        replayed.add("iam " + roleArn);
        return null;
      }

      @Override
      public Fact<List<String>> familiesUsingTaskRole(String account, String region, String roleArn, String exceptFamily) {
        replayed.add("inventory " + roleArn);
        return null;
      }

      @Override
      public Fact<Optional<String>> secretKmsKey(String region, String secretOrParameterArn) {
        replayed.add("kms " + secretOrParameterArn);
        return null;
      }

      @Override
      public Usage usage() {
        return new Usage(0, 0);
      }

      @Override
      public List<Fact.Unknown<?>> transientFailures() {
        return List.of();
      }
    };
    recorder.questions().forEach(question -> question.apply(witness));

    assertEquals(List.of(
        "logs us-east-1 /ecs/web",
        "ecr 123456789012 web:1.0",
        "iam arn:aws:iam::123456789012:role/web-task",
        "kms arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"), replayed);
  }
}
