package dev.ecsguard.prime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers the SDK as AWS would, from canned replies, so that
 * priming runs the whole SDK path (marshalling, signing, retries, unmarshalling) without calling AWS. ECS's
 * DescribeTaskDefinition gets the definition to prime with, every other ECS call an empty success, SNS Publish a
 * message id; every other service (the fact lookups) is denied, in its own protocol's error shape, which the
 * lookups turn into "could not verify".
 */
final class CannedAws implements SdkHttpClient {

  private static final String ECS_TARGET = "AmazonEC2ContainerServiceV20141113.";
  private static final String DENIED = "priming makes no AWS call";

  private final String describeTaskDefinitionReply;
  private final java.util.Queue<String> answered = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** @param describeTaskDefinitionReply the JSON body ECS answers DescribeTaskDefinition with */
  CannedAws(String describeTaskDefinitionReply) {
    this.describeTaskDefinitionReply = describeTaskDefinitionReply;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        return reply(request);
      }

      @Override
      public void abort() {}
    };
  }

  /** What was answered, in order: the target or the query action of each request. */
  java.util.List<String> answered() {
    return java.util.List.copyOf(answered);
  }

  private HttpExecuteResponse reply(HttpExecuteRequest request) {
    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse(null);
    String body = target == null ? body(request) : "";
    answered.add(target != null ? target : body.replaceFirst("^Action=([^&]*).*$", "$1"));
    if (target != null) {
      if (!target.startsWith(ECS_TARGET)) {
        return answer(400, "application/x-amz-json-1.1",
            "{\"__type\":\"AccessDeniedException\",\"message\":\"" + DENIED + "\"}");
      }
      String operation = target.substring(ECS_TARGET.length());
      return answer(200, "application/x-amz-json-1.1",
          operation.equals("DescribeTaskDefinition") ? describeTaskDefinitionReply : "{}");
    }
    if (body.startsWith("Action=Publish&")) {
      return answer(200, "text/xml", "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
          + "<PublishResult><MessageId>primed</MessageId></PublishResult>"
          + "<ResponseMetadata><RequestId>primed</RequestId></ResponseMetadata></PublishResponse>");
    }
    if (body.contains("Version=2016-11-15")) { // EC2's API version: its errors have their own shape
      return answer(403, "text/xml", "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>" + DENIED
          + "</Message></Error></Errors><RequestID>primed</RequestID></Response>");
    }
    return answer(403, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>"
        + DENIED + "</Message></Error><RequestId>primed</RequestId></ErrorResponse>");
  }

  private static String body(HttpExecuteRequest request) {
    if (request.contentStreamProvider().isEmpty()) {
      return "";
    }
    try (InputStream in = request.contentStreamProvider().get().newStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpExecuteResponse answer(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpExecuteResponse.builder()
        .response(SdkHttpResponse.builder()
            .statusCode(status)
            .putHeader("Content-Type", contentType)
            .putHeader("Content-Length", String.valueOf(bytes.length))
            .putHeader("x-amzn-RequestId", "primed")
            .build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
        .build();
  }

  @Override
  public void close() {}

  @Override
  public String clientName() {
    return "canned";
  }
}
