package io.porthouse.client;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static io.porthouse.client.PorthouseClientTest.next;
import static io.porthouse.testing.WsTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Hazelcast cluster in this JVM (two rooms nodes, two ingress nodes): the client is on one
 * ingress when that node is killed; it connects to the other by itself and resumes its room,
 * every message sent meanwhile replayed, each once, in order.
 */
class ClientFailoverTest {

  private ClusterFixture cluster;
  private Vertx vertx;

  @BeforeEach
  void start() {
    cluster = new ClusterFixture(EmbeddedFixture.config(new JsonObject()).json());
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    cluster.close();
    await(vertx.close());
  }

  @Test
  void whenItsIngressIsKilledItMovesToAnotherAndLosesNothing() {
    cluster.start("rooms");
    cluster.start("rooms");
    Porthouse a = cluster.start("auth", "ingress");
    Porthouse b = cluster.start("auth", "ingress");
    Tokens tokens = new Tokens(vertx, cluster.config());
    String room = "failover-" + UUID.randomUUID();
    try (WsTestClient sender = WsTestClient.connectWithToken(vertx, b.httpPort(), tokens.token("carol", "primary"))) {
      sender.request(new JsonObject().put("op", "create").put("room", room), "c");
      sender.request(new JsonObject().put("op", "join").put("room", room), "j");
      PorthouseClient client = PorthouseClient.create(vertx, new PorthouseClientOptions()
          .addServer("127.0.0.1", a.httpPort()).addServer("127.0.0.1", b.httpPort())
          .setToken(tokens.token("alice")).setReconnectDelayMillis(50, 500));
      BlockingQueue<Pushed.Message> messages = new LinkedBlockingQueue<>();
      BlockingQueue<Pushed.Resumed> resumed = new LinkedBlockingQueue<>();
      client.messageHandler(messages::add).resumedHandler(resumed::add);
      String firstNode = await(client.connect()).getString("node");
      await(client.join(room));
      List<Long> sent = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        sent.add(send(sender, room, i));
      }
      List<Long> got = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        got.add(next(messages).seq());
      }

      cluster.kill(a);
      for (int i = 11; i <= 20; i++) { // while the client finds its way to b
        sent.add(send(sender, room, i));
      }
      Pushed.Resumed r = next(resumed);
      assertThat(r.room()).isEqualTo(room);
      assertThat(r.recovered()).isTrue();
      assertThat(client.welcome().getString("node")).isNotEqualTo(firstNode);
      for (int i = 21; i <= 30; i++) {
        sent.add(send(sender, room, i));
      }
      for (int i = 11; i <= 30; i++) {
        got.add(next(messages).seq());
      }
      assertThat(got).as("every message once, in order").isEqualTo(sent);
      assertThat(messages).isEmpty();
      await(client.close());
    }
  }

  private static long send(WsTestClient ws, String room, int n) {
    return ws.request(new JsonObject().put("op", "send").put("room", room).put("data", n), "s").getLong("seq");
  }
}
