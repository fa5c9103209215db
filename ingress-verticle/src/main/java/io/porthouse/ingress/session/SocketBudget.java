package io.porthouse.ingress.session;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.ingress.IngressSettings;

/**
 * How much one socket may ask of the node: frames per second ({@code session.ratePerSecond}, burst
 * {@code session.rateBurst}; an op may cost more than one), bad frames ({@code session.maxErrors} in a
 * burst, one more a second) and refused frames, any other error the client caused, its rate
 * included ({@link #REFUSALS_PER_ERROR} times as many, {@code session.maxErrors} more a second). A
 * client past either error budget is to be closed: it is not answered forever. Lazily refilled
 * from the clock, no timer; touched on the socket's event loop.
 */
final class SocketBudget {

  /** Refused frames (not garbage) a socket may cause in a burst, per {@code session.maxErrors}. */
  static final int REFUSALS_PER_ERROR = 10;

  private final TokenBucket rate;
  private final TokenBucket garbage;
  private final TokenBucket refusals;

  SocketBudget(IngressSettings s, long nowNanos) {
    this.rate = new TokenBucket(s.rateBurst(), s.ratePerSecond(), nowNanos);
    this.garbage = new TokenBucket(s.maxErrors(), 1, nowNanos);
    this.refusals = new TokenBucket(REFUSALS_PER_ERROR * s.maxErrors(), s.maxErrors(), nowNanos);
  }

  /** Takes {@code cost} frames of the rate; false when the socket is over it. */
  boolean frame(int cost, long nowNanos) {
    return rate.tryTake(nowNanos, cost);
  }

  /** The socket was told an error of {@code code}: why it is to be closed now, or {@code null} while its budget lasts. */
  String spent(ErrorCode code, long nowNanos) {
    if (code == ErrorCode.BAD_REQUEST || code == ErrorCode.TOO_LARGE) {
      return garbage.tryTake(nowNanos) ? null : "too many bad frames";
    }
    if (code.serverSide()) {
      return null; // the server's failing, not the client's doing
    }
    return refusals.tryTake(nowNanos) ? null : "too many refused frames: wait for what you are told to wait for";
  }
}
