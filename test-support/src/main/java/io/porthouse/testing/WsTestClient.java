package io.porthouse.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests ({@code /ws}, protocol v1), used from the test thread: it
 * connects over TCP and collects every text frame the server sends ({@link ProtocolTestClient}).
 */
public final class WsTestClient extends ProtocolTestClient {

  private final WebSocketClient client; // kept in a field: an unreferenced client can be collected mid-handshake
  private final WebSocket ws;
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private WsTestClient(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options) {
    this.client = client;
    // Connect from a Vert.x context, so the handlers are set on the event loop as the handshake
    // completes, before any frame is read (from the test thread the handshake could complete, and
    // the welcome be read, before the handlers were attached).
    Promise<WebSocket> connected = Promise.promise();
    vertx.runOnContext(v -> client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        connected.fail(ar.cause());
        return;
      }
      WebSocket socket = ar.result();
      socket.textMessageHandler(this::received);
      socket.closeHandler(x -> {
        closed.complete(socket.closeStatusCode());
        ended();
      });
      connected.complete(socket);
    }));
    this.ws = await(connected.future());
    expectWelcome();
  }

  /** Connects anonymously to {@code ws://127.0.0.1:port/ws}. */
  public static WsTestClient connect(Vertx vertx, int port) {
    return connect(vertx, port, "/ws", MultiMap.caseInsensitiveMultiMap());
  }

  /** Connects with {@code token} as an {@code Authorization: Bearer} header. */
  public static WsTestClient connectWithToken(Vertx vertx, int port, String token) {
    return connect(vertx, port, "/ws", MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer " + token));
  }

  /** Connects to {@code uri} (path and query) with extra headers. */
  public static WsTestClient connect(Vertx vertx, int port, String uri, MultiMap headers) {
    return connect(vertx, "127.0.0.1", port, uri, headers);
  }

  /** Connects to {@code ws://host:port/ws} with {@code token} (a node on another address: a test's network namespace). */
  public static WsTestClient connectWithToken(Vertx vertx, String host, int port, String token) {
    return connect(vertx, host, port, "/ws", MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer " + token));
  }

  private static WsTestClient connect(Vertx vertx, String host, int port, String uri, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri)
        .setHeaders(headers);
    return new WsTestClient(vertx, client, options);
  }

  /** Tries to connect and returns the HTTP status of a refused upgrade, or 101 if it was accepted. */
  public static int upgradeStatus(Vertx vertx, int port, String uri, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocket ws = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI(uri).setHeaders(headers)).recover(e -> Future.failedFuture(new UpgradeRefused(e))));
      ws.close();
      return 101;
    } catch (UpgradeRefused e) {
      String message = String.valueOf(e.getCause().getMessage());
      Matcher m = Pattern.compile("\\b([1-5]\\d\\d)\\b").matcher(message);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      throw new AssertionError("upgrade failed without a status: " + message, e.getCause());
    } finally {
      client.close();
    }
  }

  private static final class UpgradeRefused extends RuntimeException {
    UpgradeRefused(Throwable cause) {
      super(cause);
    }
  }

  @Override
  public WsTestClient sendText(String text) {
    await(ws.writeTextMessage(text));
    return this;
  }

  @Override
  public WsTestClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  public WsTestClient sendBinary(Buffer data) {
    await(ws.writeBinaryMessage(data));
    return this;
  }

  /** Stops reading from the socket (the server's writes back up), until {@link #resume}. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  /** Waits for the server to close this socket and returns the close code. */
  public short awaitClose() {
    try {
      return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + TIMEOUT, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      ws.close();
      try {
        closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // closing on the way out of a test: nothing more to check
      }
    }
    client.close();
  }

  /** Waits for a future from the test thread. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("not done within " + TIMEOUT, e);
    }
  }
}
