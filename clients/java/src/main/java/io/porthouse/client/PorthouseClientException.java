package io.porthouse.client;

import io.vertx.core.json.JsonObject;

/**
 * A refusal or failure, as the value an op's {@code Future} fails with: the protocol's {@code code}
 * ({@code not_found}, {@code forbidden}, {@code rate_limited}, {@code outcome_unknown}, …), or
 * {@code not_open} when there is no connection to ask on.
 */
public final class PorthouseClientException extends RuntimeException {

  /** The code of a request asked while no connection is open (nothing was sent). */
  public static final String NOT_OPEN = "not_open";
  /** The code of a request whose answer did not come (it may or may not have been done). */
  public static final String OUTCOME_UNKNOWN = "outcome_unknown";

  private final String code;

  public PorthouseClientException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** From a v1 error frame. */
  static PorthouseClientException of(JsonObject error) {
    return new PorthouseClientException(error.getString("code", "internal"), error.getString("message", "error"));
  }

  public String code() {
    return code;
  }

  /** Whether the same request may succeed later (a send retried with its id is done once). */
  public boolean retryable() {
    return switch (code) {
      case OUTCOME_UNKNOWN, "unavailable", "internal", NOT_OPEN -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return "PorthouseClientException[" + code + "]: " + getMessage();
  }
}
