package io.porthouse.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Porthouse from a JVM: protocol v1 over one WebSocket, nothing blocking. Every op answers a
 * {@code Future} (its reply frame, or a {@link PorthouseClientException} with the protocol's code);
 * what the server pushes goes to the handlers ({@link #messageHandler}, …), on this client's
 * context. A dropped connection is made again with backoff and jitter, on the next server of the
 * list, and every room is joined again from the last seq and epoch seen, the missed messages
 * replayed first ({@link Pushed.Resumed}). {@link #send} gives each message an id and retries it
 * with that id while the outcome is unknown: the server sequences it once.
 *
 * <pre>{@code
 * PorthouseClient ph = PorthouseClient.create(vertx, new PorthouseClientOptions().addServer("127.0.0.1", 8080).setToken(jwt));
 * ph.messageHandler(m -> System.out.println(m.room() + " " + m.seq() + " " + m.data()));
 * ph.connect().compose(w -> ph.join("lobby")).compose(j -> ph.send("lobby", new JsonObject().put("text", "hi")));
 * }</pre>
 */
public final class PorthouseClient {

  private final Vertx vertx;
  private final Context context;
  private final Requests requests;
  private final JoinedRooms joined = new JoinedRooms(); // where to resume each room from
  private final Connection connection;
  private Handler<Pushed.Message> onMessage = m -> { };
  private Handler<Pushed.Presence> onPresence = p -> { };
  private Handler<Pushed.Reset> onReset = r -> { };
  private Handler<Pushed.Resumed> onResumed = r -> { };
  private Handler<Pushed.Other> onOther = o -> { };
  private Handler<Void> onDrop = v -> { };
  private boolean closed;

  private PorthouseClient(Vertx vertx, PorthouseClientOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.requests = new Requests(context, options);
    this.connection = new Connection(vertx, options, requests, this::pushed, v -> onDrop.handle(null), this::resume);
  }

  /** A client on {@code vertx}, bound to the calling context (or a new one). */
  public static PorthouseClient create(Vertx vertx, PorthouseClientOptions options) {
    return new PorthouseClient(vertx, options);
  }

  // ---- handlers (called on this client's context) ----

  public PorthouseClient messageHandler(Handler<Pushed.Message> handler) {
    onMessage = handler;
    return this;
  }

  public PorthouseClient presenceHandler(Handler<Pushed.Presence> handler) {
    onPresence = handler;
    return this;
  }

  public PorthouseClient resetHandler(Handler<Pushed.Reset> handler) {
    onReset = handler;
    return this;
  }

  public PorthouseClient resumedHandler(Handler<Pushed.Resumed> handler) {
    onResumed = handler;
    return this;
  }

  /** Every other frame the server pushes (rules, closed, moved, expired, events, errors without a request). */
  public PorthouseClient otherHandler(Handler<Pushed.Other> handler) {
    onOther = handler;
    return this;
  }

  /** The connection dropped (the client reconnects by itself unless closed or told not to). */
  public PorthouseClient dropHandler(Handler<Void> handler) {
    onDrop = handler;
    return this;
  }

  // ---- ops ----

  /** Connects (to the first server that answers) and answers its welcome ({@code socket}, {@code client}). */
  public Future<JsonObject> connect() {
    return onContext(connection::open);
  }

  /** The last welcome: this socket's id and client. */
  public JsonObject welcome() {
    return connection.welcome();
  }

  public Future<JsonObject> join(String room) {
    return onContext(() -> ask(new JsonObject().put("op", "join").put("room", room)).onSuccess(joined::joined));
  }

  public Future<JsonObject> leave(String room) {
    return onContext(() -> ask(new JsonObject().put("op", "leave").put("room", room)).onSuccess(l -> joined.left(room)));
  }

  /** Creates a room (role {@code primary} or {@code owner}); {@code rules} may be null. */
  public Future<JsonObject> create(String room, JsonObject rules) {
    JsonObject op = new JsonObject().put("op", "create").put("room", room);
    return onContext(() -> ask(rules == null ? op : op.put("rules", rules)));
  }

  /**
   * Sends {@code data} (any JSON value) to {@code room}; answers its seq. Retried with the same id,
   * backing off, while the answer is unknown or the server unavailable (up to 6 tries): the server
   * sequences it once and answers a retry with the first seq.
   */
  public Future<Long> send(String room, Object data) {
    return send(room, data, UUID.randomUUID().toString());
  }

  /** {@link #send(String, Object)} with your own message id (1 to 128 characters). */
  public Future<Long> send(String room, Object data, String id) {
    JsonObject op = new JsonObject().put("op", "send").put("room", room).put("data", data).put("id", id);
    return onContext(() -> trySend(op, 1)).map(ack -> ack.getLong("seq"));
  }

  private Future<JsonObject> trySend(JsonObject op, int attempt) {
    return ask(op).recover(e -> {
      if (closed || attempt >= 6 || !(e instanceof PorthouseClientException p) || !p.retryable()) {
        return Future.failedFuture(e);
      }
      Promise<JsonObject> later = Promise.promise();
      vertx.setTimer(Connection.jitter(Math.min(5000, 100L << attempt)), t -> trySend(op, attempt + 1).onComplete(later));
      return later.future();
    });
  }

  /** Messages of {@code room} after {@code since} ({@code limit} ≤ 0: the server's bound). */
  public Future<JsonObject> history(String room, long since, int limit) {
    JsonObject op = new JsonObject().put("op", "history").put("room", room).put("since", since);
    return onContext(() -> ask(limit > 0 ? op.put("limit", limit) : op));
  }

  /** The room's members (rule presence): a page; {@code after} the last socket seen, or null. */
  public Future<JsonObject> members(String room, String after) {
    JsonObject op = new JsonObject().put("op", "members").put("room", room);
    return onContext(() -> ask(after == null ? op : op.put("after", after)));
  }

  /** Any v1 op ({@code rules}, {@code rooms}, {@code attach}, …) answered by its reply frame. */
  public Future<JsonObject> request(JsonObject op) {
    return onContext(() -> ask(op.copy()));
  }

  /** Requests sent and not yet answered. */
  public int inFlight() {
    return requests.inFlight();
  }

  /** Closes for good: no reconnect; requests waiting fail. */
  public Future<Void> close() {
    return onContext(() -> {
      closed = true;
      return connection.close();
    });
  }

  // ---- what the connection brings ----

  private Future<JsonObject> ask(JsonObject op) {
    return requests.ask(op);
  }

  /** A frame the server pushed (not an answer, not the welcome), to the handler of its shape. */
  private void pushed(JsonObject frame) {
    String op = frame.getString("op", "");
    joined.pushed(op, frame);
    switch (op) {
      case "msg" -> onMessage.handle(Pushed.Message.of(frame));
      case "presence" -> onPresence.handle(Pushed.Presence.of(frame));
      case "reset" -> onReset.handle(Pushed.Reset.of(frame));
      default -> onOther.handle(new Pushed.Other(op, frame));
    }
  }

  /** After a reconnect: every room joined again, one after another, from where it was left. */
  private Future<Void> resume() {
    return joined.resume(this::ask, onResumed, refused -> onOther.handle(new Pushed.Other("error", new JsonObject()
        .put("op", "error").put("code", refused.code()).put("message", refused.getMessage()))));
  }

  /** Runs {@code action} on this client's context (at once when already there). */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }
}
