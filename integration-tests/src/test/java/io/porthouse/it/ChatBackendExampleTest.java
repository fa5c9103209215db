package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/chat-backend}: the Node backend the README shows, run as it is, behind Porthouse
 * with its own config file: guests are named by it, joins get their colour, a blocked word is
 * starred out, rpc answers, and the webhook events reach it.
 */
class ChatBackendExampleTest {

  private static final Path HOME = Path.of(System.getProperty("porthouse.home", ".."));
  private NodeJsProcess backend;
  private EmbeddedFixture porthouse;

  @BeforeEach
  void start() throws IOException {
    String secret = "example-secret-" + UUID.randomUUID();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    backend = NodeJsProcess.startFromRoot("examples/chat-backend/backend.mjs",
        Map.of("PORTHOUSE_HOOKS_SECRET", secret, "CHAT_BACKEND_PORT", Integer.toString(port)));
    assertThat(backend.next("listening").getInteger("port")).isEqualTo(port);
    JsonObject conf = new JsonObject(Files.readString(HOME.resolve("examples/chat-backend/porthouse.json")));
    conf.getJsonObject("hooks").put("url", "http://127.0.0.1:" + port + "/porthouse").put("secret", secret);
    conf.getJsonObject("webhooks").put("url", "http://127.0.0.1:" + port + "/porthouse/events");
    conf.getJsonObject("http").put("port", 0);
    porthouse = EmbeddedFixture.start(conf);
  }

  @AfterEach
  void stop() {
    porthouse.close();
    backend.close();
  }

  @Test
  void guestsChatInTheLobbyAsTheBackendSays() {
    try (WsTestClient guest = WsTestClient.connect(porthouse.clientVertx(), porthouse.port());
         WsTestClient named = WsTestClient.connect(porthouse.clientVertx(), porthouse.port(), "/ws",
             MultiMap.caseInsensitiveMultiMap().add("Cookie", "other=1; chat_name=ada"))) {
      assertThat(guest.welcome().getString("client")).startsWith("guest-");
      assertThat(named.welcome().getString("client")).isEqualTo("ada");
      JsonObject in = guest.request(new JsonObject().put("op", "join").put("room", "lobby"), "j");
      assertThat(in.getString("op")).as(in.encode()).isEqualTo("joined");
      named.request(new JsonObject().put("op", "join").put("room", "lobby"), "j");
      JsonObject presence = guest.next("presence");
      assertThat(presence.getString("client")).isEqualTo("ada");
      assertThat(presence.getJsonObject("info").getString("colour")).startsWith("#");
      named.request(new JsonObject().put("op", "send").put("room", "lobby").put("data", "oh darn"), "s");
      assertThat(guest.next("msg").getString("data")).isEqualTo("oh ****");
      // as the demo page sends it
      named.request(new JsonObject().put("op", "send").put("room", "lobby").put("data",
          new JsonObject().put("text", "heck, hi").put("name", "ada")), "p");
      assertThat(guest.next("msg").getJsonObject("data")).isEqualTo(new JsonObject().put("text", "****, hi").put("name", "ada"));
      JsonObject tooLong = named.request(new JsonObject().put("op", "send").put("room", "lobby").put("data", "x".repeat(600)), "l");
      assertThat(tooLong.getString("code")).isEqualTo("too_large");
      JsonObject who = named.request(new JsonObject().put("op", "rpc").put("method", "whoami"), "r");
      assertThat(who.getJsonObject("data").getString("client")).isEqualTo("ada");
      JsonObject elsewhere = named.request(new JsonObject().put("op", "join").put("room", "secret-room"), "x");
      assertThat(elsewhere.getString("code")).as(elsewhere.encode()).isIn("forbidden", "not_found");
    }
    assertThat(backend.next(l -> "webhook".equals(l.getString("event")) && "member.joined".equals(l.getString("type"))
        && "ada".equals(l.getString("client")))).isNotNull();
    assertThat(backend.next(l -> "webhook".equals(l.getString("event")) && "room.vacated".equals(l.getString("type"))))
        .isNotNull();
    assertThat(backend.pending()).noneMatch(l -> "refused".equals(l.getString("event")));
  }
}
