package io.porthouse.it;

import io.porthouse.testing.HostileClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack family: bytes that cost the server far more than the client. Compression bombs (a
 * ~200 KB frame that inflates to 200 MB) and single frames far over the limit, from anonymous
 * sockets on {@code /ws} and the SockJS WebSocket, against a node in its own JVM while two other
 * clients chat. Before: each bomb was inflated whole (RSS +500 MB, other clients unanswered for
 * over 10 s). Now: compression is not offered unless configured, and when it is, no frame
 * inflates beyond 4 × {@code session.maxMessageBytes} (the connection is closed 1009).
 */
class CompressionBombTest {

  /** What the attacks may leave on the node's heap (after a full GC), beyond what it held before. */
  private static final long HEAP_BOUND = 32L << 20;
  private static final long BOMB = 200L << 20;
  private static final Duration CLOSE = Duration.ofSeconds(10);

  @TempDir
  Path work;

  @Test
  void compressionIsNotOfferedByDefaultAndACompressedFrameIsNeverInflated() throws Exception {
    try (AttackedNode node = AttackedNode.start(work, "plain", Map.of());
         ControlChat control = node.control()) {
      long before = node.heapAfterGc();
      byte[] bomb = HostileClient.deflatedPing(BOMB);
      for (String path : List.of("/ws", "/eventbus/websocket")) {
        for (int i = 0; i < 3; i++) {
          try (HostileClient attacker = HostileClient.upgrade(node.port(), path, "Sec-WebSocket-Extensions: permessage-deflate")) {
            assertThat(attacker.status()).isEqualTo(101);
            assertThat(attacker.header("Sec-WebSocket-Extensions")).as("compression not offered").isNull();
            attacker.sendFrame(HostileClient.TEXT, true, true, bomb); // RSV1 without the extension: a protocol error
            assertThat(attacker.closedWithin(CLOSE)).as("a frame with RSV1 set ends the connection").isTrue();
          }
        }
      }
      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "compression bombs, compression off");
    }
  }

  @Test
  void withCompressionOnAFrameInflatesNoFurtherThanTheCapAndOrdinaryCompressedClientsAreServed() throws Exception {
    try (AttackedNode node = AttackedNode.start(work, "deflate", Map.of("PORTHOUSE_WS_COMPRESSION", "true"));
         ControlChat control = node.control()) {
      long before = node.heapAfterGc();
      byte[] bomb = HostileClient.deflatedPing(BOMB);
      assertThat(bomb.length).as("the bomb is small on the wire").isLessThan(256 * 1024);
      List<HostileClient> attackers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        HostileClient attacker = HostileClient.upgrade(node.port(), i % 2 == 0 ? "/ws" : "/eventbus/websocket",
            "Sec-WebSocket-Extensions: permessage-deflate");
        assertThat(attacker.header("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
        attacker.sendFrame(HostileClient.TEXT, true, true, bomb);
        attackers.add(attacker);
      }
      for (HostileClient attacker : attackers) {
        assertThat(attacker.awaitClose(CLOSE)).as("closed: the frame inflates beyond 4 x session.maxMessageBytes").isEqualTo((short) 1009);
        attacker.close();
      }
      // a real client that compresses is served as before
      WebSocketClient client = node.clients().createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(true));
      CompletableFuture<String> pong = new CompletableFuture<>();
      WebSocket ws = WsTestClient.await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
          .setURI("/ws")));
      ws.textMessageHandler(text -> {
        if (text.contains("\"pong\"")) {
          pong.complete(text);
        }
      });
      ws.writeTextMessage(new JsonObject().put("op", "ping").put("ref", "x".repeat(10_000)).encode());
      assertThat(pong.get(10, TimeUnit.SECONDS)).contains("\"ref\":\"xxxx");
      assertThat(ws.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");
      WsTestClient.await(ws.close());
      WsTestClient.await(client.close());
      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "compression bombs, compression on");
    }
  }

  @Test
  void aSingleFrameOverFourTimesTheLimitIsRefusedBeforeItIsRead() throws Exception {
    try (AttackedNode node = AttackedNode.start(work, "frames", Map.of());
         ControlChat control = node.control()) {
      long before = node.heapAfterGc();
      byte[] huge = HostileClient.padded(20 << 20);
      for (String path : List.of("/ws", "/eventbus/websocket")) {
        for (int i = 0; i < 3; i++) {
          try (HostileClient attacker = HostileClient.upgrade(node.port(), path)) {
            attacker.sendFrame(HostileClient.TEXT, true, false, huge);
            assertThat(attacker.closedWithin(CLOSE)).as("a 20 MB frame ends the connection").isTrue();
          }
        }
      }
      // one under 4 x the limit but over it is answered too_large, with its ref, and the socket stays
      try (HostileClient big = HostileClient.upgrade(node.port(), "/ws")) {
        assertThat(big.read(CLOSE).text()).contains("welcome");
        big.sendText("{\"ref\":\"r1\",\"op\":\"ping\",\"pad\":\"" + "p".repeat(100_000) + "\"}");
        String error = big.read(CLOSE).text();
        assertThat(new JsonObject(error).getString("code")).isEqualTo("too_large");
        assertThat(new JsonObject(error).getString("ref")).as("the error echoes the ref").isEqualTo("r1");
        big.sendText("{\"op\":\"ping\",\"ref\":2}");
        assertThat(big.read(CLOSE).text()).contains("pong");
      }
      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "oversized frames");
    }
  }
}
