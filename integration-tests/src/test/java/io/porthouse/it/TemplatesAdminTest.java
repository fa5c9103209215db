package io.porthouse.it;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Posts;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room templates through the admin API: set over the config's, the most specific pattern winning
 * between both, checked before anything is kept, removed again; and, in a cluster, set on one
 * node and in force on the other.
 */
class TemplatesAdminTest {

  private static String path(String pattern) {
    return "/admin/templates/" + URLEncoder.encode(pattern, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void ownersSetAndRemoveTemplatesOverTheConfigsAndTheMostSpecificWins() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(new JsonObject().put("templates", new JsonObject()
        .put("chat:*", new JsonObject().put("autoCreate", true).put("rules", new JsonObject().put("presence", true)))))) {
      String owner = porthouse.tokens().token("root", "owner");
      Posts.Answer listed = Posts.http(porthouse.port(), "GET", "/admin/templates", null, owner);
      assertThat(listed.status()).isEqualTo(200);
      assertThat(new JsonObject(listed.body()).getJsonObject("setBy").getString("chat:*")).isEqualTo("config");

      JsonObject vip = new JsonObject().put("autoCreate", true).put("rules", new JsonObject().put("roles", new JsonArray().add("vip")));
      Posts.Answer put = Posts.http(porthouse.port(), "PUT", path("chat:vip:*"), vip.encode(), owner);
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(new JsonObject(put.body()).getJsonObject("setBy").getString("chat:vip:*")).isEqualTo("admin");

      try (WsTestClient bob = porthouse.as("bob"); WsTestClient carol = porthouse.as("carol", "vip")) {
        assertThat(bob.request(op("join", "chat:vip:1"), "j").getString("code")).as("the admin's template: role vip")
            .isEqualTo("forbidden");
        assertThat(carol.request(op("join", "chat:vip:1"), "j").getString("op")).isEqualTo("joined");
        assertThat(bob.request(op("join", "chat:general"), "g").getString("op")).as("the config's").isEqualTo("joined");

        // checked before anything is kept
        Posts.Answer unknown = Posts.http(porthouse.port(), "PUT", path("chat:x:*"), "{\"colour\":\"red\"}", owner);
        assertThat(unknown.status()).isEqualTo(400);
        Posts.Answer badRule = Posts.http(porthouse.port(), "PUT", path("chat:x:*"),
            "{\"rules\":{\"maxMembers\":\"many\"}}", owner);
        assertThat(badRule.status()).isEqualTo(400);
        assertThat(badRule.body()).contains("maxMembers");
        Posts.Answer hookless = Posts.http(porthouse.port(), "PUT", path("chat:x:*"), "{\"hooks\":[\"join\"]}", owner);
        assertThat(hookless.status()).isEqualTo(400);
        assertThat(hookless.body()).contains("hooks.url");
        Posts.Answer badPattern = Posts.http(porthouse.port(), "PUT", path("a*b"), "{}", owner);
        assertThat(badPattern.status()).isEqualTo(400);
        assertThat(Posts.http(porthouse.port(), "PUT", path("chat:x:*"), "{}", porthouse.tokens().token("bob")).status())
            .isEqualTo(403);
        assertThat(new JsonObject(Posts.http(porthouse.port(), "GET", "/admin/templates", null, owner).body())
            .getJsonObject("templates").fieldNames()).containsExactlyInAnyOrder("chat:*", "chat:vip:*");

        assertThat(Posts.http(porthouse.port(), "DELETE", path("chat:vip:*"), null, owner).status()).isEqualTo(200);
        assertThat(bob.request(op("join", "chat:vip:2"), "j2").getString("op")).as("the config's again").isEqualTo("joined");
        assertThat(Posts.http(porthouse.port(), "DELETE", path("chat:*"), null, owner).status()).as("a config template")
            .isEqualTo(409);
        assertThat(Posts.http(porthouse.port(), "DELETE", path("nope:*"), null, owner).status()).isEqualTo(404);
      }
    }
  }

  @Test
  void aTemplateSetOnOneNodeIsInForceOnTheOther() {
    Vertx clients = Vertx.vertx();
    try (ClusterFixture cluster = new ClusterFixture(EmbeddedFixture.config(new JsonObject()).json())) {
      Porthouse a = cluster.start("auth", "rooms", "ingress");
      Porthouse b = cluster.start("auth", "rooms", "ingress");
      Tokens tokens = new Tokens(clients, cluster.config());
      String pattern = "team-" + UUID.randomUUID() + ":*";
      Posts.Answer put = Posts.http(a.httpPort(), "PUT", path(pattern), new JsonObject().put("autoCreate", true)
          .put("rules", new JsonObject().put("presence", true)).encode(), tokens.token("root", "owner"));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      String room = pattern.replace("*", "red");
      try (WsTestClient onB = WsTestClient.connectWithToken(clients, b.httpPort(), tokens.token("dan"))) {
        JsonObject joined = null;
        for (int i = 0; i < 50; i++) { // the change reaches b within a moment
          joined = onB.request(op("join", room), "j" + i);
          if ("joined".equals(joined.getString("op"))) {
            break;
          }
          WsTestClient.await(clients.timer(100));
        }
        assertThat(joined.getString("op")).as(joined.encode()).isEqualTo("joined");
        assertThat(onB.request(op("rules", room), "r").getJsonObject("rules").getBoolean("presence")).isTrue();
      }
    } finally {
      WsTestClient.await(clients.close());
    }
  }
}
