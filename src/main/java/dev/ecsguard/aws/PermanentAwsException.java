package dev.ecsguard.aws;

/** AWS answered, and retrying will not change the answer (access denied, not found, invalid request). */
public final class PermanentAwsException extends RuntimeException {

  private final String errorCode;

  public PermanentAwsException(String message, String errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }

  public boolean isAccessDenied() {
    return errorCode != null && (errorCode.contains("AccessDenied") || errorCode.contains("Unauthorized"));
  }
}
