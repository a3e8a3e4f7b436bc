package dev.ecsguard.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The few things a Lambda context tells the handler; the handler reads only the request id. */
public record FakeContext(String awsRequestId) implements Context {
  @Override public String getAwsRequestId() { return awsRequestId; }
  @Override public String getLogGroupName() { return "/aws/lambda/ecs-guard"; }
  @Override public String getLogStreamName() { return "test"; }
  @Override public String getFunctionName() { return "ecs-guard"; }
  @Override public String getFunctionVersion() { return "$LATEST"; }
  @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:ecs-guard"; }
  @Override public CognitoIdentity getIdentity() { return null; }
  @Override public ClientContext getClientContext() { return null; }
  @Override public int getRemainingTimeInMillis() { return 30_000; }
  @Override public int getMemoryLimitInMB() { return 1024; }
  @Override public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override public void log(String message) { }
      @Override public void log(byte[] message) { }
    };
  }
}
