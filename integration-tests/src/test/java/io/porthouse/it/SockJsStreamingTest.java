package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.SseTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SockJS streaming receiver (here the {@code eventsource} transport, read as a plain event
 * stream) only listens after its request: it outlives the read timeout that closes silent
 * connections, and carries SockJS heartbeats every {@code session.pingSeconds}.
 */
class SockJsStreamingTest {

  private static EmbeddedFixture porthouse;
  private static Vertx client;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject()
        .put("pingSeconds", 1).put("idleTimeoutSeconds", 2)));
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    WsTestClient.await(client.close());
    porthouse.close();
  }

  @Test
  void aStreamingReceiverOutlivesTheReadTimeoutWithHeartbeats() {
    try (SseTestClient receiver = SseTestClient.open(client, porthouse.port(), "/eventbus/000/st1/eventsource")) {
      assertThat(receiver.status()).isEqualTo(200);
      assertThat(receiver.next(e -> e.data().equals("o")).data()).as("the session opened").isEqualTo("o");
      for (int i = 0; i < 4; i++) { // a heartbeat a second: past the 2 s after which a silent connection is closed
        receiver.next(e -> e.data().equals("h"));
      }
      assertThat(receiver.ended()).isFalse();
    }
  }
}
