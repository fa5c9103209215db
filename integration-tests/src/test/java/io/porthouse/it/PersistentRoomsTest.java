package io.porthouse.it;

import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistent rooms survive a restart of the JVM (a real launcher process, stopped and started
 * again): on the embedded default's H2 file, and on a real PostgreSQL server. Transient rooms do
 * not; persistent ones stay when empty and keep their rules and owner.
 */
class PersistentRoomsTest {

  private static final Duration START = Duration.ofSeconds(90);
  private static Vertx clients;

  @TempDir
  Path work;

  @BeforeAll
  static void clients() {
    clients = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    WsTestClient.await(clients.close());
  }

  @Test
  void onTheEmbeddedH2File() throws Exception {
    survivesARestart(Map.of());
  }

  @Test
  void onPostgreSql() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      survivesARestart(Map.of("PORTHOUSE_DB_URL", pg.getJdbcUrl("postgres", "postgres"), "PORTHOUSE_DB_USER", "postgres"));
    }
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private void survivesARestart(Map<String, String> db) throws Exception {
    int port = Ports.freePort();
    Map<String, String> env = new HashMap<>(db);
    env.put("PORTHOUSE_DATA_DIR", work.resolve("data").toString());
    env.put("PORTHOUSE_HTTP_PORT", String.valueOf(port));
    env.put("PORTHOUSE_TCP_PORT", "0");
    env.put("PORTHOUSE_MQTT_PORT", "0");
    env.put("PORTHOUSE_ROOMS_LOBBY", ""); // only this test's rooms: the shipped config's lobby is not made
    String kept = "kept-" + UUID.randomUUID();
    String passing = "passing-" + UUID.randomUUID();
    String owner;
    String bob;
    try (LauncherProcess first = LauncherProcess.start("first", env, work)) {
      first.awaitLog("porthouse started", START);
      owner = LauncherProcess.run(env, "token", "--sub", "root", "--roles", "owner,primary", "--ttl", "10m");
      bob = LauncherProcess.run(env, "token", "--sub", "bob", "--ttl", "10m");
      try (WsTestClient root = WsTestClient.connectWithToken(clients, port, owner);
           WsTestClient b = WsTestClient.connectWithToken(clients, port, bob)) {
        JsonObject rules = new JsonObject().put("persistent", true).put("public", true).put("password", "s3same")
            .put("maxMembers", 7);
        assertThat(b.request(op("create", kept).put("rules", rules), 1).getString("code"))
            .as("persistent rooms need role owner").isIn("forbidden");
        assertThat(root.request(op("create", kept).put("rules", rules), 2).getString("op")).isEqualTo("created");
        assertThat(root.request(op("create", kept).put("rules", rules), 3).getString("code")).isEqualTo("conflict");
        assertThat(root.request(op("create", passing), 4).getString("op")).isEqualTo("created");
        assertThat(b.request(op("join", kept).put("password", "s3same"), 5).getString("op")).isEqualTo("joined");
        assertThat(b.request(op("leave", kept), 6).getString("op")).isEqualTo("left");
        assertThat(root.request(op("rules", kept).put("rules", new JsonObject().put("maxMembers", 9)), 7)
            .getJsonObject("rules").getInteger("maxMembers")).isEqualTo(9);
        assertThat(root.request(op("rules", kept).put("rules", new JsonObject().put("persistent", false)), 8)
            .getString("code")).isEqualTo("bad_request");
      }
      assertThat(first.terminate()).as("stopped cleanly by SIGTERM").isIn(0, 143);
    }
    try (LauncherProcess second = LauncherProcess.start("second", env, work)) {
      second.awaitLog("porthouse started", START);
      assertThat(second.output()).contains("1 persistent rooms in room state");
      try (WsTestClient root = WsTestClient.connectWithToken(clients, port, owner);
           WsTestClient b = WsTestClient.connectWithToken(clients, port, bob)) {
        JsonObject listed = b.request(new JsonObject().put("op", "rooms"), 1);
        assertThat(listed.getJsonArray("rooms").stream().map(JsonObject.class::cast))
            .as("empty, still there, public").anySatisfy(r -> {
              assertThat(r.getString("name")).isEqualTo(kept);
              assertThat(r.getString("type")).isEqualTo("persistent");
            })
            .noneMatch(r -> r.getString("name").equals(passing));
        assertThat(b.request(op("join", kept), 2).getString("code")).as("its password came back too").isEqualTo("forbidden");
        assertThat(b.request(op("join", kept).put("password", "s3same"), 3).getString("op")).isEqualTo("joined");
        JsonObject rules = b.request(op("rules", kept), 4).getJsonObject("rules");
        assertThat(rules.getInteger("maxMembers")).as("the changed rules were stored").isEqualTo(9);
        assertThat(root.request(op("join", passing), 5).getString("code")).as("transient: gone").isEqualTo("not_found");
        b.request(op("leave", kept), 6);
      }
      assertThat(second.terminate()).as("stopped cleanly by SIGTERM").isIn(0, 143);
    }
  }
}
