package dev.ecsguard.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sorts SDK failures into transient (retry the event) and permanent (log once, do not retry). Messages
 * carry the operation and AWS's error code, never request content.
 */
public final class AwsFailures {

  private AwsFailures() {}

  public static RuntimeException classify(String operation, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String what = operation + " failed: " + (code == null ? "error" : code) + " (HTTP " + service.statusCode() + ")";
      if (service.isThrottlingException() || service.statusCode() >= 500 || service.retryable()) {
        return new TransientAwsException(what, e);
      }
      return new PermanentAwsException(what, code, e);
    }
    if (e instanceof SdkClientException) {
      // No answer at all: connection refused or reset, timeouts, DNS.
      return new TransientAwsException(operation + " failed: no answer from AWS (" + e.getClass().getSimpleName() + ")", e);
    }
    return new TransientAwsException(operation + " failed: " + e.getClass().getSimpleName(), e);
  }

  /** ECS says a revision is already inactive with a ClientException whose message says so. */
  public static boolean mentionsInactive(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("inactive");
  }

  /** ECS reports an unknown task definition as a ClientException, not a 404. */
  public static boolean isNotFound(AwsServiceException e) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return e.statusCode() == 400 && message != null
        && (message.contains("Unable to describe task definition") || message.toLowerCase(java.util.Locale.ROOT).contains("does not exist"));
  }
}
