package io.porthouse.it;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Companion ("double") sockets: a second connection of the same client attaches to a first, on
 * the same node or another node of a real Hazelcast cluster, hears of its errors, joins, leaves
 * and close out of band, and, as a control channel, runs ops on its behalf.
 */
class CompanionSocketTest {

  private static ClusterFixture cluster;
  private static Porthouse nodeA;
  private static Porthouse nodeB;
  private static Vertx clients;
  private static Tokens tokens;

  @BeforeAll
  static void start() {
    JsonObject overrides = EmbeddedFixture.config(new JsonObject()).json();
    cluster = new ClusterFixture(overrides);
    nodeA = cluster.start("auth", "rooms", "router", "ingress");
    nodeB = cluster.start("auth", "rooms", "router", "ingress");
    clients = Vertx.vertx();
    tokens = new Tokens(clients, io.porthouse.core.config.PorthouseConfig.of(overrides));
  }

  @AfterAll
  static void stop() {
    cluster.close();
    WsTestClient.await(clients.close());
  }

  private static WsTestClient on(Porthouse node, String sub, String... roles) {
    return WsTestClient.connectWithToken(clients, node.httpPort(), tokens.token(sub, roles));
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  private static JsonObject attach(String primary, String channel) {
    return op("attach").put("socket", primary).put("channel", channel);
  }

  private static String room(WsTestClient creator) {
    String room = "companion-" + UUID.randomUUID();
    assertThat(creator.request(op("create").put("room", room), "c").getString("op")).isEqualTo("created");
    return room;
  }

  @Test
  void aDebugCompanionOnAnotherNodeHearsItsPrimarysJoinsErrorsLeavesAndClose() {
    WsTestClient primary = on(nodeA, "alice", "primary");
    try (WsTestClient debug = on(nodeB, "alice")) {
      JsonObject attached = debug.request(attach(primary.socketId(), "debug"), 1);
      assertThat(attached.getString("op")).isEqualTo("attached");
      assertThat(attached.getString("channel")).isEqualTo("debug");
      String room = room(primary);

      primary.request(op("join").put("room", room), "j");
      assertEvent(debug.next("event"), primary, "joined").containsEntry("room", room);

      primary.sendText("not json");
      JsonObject error = debug.next("event");
      assertEvent(error, primary, "error");
      assertThat(error.getJsonObject("frame").getString("code")).isEqualTo("bad_request");
      assertThat(primary.next("error").getString("code")).isEqualTo("bad_request"); // the primary got its error as ever

      primary.request(op("leave").put("room", room), "l");
      assertEvent(debug.next("event"), primary, "left").containsEntry("room", room);

      primary.close();
      assertEvent(debug.next("event"), primary, "closed");
    }
  }

  @Test
  void aControlCompanionRunsOpsOnItsPrimarysBehalf() {
    try (WsTestClient primary = on(nodeA, "bob", "primary"); WsTestClient control = on(nodeB, "bob");
         WsTestClient other = on(nodeA, "carol")) {
      String room = room(primary);
      primary.request(op("join").put("room", room), "j");
      other.request(op("join").put("room", room), "j");
      assertThat(control.request(attach(primary.socketId(), "control"), 1).getString("op")).isEqualTo("attached");

      JsonObject ack = control.request(op("send").put("room", room).put("data", "said for bob").put("socket", primary.socketId()), 2);
      assertThat(ack.getString("op")).isEqualTo("ack");
      JsonObject msg = other.next("msg");
      assertThat(msg.getString("from")).isEqualTo(primary.socketId());
      assertThat(msg.getString("data")).isEqualTo("said for bob");

      JsonObject left = control.request(op("leave").put("room", room).put("socket", primary.socketId()), 3);
      assertThat(left.getString("op")).isEqualTo("left");
      assertThat(control.next("event").getString("event")).isEqualTo("left");
      JsonObject fence = other.request(op("send").put("room", room).put("data", "after leave"), "f");
      // the primary is out of the room: the one message it gets from now on is none; a ping fences its stream
      assertThat(primary.request(op("ping"), "p").getString("op")).isEqualTo("pong");
      assertThat(primary.pending()).noneMatch(f -> "msg".equals(f.getString("op")) && f.getLong("seq") >= fence.getLong("seq"));
      JsonObject notMember = control.request(op("send").put("room", room).put("data", 1).put("socket", primary.socketId()), 4);
      assertThat(notMember.getString("code")).isEqualTo("forbidden");
    }
  }

  @Test
  void attachingIsForTheSameClientOnlyAndDebugChannelsCannotRunOps() {
    try (WsTestClient primary = on(nodeA, "dave"); WsTestClient stranger = on(nodeB, "eve");
         WsTestClient debug = on(nodeA, "dave"); WsTestClient anonymous = WsTestClient.connect(clients, nodeB.httpPort())) {
      assertThat(stranger.request(attach(primary.socketId(), "control"), 1).getString("code")).isEqualTo("forbidden");
      assertThat(anonymous.request(attach(primary.socketId(), "control"), 1).getString("code")).isEqualTo("unauthorized");
      assertThat(debug.request(attach(nodeA.ingressNode() + ".999999", "debug"), 2).getString("code")).isEqualTo("not_found");
      assertThat(debug.request(attach(debug.socketId(), "debug"), 3).getString("code")).isEqualTo("bad_request");
      assertThat(debug.request(op("attach").put("socket", primary.socketId()).put("channel", "spy"), 4).getString("code"))
          .isEqualTo("bad_request");
      assertThat(debug.request(attach(primary.socketId(), "debug"), 5).getString("op")).isEqualTo("attached");
      assertThat(debug.request(op("ping").put("socket", primary.socketId()), 6).getString("code")).isEqualTo("forbidden");
      assertThat(stranger.request(op("ping").put("socket", primary.socketId()), 7).getString("code")).isEqualTo("forbidden");
    }
  }

  private static org.assertj.core.api.MapAssert<String, Object> assertEvent(JsonObject event, WsTestClient primary, String what) {
    assertThat(event.getString("socket")).isEqualTo(primary.socketId());
    assertThat(event.getString("event")).isEqualTo(what);
    return assertThat(event.getMap());
  }
}
