package io.porthouse.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A client's WebSocket and its life: opened on the servers in turn (with the token of the moment),
 * made again after a drop with backoff and jitter on the next server (then {@code reconnected}
 * runs: the rooms' resume), the token's successor sent as {@code auth} before it expires. Answers
 * go to {@link Requests}; every other frame but the welcome to {@code pushed}. On the client's
 * context only.
 */
final class Connection {

  private final Vertx vertx;
  private final PorthouseClientOptions options;
  private final Requests requests;
  private final List<HostAndPort> servers;
  private final WebSocketClient sockets;
  private final Handler<JsonObject> pushed;
  private final Handler<Void> dropped;
  private final Supplier<Future<Void>> reconnected;
  private WebSocket socket;
  private Promise<JsonObject> welcome;
  private JsonObject lastWelcome;
  private int server;
  private int attempts;
  private long refreshTimer = -1;
  private boolean closed;

  Connection(Vertx vertx, PorthouseClientOptions options, Requests requests, Handler<JsonObject> pushed,
             Handler<Void> dropped, Supplier<Future<Void>> reconnected) {
    this.vertx = vertx;
    this.options = options;
    this.requests = requests;
    this.servers = options.servers();
    this.sockets = vertx.createWebSocketClient();
    this.pushed = pushed;
    this.dropped = dropped;
    this.reconnected = reconnected;
  }

  /** Connects to the first server that answers; its welcome. */
  Future<JsonObject> open() {
    return open(servers.size());
  }

  /** The last welcome: the socket's id and client. */
  JsonObject welcome() {
    return lastWelcome;
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(refreshTimer);
    WebSocket ws = socket;
    socket = null;
    requests.dropped();
    return (ws == null ? Future.<Void>succeededFuture() : ws.close().recover(e -> Future.succeededFuture()))
        .compose(v -> sockets.close());
  }

  /** Tries the servers in turn, from the current one, {@code tries} of them. */
  private Future<JsonObject> open(int tries) {
    HostAndPort to = servers.get(server % servers.size());
    return options.token().get().compose(token -> {
      WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(to.host()).setPort(to.port())
          .setURI(options.path()).setSsl(options.ssl());
      if (token != null) {
        o.addHeader("Authorization", "Bearer " + token);
      }
      return sockets.connect(o).compose(ws -> {
        socket = ws;
        welcome = Promise.promise();
        ws.textMessageHandler(this::received);
        ws.closeHandler(v -> dropped(ws));
        requests.socket(ws);
        scheduleRefresh(token);
        return welcome.future();
      });
    }).recover(e -> {
      server++;
      return tries > 1 && !closed ? open(tries - 1) : Future.failedFuture(e);
    }).onSuccess(w -> {
      lastWelcome = w;
      attempts = 0;
    });
  }

  private void received(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      pushed.handle(new JsonObject().put("op", "invalid").put("text", text));
      return;
    }
    if (requests.answered(frame)) {
      return;
    }
    if ("welcome".equals(frame.getString("op"))) {
      if (welcome != null) {
        welcome.tryComplete(frame);
      }
      return;
    }
    pushed.handle(frame);
  }

  private void dropped(WebSocket ws) {
    if (ws != socket) {
      return;
    }
    socket = null;
    requests.dropped();
    vertx.cancelTimer(refreshTimer);
    if (welcome != null) {
      welcome.tryFail(new PorthouseClientException(PorthouseClientException.NOT_OPEN, "closed before the welcome"));
    }
    if (closed) {
      return;
    }
    dropped.handle(null);
    if (options.reconnect() && lastWelcome != null) {
      server++; // the next server first: the one that dropped may be gone
      reconnectLater();
    }
  }

  private void reconnectLater() {
    long delay = jitter(Math.min(options.reconnectDelayMaxMillis(), options.reconnectDelayMinMillis() << Math.min(attempts, 16)));
    attempts++;
    vertx.setTimer(delay, t -> {
      if (closed) {
        return;
      }
      open(servers.size()).compose(w -> reconnected.get()).onFailure(e -> {
        if (!closed && socket == null) {
          reconnectLater();
        }
      });
    });
  }

  /** With a token that expires, its successor is asked for a little before (a fifth of what is left, 2 s at least) and sent as {@code auth}. */
  private void scheduleRefresh(String token) {
    vertx.cancelTimer(refreshTimer);
    Long exp = Tokens.expiry(token);
    if (exp == null) {
      return;
    }
    long left = exp * 1000 - System.currentTimeMillis();
    refreshTimer = vertx.setTimer(Math.max(1, left - Math.max(2000, left / 5)), t -> options.token().get()
        .compose(next -> next == null ? Future.failedFuture("no token")
            : requests.ask(new JsonObject().put("op", "auth").put("token", next)).onSuccess(a -> scheduleRefresh(next)))
        .onFailure(e -> pushed.handle(new JsonObject().put("op", "error").put("code", "unauthorized")
            .put("message", "token refresh failed: " + e.getMessage()))));
  }

  /** Half of {@code millis} plus up to as much again, at random. */
  static long jitter(long millis) {
    return millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
  }
}
