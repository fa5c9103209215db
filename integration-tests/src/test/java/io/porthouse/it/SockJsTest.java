package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SockJS event-bus bridge driven by the real npm client ({@code @vertx/eventbus-bridge-client.js}
 * in Node, over SockJS), beside a WebSocket member; and the JS helper's own tests against the same
 * server.
 */
class SockJsTest {

  private static EmbeddedFixture porthouse;
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private NodeJsProcess bridgeClient() {
    NodeJsProcess node = NodeJsProcess.start("bridge-driver.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port() + "/eventbus");
    node.next("open");
    return node;
  }

  /** Sends {@code body} to {@code address} with headers and answers the reply's body. */
  private JsonObject send(NodeJsProcess node, String address, JsonObject body, JsonObject headers) {
    int id = ids.incrementAndGet();
    node.command(new JsonObject().put("cmd", "send").put("id", id).put("address", address).put("body", body)
        .put("headers", headers));
    JsonObject reply = node.next(l -> l.getInteger("id", -1) == id);
    assertThat(reply.getString("event")).as(reply.encode()).isEqualTo("reply");
    return reply.getJsonObject("body");
  }

  private JsonObject op(NodeJsProcess node, JsonObject body) {
    return send(node, "porthouse.in", body, new JsonObject());
  }

  @Test
  void theNpmClientSaysHelloAuthenticatesJoinsSendsAndReceivesFromAWebSocketMember() {
    try (NodeJsProcess js = bridgeClient(); WsTestClient ws = porthouse.as("owner", "primary")) {
      String room = "bridge-" + UUID.randomUUID();
      ws.request(new JsonObject().put("op", "create").put("room", room), "c");
      ws.request(new JsonObject().put("op", "join").put("room", room), "j");

      JsonObject welcome = send(js, "porthouse.in", new JsonObject().put("op", "hello"),
          new JsonObject().put("Authorization", "Bearer " + porthouse.tokens().token("alice")));
      assertThat(welcome.getString("op")).isEqualTo("welcome");
      assertThat(welcome.getString("client")).isEqualTo("alice");
      String address = welcome.getString("address");
      assertThat(address).startsWith("porthouse.out.");
      js.command(new JsonObject().put("cmd", "register").put("address", address));

      JsonObject joined = op(js, new JsonObject().put("op", "join").put("room", room));
      assertThat(joined.getString("op")).isEqualTo("joined");
      assertThat(joined.getString("epoch")).isNotBlank();

      JsonObject ack = op(js, new JsonObject().put("op", "send").put("room", room).put("data", new JsonObject().put("from", "js")));
      assertThat(ack.getString("op")).isEqualTo("ack");
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(atWs.getString("client")).isEqualTo("alice");
      assertThat(atWs.getString("from")).isEqualTo(welcome.getString("socket"));

      ws.send(new JsonObject().put("op", "send").put("room", room).put("data", "to js"));
      JsonObject push = js.next("push");
      assertThat(push.getString("address")).isEqualTo(address);
      JsonObject msg = push.getJsonObject("body");
      assertThat(msg.getString("op")).isEqualTo("msg");
      assertThat(msg.getString("data")).isEqualTo("to js");
      assertThat(msg.getLong("seq")).isEqualTo(ack.getLong("seq") + 1);
      assertThat(porthouse.getJson("/status").getInteger("bridgeClients")).isEqualTo(1);
    }
  }

  @Test
  void theBridgeRefusesOtherAddressesRegistersAndPublishesAndAnswersBadOpsWithV1Errors() {
    try (NodeJsProcess js = bridgeClient(); NodeJsProcess other = bridgeClient()) {
      JsonObject mine = op(js, new JsonObject().put("op", "hello"));
      JsonObject theirs = op(other, new JsonObject().put("op", "hello"));
      assertThat(mine.getString("client")).isNull();

      // a register for anything but its own push address (another client's, an internal one)
      js.command(new JsonObject().put("cmd", "register").put("address", theirs.getString("address")));
      assertThat(js.next("error").getJsonObject("error").getString("body")).isEqualTo("rejected");
      js.command(new JsonObject().put("cmd", "register").put("address", "porthouse.ingress." + porthouse.porthouse().ingressNode() + ".deliver"));
      assertThat(js.next("error").getJsonObject("error").getString("body")).isEqualTo("rejected");
      // sends to internal addresses, even the node-local one SockJS sends are handed to, and publishes
      js.command(new JsonObject().put("cmd", "send").put("id", 99).put("address", "porthouse.auth.verify")
          .put("body", new JsonObject().put("token", "x")));
      assertThat(js.next("error").getJsonObject("error").getString("body")).isEqualTo("rejected");
      js.command(new JsonObject().put("cmd", "send").put("id", 98)
          .put("address", "porthouse.ingress." + porthouse.porthouse().ingressNode() + ".sockjs").put("body", new JsonObject()));
      assertThat(js.next("error").getJsonObject("error").getString("body")).isEqualTo("rejected");
      js.command(new JsonObject().put("cmd", "publish").put("address", "porthouse.in").put("body", new JsonObject()));
      assertThat(js.next("error").getJsonObject("error").getString("body")).isEqualTo("rejected");

      // bad ops get v1 errors as their replies, and a forged identity header changes nothing
      assertThat(op(js, new JsonObject().put("op", "fly")).getString("code")).isEqualTo("bad_request");
      assertThat(op(js, new JsonObject().put("op", "join").put("room", "no-such-" + UUID.randomUUID())).getString("code"))
          .isEqualTo("not_found");
      JsonObject forged = send(js, "porthouse.in", new JsonObject().put("op", "create").put("room", "forged"),
          new JsonObject().put("porthouse-socket", theirs.getString("socket")).put("Authorization", "Bearer not.a.jwt"));
      assertThat(forged.getString("code")).isEqualTo("unauthorized");
      assertThat(op(js, new JsonObject().put("op", "ping")).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void theJsClientsOwnTestsPassAgainstThisServer() {
    try (NodeJsProcess tests = NodeJsProcess.start("porthouse.test.mjs", Map.of(
        "PORTHOUSE_URL", "http://127.0.0.1:" + porthouse.port(),
        "PORTHOUSE_TOKEN", porthouse.tokens().token("alice", "primary"),
        "PORTHOUSE_BOB", porthouse.tokens().token("bob"),
        "PORTHOUSE_SHORT_TOKEN", porthouse.tokens().shortToken(4, "alice", "primary")))) {
      int exit = tests.awaitExit(60);
      assertThat(exit).as(tests.output()).isZero();
      assertThat(tests.output()).contains("# pass 6").contains("# fail 0");
    }
  }
}
