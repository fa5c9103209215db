package io.porthouse.core.protocol;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The room sequencer's refusal of a send from a socket it does not count as a member. The ingress
 * tells it apart from other refusals: when the ingress still holds that membership, the sequencer lost
 * it (the other side of a split dropped this node's sockets), and the socket is not at fault.
 */
public final class NotJoined {

  private NotJoined() {
  }

  /** The refusal's text, the one place it is written. */
  public static String message(String room) {
    return "join room '" + room + "' before sending to it";
  }

  /** Whether {@code error} is this refusal for {@code room}. */
  public static boolean is(Throwable error, String room) {
    if (error instanceof ReplyException re) {
      return re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == ErrorCode.FORBIDDEN.failureCode()
          && message(room).equals(re.getMessage());
    }
    return error instanceof PorthouseException pe && pe.code() == ErrorCode.FORBIDDEN && message(room).equals(pe.getMessage());
  }
}
