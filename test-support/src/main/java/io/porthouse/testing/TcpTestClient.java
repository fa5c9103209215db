package io.porthouse.testing;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.porthouse.testing.WsTestClient.await;

/**
 * A real TCP client for tests of the TCP ingress: protocol v1 as newline-delimited JSON, the
 * same waiting API as the WebSocket client ({@link ProtocolTestClient}).
 */
public final class TcpTestClient extends ProtocolTestClient {

  private final NetClient client; // kept in a field, like every client
  private final NetSocket socket;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private TcpTestClient(Vertx vertx, int port) {
    this(vertx, port, null);
  }

  private TcpTestClient(Vertx vertx, int port, String firstLine) {
    this.client = vertx.createNetClient();
    Promise<NetSocket> connected = Promise.promise();
    // handlers are set on the event loop as the connection completes, before any byte is read
    vertx.runOnContext(v -> client.connect(port, "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        connected.fail(ar.cause());
        return;
      }
      NetSocket s = ar.result();
      s.handler(RecordParser.newDelimited("\n", line -> received(line.toString())).maxRecordSize(1 << 22));
      s.closeHandler(x -> closed.complete(null));
      connected.complete(s);
    }));
    this.socket = await(connected.future());
    if (firstLine != null) {
      sendText(firstLine);
    }
    expectWelcome();
  }

  /** Connects to the TCP ingress on {@code port}; the first line must be the welcome. */
  public static TcpTestClient connect(Vertx vertx, int port) {
    return new TcpTestClient(vertx, port);
  }

  /**
   * Connects to the shared port ({@code http.sharedPort}), where the client speaks first (the server
   * knows the protocol from its first bytes): writes {@code firstLine}, then expects the welcome
   * (the answer to {@code firstLine} follows it).
   */
  public static TcpTestClient connectSpeakingFirst(Vertx vertx, int port, String firstLine) {
    return new TcpTestClient(vertx, port, firstLine);
  }

  @Override
  public TcpTestClient sendText(String line) {
    return sendBytes(Buffer.buffer(line).appendString("\n"));
  }

  /** Writes bytes as they are (no newline added): half lines, several lines, garbage. */
  public TcpTestClient sendBytes(Buffer bytes) {
    await(socket.write(bytes));
    return this;
  }

  /** Waits for the server to close the connection. */
  public void awaitClose() {
    try {
      closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + TIMEOUT, e);
    }
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.close();
    }
    client.close();
  }
}
