package io.porthouse.core.protocol;

/**
 * An error that is a value: it carries the protocol {@link ErrorCode} and a message fit to show a
 * client. It has no stack trace, since it is an expected outcome, not a bug.
 */
public final class PorthouseException extends RuntimeException {

  private final ErrorCode code;

  public PorthouseException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static PorthouseException badRequest(String message) {
    return new PorthouseException(ErrorCode.BAD_REQUEST, message);
  }

  public static PorthouseException of(ErrorCode code, String message) {
    return new PorthouseException(code, message);
  }
}
