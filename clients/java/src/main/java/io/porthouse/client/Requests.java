package io.porthouse.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests of one client: each gets a {@code ref}, waits for the answer with that ref (or its
 * timeout: {@code outcome_unknown}), and at most {@code maxInFlight} are on the wire at once; the
 * rest wait in order, bounded, and go as answers come and the socket drains. Touched on the
 * client's context only.
 */
final class Requests {

  private record Pending(JsonObject frame, Promise<JsonObject> answer) {
  }

  private final Context context;
  private final PorthouseClientOptions options;
  private final Map<Long, Promise<JsonObject>> inFlight = new HashMap<>();
  private final Map<Long, Long> timers = new HashMap<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private long nextRef;
  private WebSocket socket;

  Requests(Context context, PorthouseClientOptions options) {
    this.context = context;
    this.options = options;
  }

  /** The socket requests go on now ({@code null}: none, they fail {@code not_open}). */
  void socket(WebSocket ws) {
    socket = ws;
    if (ws != null) {
      ws.drainHandler(v -> pump());
    }
  }

  /** Sends {@code frame} (a v1 op) with a fresh ref; its answer, or a {@link PorthouseClientException}. */
  Future<JsonObject> ask(JsonObject frame) {
    Promise<JsonObject> answer = Promise.promise();
    if (socket == null) {
      answer.fail(new PorthouseClientException(PorthouseClientException.NOT_OPEN, "not connected"));
    } else if (waiting.size() >= options.maxQueued()) {
      answer.fail(new PorthouseClientException("rate_limited", waiting.size() + " requests wait already"));
    } else {
      waiting.add(new Pending(frame, answer));
      pump();
    }
    return answer.future();
  }

  private void pump() {
    while (socket != null && !waiting.isEmpty() && inFlight.size() < options.maxInFlight() && !socket.writeQueueFull()) {
      Pending p = waiting.poll();
      long ref = ++nextRef;
      inFlight.put(ref, p.answer);
      timers.put(ref, context.owner().setTimer(options.requestTimeoutMillis(), t -> {
        timers.remove(ref);
        fail(ref, new PorthouseClientException(PorthouseClientException.OUTCOME_UNKNOWN,
            "no answer within " + options.requestTimeoutMillis() + " ms"));
      }));
      socket.writeTextMessage(p.frame.copy().put("ref", ref).encode());
    }
  }

  /** A frame with a ref: the answer to one of ours (true), or not ours (false). */
  boolean answered(JsonObject frame) {
    if (!(frame.getValue("ref") instanceof Number n)) {
      return false;
    }
    long ref = n.longValue();
    Promise<JsonObject> answer = inFlight.remove(ref);
    if (answer == null) {
      return false;
    }
    Long timer = timers.remove(ref);
    if (timer != null) {
      context.owner().cancelTimer(timer);
    }
    if ("error".equals(frame.getString("op"))) {
      answer.fail(PorthouseClientException.of(frame));
    } else {
      answer.complete(frame);
    }
    pump();
    return true;
  }

  private void fail(long ref, PorthouseClientException e) {
    Promise<JsonObject> answer = inFlight.remove(ref);
    if (answer != null) {
      answer.fail(e);
      pump();
    }
  }

  /** The socket is gone: answers in flight will not come ({@code outcome_unknown}); those waiting were never sent ({@code not_open}). */
  void dropped() {
    socket = null;
    timers.values().forEach(context.owner()::cancelTimer);
    timers.clear();
    Map<Long, Promise<JsonObject>> lost = new HashMap<>(inFlight);
    inFlight.clear();
    lost.values().forEach(p -> p.fail(new PorthouseClientException(PorthouseClientException.OUTCOME_UNKNOWN,
        "the connection dropped before the answer came")));
    while (!waiting.isEmpty()) {
      waiting.poll().answer.fail(new PorthouseClientException(PorthouseClientException.NOT_OPEN,
          "the connection dropped before it was sent"));
    }
  }

  int inFlight() {
    return inFlight.size();
  }
}
