package io.porthouse.ingress.session;

/**
 * A token bucket refilled lazily from the clock on each take: no timer per socket.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  public TokenBucket(int capacity, double perSecond, long nowNanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes one token if there is one. */
  public boolean tryTake(long nowNanos) {
    return tryTake(nowNanos, 1);
  }

  /** Takes {@code n} tokens if there are that many. */
  public boolean tryTake(long nowNanos, int n) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
    last = nowNanos;
    if (tokens >= n) {
      tokens -= n;
      return true;
    }
    return false;
  }
}
