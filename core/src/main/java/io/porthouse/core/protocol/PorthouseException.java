package io.porthouse.core.protocol;

/**
 * An error that is a value: it carries the protocol {@link ErrorCode} and a message fit to show a
 * client. It has no stack trace, since it is an expected outcome, not a bug.
 */
public final class PorthouseException extends RuntimeException {

  private final ErrorCode code;
  private final transient Object ref;

  public PorthouseException(ErrorCode code, String message) {
    this(code, message, null);
  }

  private PorthouseException(ErrorCode code, String message, Object ref) {
    super(message, null, false, false);
    this.code = code;
    this.ref = ref;
  }

  public ErrorCode code() {
    return code;
  }

  /** The {@code ref} of the client frame this error answers, if known. */
  public Object ref() {
    return ref;
  }

  /** The same error, answering the frame that carried {@code ref}. */
  public PorthouseException withRef(Object frameRef) {
    return frameRef == null ? this : new PorthouseException(code, getMessage(), frameRef);
  }

  public static PorthouseException badRequest(String message) {
    return new PorthouseException(ErrorCode.BAD_REQUEST, message);
  }

  public static PorthouseException of(ErrorCode code, String message) {
    return new PorthouseException(code, message);
  }
}
