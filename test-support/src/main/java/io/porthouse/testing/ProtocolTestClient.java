package io.porthouse.testing;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What every protocol v1 test client shares, whatever carries its frames (WebSocket, TCP lines):
 * it collects every frame the server sends, and lets the test wait (with a deadline, never a
 * sleep) for the next frame or for one that matches. Frames skipped by a match stay available in
 * order. Used from the test thread.
 */
public abstract class ProtocolTestClient implements AutoCloseable {

  /** How long a wait may take before the test fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A frame as received: its text and its parsed JSON. */
  private record Received(String raw, JsonObject json) {
  }

  private final List<Received> inbox = new ArrayList<>();
  private JsonObject welcome;
  /** The connection closed: a wait for a frame that has not come ends at once. */
  private boolean ended;

  /** Called by the transport, on its thread, for each frame the server sent. */
  protected final void received(String text) {
    synchronized (inbox) {
      inbox.add(new Received(text, new JsonObject(text)));
      inbox.notifyAll();
    }
  }

  /** Called by the transport when the connection closed: what was received stays to be taken. */
  protected final void ended() {
    synchronized (inbox) {
      ended = true;
      inbox.notifyAll();
    }
  }

  /** Takes the first frame, which must be the welcome. */
  protected final void expectWelcome() {
    welcome = next();
    if (!"welcome".equals(welcome.getString("op"))) {
      throw new AssertionError("first frame was not welcome: " + welcome);
    }
  }

  /** Writes one frame's text to the server and waits until it is written. */
  public abstract ProtocolTestClient sendText(String text);

  public JsonObject welcome() {
    return welcome;
  }

  /** This socket's id, from the welcome frame. */
  public String socketId() {
    return welcome.getString("socket");
  }

  public ProtocolTestClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  /** Sends {@code frame} with {@code ref} and waits for the reply or error echoing it. */
  public JsonObject request(JsonObject frame, Object ref) {
    return request(frame, ref, TIMEOUT);
  }

  /**
   * Like {@link #request(JsonObject, Object)}, waiting up to {@code within}: for requests the
   * server answers only after the cluster has dealt with a failure (a member declared dead).
   */
  public JsonObject request(JsonObject frame, Object ref, Duration within) {
    send(frame.copy().put("ref", ref));
    return take(f -> ref.equals(f.getValue("ref")), within).json();
  }

  /** The next frame not yet taken. */
  public JsonObject next() {
    return next(f -> true);
  }

  /** The first frame not yet taken that matches; earlier frames stay for later calls. */
  public JsonObject next(Predicate<JsonObject> match) {
    return take(match, TIMEOUT).json();
  }

  /** Like {@link #next(Predicate)}, waiting up to {@code within}. */
  public JsonObject next(Predicate<JsonObject> match, Duration within) {
    return take(match, within).json();
  }

  /** Like {@link #next(Predicate)}, but the frame's text exactly as the server sent it. */
  public String nextRaw(Predicate<JsonObject> match) {
    return take(match, TIMEOUT).raw();
  }

  /** The next frame with this {@code op}. */
  public JsonObject next(String op) {
    return next(f -> op.equals(f.getString("op")));
  }

  private Received take(Predicate<JsonObject> match, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (inbox) {
      while (true) {
        for (int i = 0; i < inbox.size(); i++) {
          if (match.test(inbox.get(i).json())) {
            return inbox.remove(i);
          }
        }
        long left = deadline - System.nanoTime();
        if (ended) {
          throw new AssertionError("the connection closed; no matching frame came; frames waiting: " + inbox);
        }
        if (left <= 0) {
          throw new AssertionError("no matching frame within " + within + "; frames waiting: " + inbox);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inbox, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** Drops the frames received and not yet taken that match (a long-running client's frames it has no use for); answers how many. */
  public int drop(Predicate<JsonObject> match) {
    synchronized (inbox) {
      int before = inbox.size();
      inbox.removeIf(f -> match.test(f.json()));
      return before - inbox.size();
    }
  }

  /** Frames received and not yet taken (a copy). */
  public List<JsonObject> pending() {
    synchronized (inbox) {
      return inbox.stream().map(Received::json).toList();
    }
  }

  @Override
  public abstract void close();
}
