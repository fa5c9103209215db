package io.porthouse.it;

import io.porthouse.bridge.LinkAuth;
import io.porthouse.bridge.wire.FrameDecoder;
import io.porthouse.bridge.wire.LinkFrame;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bridge peer that speaks the link protocol by hand (hello, proof, ready) and then sends
 * whatever frames a test wants: what a peer cluster that knows a secret, or a stranger that does
 * not, could put on a link.
 */
final class RoguePeer implements AutoCloseable {

  private final NetClient client;
  private final NetSocket socket;
  private final BlockingQueue<LinkFrame> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private RoguePeer(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    FrameDecoder decoder = new FrameDecoder(1 << 20, frames::add);
    socket.handler(decoder::feed);
    socket.closeHandler(v -> closed.complete(null));
  }

  static RoguePeer connect(Vertx vertx, int port) {
    NetClient client = vertx.createNetClient();
    return new RoguePeer(client, WsTestClient.await(client.connect(port, "127.0.0.1")));
  }

  /**
   * The handshake for {@code link}, claiming to be cluster {@code cluster}, with {@code secret}:
   * the frame that ended it ({@code ready} when the proof was taken, {@code close} when refused).
   */
  LinkFrame handshake(String link, String cluster, String secret) throws InterruptedException {
    String mine = LinkAuth.nonce();
    send(LinkFrame.json(LinkFrame.HELLO, new JsonObject().put("v", 1).put("cluster", cluster).put("nonce", mine).put("link", link)));
    LinkFrame hello = next();
    if (hello.type() != LinkFrame.HELLO) {
      return hello;
    }
    String theirs = hello.jsonBody().getString("nonce");
    LinkFrame proof = next();
    if (proof.type() != LinkFrame.PROOF) {
      return proof;
    }
    send(LinkFrame.json(LinkFrame.PROOF, new JsonObject().put("proof", new LinkAuth(secret).proof(link, cluster, theirs, mine))));
    LinkFrame answer = next();
    if (answer.type() == LinkFrame.READY) {
      send(LinkFrame.json(LinkFrame.READY, new JsonObject()));
    }
    return answer;
  }

  void send(LinkFrame frame) {
    WsTestClient.await(socket.write(frame.encode()));
  }

  /** The next frame (not a ping); fails after 10 s. */
  LinkFrame next() throws InterruptedException {
    while (true) {
      LinkFrame f = frames.poll(10, TimeUnit.SECONDS);
      if (f == null) {
        throw new AssertionError("no frame from the bridge within 10 s");
      }
      if (f.type() != LinkFrame.PING) {
        return f;
      }
    }
  }

  /** Whether the bridge closed the connection within 10 s. */
  boolean closedByTheBridge() {
    try {
      closed.get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
