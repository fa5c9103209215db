package io.porthouse.core.protocol;

/**
 * The protocol's error codes. Each also has a numeric failure code, the HTTP status of the same
 * meaning: used when the error travels as an event-bus {@link io.vertx.core.eventbus.ReplyException},
 * and as the status of HTTP answers (HTTP POST, refused upgrades).
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400),
  UNAUTHORIZED("unauthorized", 401),
  FORBIDDEN("forbidden", 403),
  NOT_FOUND("not_found", 404),
  CONFLICT("conflict", 409),
  TOO_LARGE("too_large", 413),
  RATE_LIMITED("rate_limited", 429),
  INTERNAL("internal", 500),
  /** A part of Porthouse cannot be reached just now (not running, too few rooms members, a sequencer being replaced): try again. */
  UNAVAILABLE("unavailable", 503),
  /**
   * No answer could be had, and what was asked may or may not have been done (a room's sequencer
   * froze or died with the call in flight and no other could say): the one answer that is not
   * definite. Retrying a {@code send} with the same {@code id} is safe (answered with the original
   * seq if it was done).
   */
  OUTCOME_UNKNOWN("outcome_unknown", 504);

  private final String code;
  private final int failureCode;

  ErrorCode(String code, int failureCode) {
    this.code = code;
    this.failureCode = failureCode;
  }

  /** The server's failing, not the request's: the same request may succeed later ({@code internal}, {@code unavailable}, {@code outcome_unknown}). */
  public boolean serverSide() {
    return this == INTERNAL || this == UNAVAILABLE || this == OUTCOME_UNKNOWN;
  }

  /** The {@code code} field of an error frame. */
  public String code() {
    return code;
  }

  /** The failure code carried by a {@code ReplyException}. */
  public int failureCode() {
    return failureCode;
  }

  /** The HTTP status for this error (the same number as {@link #failureCode()}). */
  public int httpStatus() {
    return failureCode;
  }

  /** The error code for an event-bus failure code; anything unknown is {@link #INTERNAL}. */
  public static ErrorCode ofFailureCode(int failureCode) {
    for (ErrorCode c : values()) {
      if (c.failureCode == failureCode) {
        return c;
      }
    }
    return INTERNAL;
  }
}
