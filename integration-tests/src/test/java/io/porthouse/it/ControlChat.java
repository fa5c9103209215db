package io.porthouse.it;

import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bystanders of an attack: alice sends to bob in a room of their own, one message after the
 * other, for as long as the attack goes on, each acknowledged to her and received by him. A node
 * that an attack stalls (event loops busy, memory exhausted) shows here as a round trip that
 * takes seconds or never ends; {@link #assertServed} says how the chat went.
 */
final class ControlChat implements AutoCloseable {

  /** Longer than any round trip of a node that serves its clients, far shorter than a stall. */
  static final Duration STALLED = Duration.ofSeconds(5);

  private final WsTestClient alice;
  private final WsTestClient bob;
  private final String room = "control-" + UUID.randomUUID();
  private final Thread chat;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean running = true;
  private volatile long exchanged;
  private volatile long slowestNanos;

  ControlChat(AttackedNode node) {
    alice = node.as("control-alice", "primary");
    bob = node.as("control-bob");
    alice.request(new JsonObject().put("op", "create").put("room", room), "c");
    alice.request(new JsonObject().put("op", "join").put("room", room), "j");
    bob.request(new JsonObject().put("op", "join").put("room", room), "j");
    chat = new Thread(this::run, "control-chat");
    chat.setDaemon(true);
    chat.start();
  }

  private void run() {
    try {
      for (long i = 1; running; i++) {
        long t0 = System.nanoTime();
        long n = i;
        JsonObject ack = alice.request(new JsonObject().put("op", "send").put("room", room).put("data", n), "c" + n, STALLED);
        if (!"ack".equals(ack.getString("op"))) {
          throw new AssertionError("control message " + n + " refused: " + ack);
        }
        bob.next(f -> "msg".equals(f.getString("op")) && room.equals(f.getString("room")) && Long.valueOf(n).equals(f.getLong("data")));
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
        exchanged = n;
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // ~50 a second: a chat, not a load
      }
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /**
   * Asserts the chat went on through the attack and goes on after it (two more exchanges), none
   * stalled, then stops it.
   */
  void assertServed() {
    long atEnd = exchanged;
    io.porthouse.testing.Eventually.until(() -> "the control chat goes on after the attack (" + exchanged + " exchanged)",
        STALLED.multipliedBy(2), () -> exchanged >= atEnd + 2 || failure.get() != null);
    stop();
    if (failure.get() != null) {
      throw new AssertionError("the control chat stopped after " + exchanged + " messages (slowest round trip "
          + slowestNanos / 1_000_000 + " ms)", failure.get());
    }
    System.out.printf("control chat: %d messages exchanged, slowest round trip %d ms%n", exchanged, slowestNanos / 1_000_000);
    assertThat(Duration.ofNanos(slowestNanos)).as("slowest control round trip").isLessThan(STALLED);
  }

  private void stop() {
    running = false;
    try {
      chat.join(STALLED.toMillis() * 3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    alice.close();
    bob.close();
  }
}
