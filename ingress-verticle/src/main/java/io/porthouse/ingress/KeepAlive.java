package io.porthouse.ingress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Server pings: each socket is looked at once per {@code interval}, one slice of the sockets per
 * tick (10,000 sockets never cost one burst of writes, nor a scan of all of them per tick), and
 * pinged only if nothing was heard from it during the interval: a socket that talks needs no
 * ping, so pings cost nothing on busy sockets. Touched only on the ingress event loop.
 */
public final class KeepAlive {

  /** A socket as the keep-alive sees it. */
  public interface Peer {
    /** {@link System#nanoTime()} when the last frame (any frame, pongs included) came from the client. */
    long lastHeardNanos();

    void ping();
  }

  private final List<Set<Peer>> slices = new ArrayList<>();
  private final long intervalNanos;
  private int tick;

  /** Pings every {@code intervalMillis}, advanced by {@link #tick} every {@code tickMillis}. */
  public KeepAlive(long intervalMillis, long tickMillis) {
    int count = (int) Math.max(1, intervalMillis / tickMillis);
    for (int i = 0; i < count; i++) {
      slices.add(new HashSet<>());
    }
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  public void add(Peer peer) {
    slice(peer).add(peer);
  }

  public void remove(Peer peer) {
    slice(peer).remove(peer);
  }

  /** Looks at the next slice: pings its sockets that were quiet for the whole interval. */
  public void tick(long nowNanos) {
    Set<Peer> slice = slices.get(tick++ % slices.size());
    for (Peer peer : slice) {
      if (nowNanos - peer.lastHeardNanos() >= intervalNanos) {
        peer.ping();
      }
    }
    if (tick == slices.size()) {
      tick = 0;
    }
  }

  private Set<Peer> slice(Peer peer) {
    return slices.get(Math.floorMod(System.identityHashCode(peer), slices.size()));
  }
}
