package io.porthouse.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.porthouse.testing.ProtocolTestClient.TIMEOUT;
import static io.porthouse.testing.WsTestClient.await;

/**
 * A raw room socket for tests ({@code /ws/rooms/{room}}): collects every message as it came,
 * text or binary, and the close code and reason the server gave.
 */
public final class RawTestClient implements AutoCloseable {

  /** One message as received. */
  public record Message(boolean binary, Buffer data) {
    public String text() {
      return data.toString();
    }
  }

  private final WebSocketClient client;
  private final WebSocket ws;
  private final List<Message> inbox = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private RawTestClient(Vertx vertx, int port, String room, String token) {
    this(vertx, token, port, "/ws/rooms/" + room);
  }

  private RawTestClient(Vertx vertx, String token, int port, String uri) {
    this.client = vertx.createWebSocketClient();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (token != null) {
      headers.add("Authorization", "Bearer " + token);
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(uri).setHeaders(headers);
    Promise<WebSocket> connected = Promise.promise();
    vertx.runOnContext(v -> client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        connected.fail(ar.cause());
        return;
      }
      WebSocket s = ar.result();
      s.textMessageHandler(text -> add(new Message(false, Buffer.buffer(text))));
      s.binaryMessageHandler(bytes -> add(new Message(true, bytes)));
      s.closeHandler(x -> closed.complete(s.closeStatusCode()));
      connected.complete(s);
    }));
    this.ws = await(connected.future());
  }

  /** Opens a raw socket into {@code room} ({@code token} may be null: anonymous). */
  public static RawTestClient connect(Vertx vertx, int port, String room, String token) {
    return new RawTestClient(vertx, port, room, token);
  }

  /** Opens a raw socket at {@code uri} (a path endpoint {@code /e/{name}} aliasing a room). */
  public static RawTestClient connectTo(Vertx vertx, int port, String uri, String token) {
    return new RawTestClient(vertx, token, port, uri);
  }

  private void add(Message m) {
    synchronized (inbox) {
      inbox.add(m);
      inbox.notifyAll();
    }
  }

  public RawTestClient sendText(String text) {
    await(ws.writeTextMessage(text));
    return this;
  }

  public RawTestClient sendBinary(Buffer bytes) {
    await(ws.writeBinaryMessage(bytes));
    return this;
  }

  /** The next message, waiting up to the test timeout. */
  public Message next() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (inbox) {
      while (inbox.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no message within " + TIMEOUT);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inbox, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      return inbox.remove(0);
    }
  }

  /** Messages received and not yet taken (a copy). */
  public List<Message> pending() {
    synchronized (inbox) {
      return List.copyOf(inbox);
    }
  }

  /** Waits for the server to close the socket; answers the close code. */
  public short awaitClose() {
    try {
      return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + TIMEOUT, e);
    }
  }

  /** The reason the server gave when it closed the socket. */
  public String closeReason() {
    return ws.closeReason();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      ws.close();
      try {
        closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        // closing on the way out of a test
      }
    }
    client.close();
  }
}
