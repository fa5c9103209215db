package io.porthouse.ingress;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeepAliveTest {

  private static final long MS = 1_000_000L;

  /** A peer that counts its pings; {@code heard} is when the client last sent something. */
  private static final class Peer implements KeepAlive.Peer {
    long heard;
    int pings;

    @Override
    public long lastHeardNanos() {
      return heard;
    }

    @Override
    public void ping() {
      pings++;
    }
  }

  /** Ticks through {@code ticks} ticks of 100 ms starting at {@code startMillis}; returns the end time. */
  private static long run(KeepAlive keepAlive, long startMillis, int ticks) {
    long now = startMillis;
    for (int i = 0; i < ticks; i++) {
      now += 100;
      keepAlive.tick(now * MS);
    }
    return now;
  }

  @Test
  void aQuietSocketIsPingedOncePerInterval() {
    KeepAlive keepAlive = new KeepAlive(1000, 100);
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Peer p = new Peer();
      peers.add(p);
      keepAlive.add(p);
    }
    run(keepAlive, 1000, 30); // three intervals, all quiet since 0
    for (Peer p : peers) {
      assertEquals(3, p.pings, "each quiet socket is pinged once per interval");
    }
  }

  @Test
  void aSocketHeardFromWithinTheIntervalIsNotPinged() {
    KeepAlive keepAlive = new KeepAlive(1000, 100);
    Peer talker = new Peer();
    Peer quiet = new Peer();
    keepAlive.add(talker);
    keepAlive.add(quiet);
    long now = 1000;
    for (int i = 0; i < 50; i++) {
      talker.heard = now * MS; // says something every tick
      now = run(keepAlive, now, 1);
    }
    assertEquals(0, talker.pings);
    assertEquals(5, quiet.pings);
  }

  @Test
  void aRemovedSocketIsNotPingedAgain() {
    KeepAlive keepAlive = new KeepAlive(1000, 100);
    Peer p = new Peer();
    keepAlive.add(p);
    long now = run(keepAlive, 1000, 10);
    assertEquals(1, p.pings);
    keepAlive.remove(p);
    run(keepAlive, now, 30);
    assertEquals(1, p.pings);
  }
}
