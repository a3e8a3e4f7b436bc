package dev.ecsguard.resolve;

import dev.ecsguard.event.ApiCall;

/** Where the definition an API call is about comes from: the ECS API, or the event itself offline. */
public interface TaskDefinitionSource {

  /**
   * Finds the definition for a registration or a run. Throws {@link dev.ecsguard.aws.TransientAwsException}
   * when AWS cannot answer now, so that the event is retried.
   */
  Resolution resolve(ApiCall call);

  /** The revision a call is about: the exact ARN when the event has one, else what the caller named. */
  static String reference(ApiCall call) {
    if (call instanceof ApiCall.Registration r) {
      return r.taskDefinitionArn() != null ? r.taskDefinitionArn() : r.family();
    }
    if (call instanceof ApiCall.Run r) {
      return r.taskDefinitionArn() != null ? r.taskDefinitionArn() : r.request().taskDefinition();
    }
    throw new IllegalArgumentException("only registrations and runs are resolved");
  }
}
