package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Posts;
import io.porthouse.testing.RawTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Public endpoints: a Host that lands clients in an owner's space, and /e/{name} paths; changed at run time. */
class EndpointsTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static WsTestClient viaHost(String host, String token) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Host", host + ":" + porthouse.port());
    return WsTestClient.connect(porthouse.clientVertx(), porthouse.port(), "/ws?token=" + token, headers);
  }

  private static List<String> roomNames(WsTestClient ws) {
    return ws.request(new JsonObject().put("op", "rooms"), "r").getJsonArray("rooms").stream()
        .map(r -> ((JsonObject) r).getString("name")).toList();
  }

  @Test
  void aHostEndpointShowsOnlyItsOwnersRoomsAndAPathEndpointAliasesARoomOrTheSpace() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String host = "chat-" + suffix + ".acme.example";
    String acmeToken = porthouse.tokens().token("acme-" + suffix, "owner");
    String acmeRoom = "acme-lobby-" + suffix;
    String zedRoom = "zed-room-" + suffix;
    try (WsTestClient acme = WsTestClient.connectWithToken(porthouse.clientVertx(), porthouse.port(), acmeToken);
         WsTestClient zed = porthouse.as("zed", "primary")) {
      acme.request(op("create", acmeRoom).put("rules", new JsonObject().put("public", true)), 1);
      acme.request(op("join", acmeRoom), 2);
      zed.request(op("create", zedRoom).put("rules", new JsonObject().put("public", true)), 1);

      Posts.Answer made = Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "acme-" + suffix).put("host", host).encode(), acmeToken);
      assertThat(made.status()).as(made.body()).isEqualTo(201);
      assertThat(Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "help-" + suffix).put("room", acmeRoom).encode(), acmeToken).status()).isEqualTo(201);
      assertThat(Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "acme-" + suffix).put("host", "other.example").encode(), acmeToken).status())
          .as("name taken").isEqualTo(409);
      assertThat(Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "bad name").encode(), acmeToken).status()).isEqualTo(400);
      assertThat(Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "x-" + suffix).put("host", "a:80").encode(), acmeToken).status()).isEqualTo(400);
      assertThat(Posts.http(porthouse.port(), "POST", "/admin/endpoints",
          new JsonObject().put("name", "x-" + suffix).put("path", "/x").encode(), acmeToken).status()).isEqualTo(400);

      String guest = porthouse.tokens().token("guest", "primary");
      Eventually.until("the host endpoint is in force", Duration.ofSeconds(5), () -> {
        try (WsTestClient in = viaHost(host, guest)) {
          return !roomNames(in).contains(zedRoom);
        }
      });
      try (WsTestClient in = viaHost(host, guest)) {
        assertThat(roomNames(in)).contains(acmeRoom).doesNotContain(zedRoom);
        assertThat(in.request(op("join", zedRoom), 1).getString("code")).as("not in this space").isEqualTo("not_found");
        assertThat(in.request(op("create", "guest-" + suffix), 2).getString("code")).isEqualTo("forbidden");
        assertThat(in.request(op("join", acmeRoom), 3).getString("op")).isEqualTo("joined");
      }
      try (WsTestClient plain = porthouse.as("guest2")) {
        assertThat(roomNames(plain)).as("elsewhere, every public room").contains(acmeRoom, zedRoom);
      }
      try (RawTestClient raw = RawTestClient.connectTo(porthouse.clientVertx(), porthouse.port(), "/e/help-" + suffix, guest)) {
        raw.sendText("via the path endpoint");
        assertThat(acme.next("msg").getString("data")).isEqualTo("via the path endpoint");
      }
      assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/e/none-" + suffix, MultiMap.caseInsensitiveMultiMap()))
          .isEqualTo(404);

      assertThat(Posts.http(porthouse.port(), "DELETE", "/admin/endpoints/acme-" + suffix, null, acmeToken).status()).isEqualTo(200);
      Eventually.until("the host endpoint is gone, without a restart", Duration.ofSeconds(5), () -> {
        try (WsTestClient in = viaHost(host, guest)) {
          return roomNames(in).contains(zedRoom);
        }
      });
    }
  }
}
