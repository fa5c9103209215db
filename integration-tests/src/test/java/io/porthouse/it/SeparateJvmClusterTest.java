package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.LauncherProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, as a user runs it: the packaged launcher as three separate JVMs forming a Hazelcast
 * cluster (auth+rooms+router, and two ingress JVMs, one started before the rooms JVM), a token from the token command, and chat
 * across the two ingress JVMs. Then one ingress JVM is killed (SIGKILL) and the other stopped
 * (SIGTERM).
 */
class SeparateJvmClusterTest {

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
  void chatAcrossIngressJvmsSurvivesAKilledIngress() throws Exception {
    int port1 = Ports.freePort();
    int port2 = Ports.freePort();
    Map<String, String> env = Map.of(
        "PORTHOUSE_DATA_DIR", work.resolve("data").toString(),
        "PORTHOUSE_CLUSTER_NAME", "porthouse-e2e-" + UUID.randomUUID(),
        "PORTHOUSE_CLUSTER_PORT", String.valueOf(17000 + ThreadLocalRandom.current().nextInt(0, 200) * 20));
    // an ingress started first (any start order) waits for a rooms JVM, says so, and is not ready meanwhile
    try (LauncherProcess ingress1 = LauncherProcess.start("ingress1", with(env, "PORTHOUSE_HTTP_PORT", port1), work, "--cluster", "ingress")) {
      ingress1.awaitLog("waiting for a rooms member", START);
      java.net.http.HttpResponse<String> waiting = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port1 + "/ready")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(waiting.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(waiting.body()).getString("status")).isEqualTo("DOWN");
      assertThat(waiting.body()).contains("\"waitingFor\":\"a rooms member\"");
      try (LauncherProcess core = LauncherProcess.start("core", env, work, "--cluster", "auth", "rooms", "router");
           LauncherProcess ingress2 = LauncherProcess.start("ingress2", with(env, "PORTHOUSE_HTTP_PORT", port2), work, "--cluster", "ingress")) {
        core.awaitLog("porthouse started", START);
        ingress1.awaitLog("porthouse started", START);
        ingress2.awaitLog("porthouse started", START);
        assertThat(ingress1.output()).contains("WebSocket on ws://127.0.0.1:" + port1 + "/ws");

        String aliceToken = LauncherProcess.run(env, "token", "--sub", "alice", "--roles", "primary", "--ttl", "10m");
        String bobToken = LauncherProcess.run(env, "token", "--sub", "bob");
        WsTestClient alice = WsTestClient.connectWithToken(clients, port1, aliceToken);
        WsTestClient bob = WsTestClient.connectWithToken(clients, port2, bobToken);
        assertThat(alice.welcome().getString("client")).isEqualTo("alice");
        assertThat(bob.welcome().getString("node")).isNotEqualTo(alice.welcome().getString("node"));

        JsonObject create = new JsonObject().put("op", "create").put("room", "e2e");
        assertThat(alice.request(create, 1).getString("op")).isEqualTo("created");
        assertThat(alice.request(new JsonObject().put("op", "join").put("room", "e2e"), 2).getLong("seq")).isZero();
        assertThat(bob.request(new JsonObject().put("op", "join").put("room", "e2e"), 2).getLong("seq")).isZero();

        for (int i = 0; i < 20; i++) {
          alice.send(new JsonObject().put("op", "send").put("room", "e2e").put("data", "a" + i));
          bob.send(new JsonObject().put("op", "send").put("room", "e2e").put("data", "b" + i));
        }
        long lastSeq = 0;
        for (int i = 0; i < 20; i++) {
          JsonObject atBob = bob.next("msg");
          assertThat(atBob.getString("data")).isEqualTo("a" + i);
          JsonObject atAlice = alice.next("msg");
          assertThat(atAlice.getString("data")).isEqualTo("b" + i);
          lastSeq = Math.max(lastSeq, Math.max(atBob.getLong("seq"), atAlice.getLong("seq")));
        }
        assertThat(lastSeq).isEqualTo(40);

        // SIGKILL the second ingress: no goodbye; the rooms owner notices the silence
        ingress2.kill();
        Eventually.until("killed ingress's socket dropped from the room", Duration.ofSeconds(30), () ->
            alice.request(new JsonObject().put("op", "rooms"), UUID.randomUUID().toString()).getJsonArray("rooms")
                .contains(new JsonObject().put("name", "e2e").put("type", "transient").put("members", 1)));
        assertThat(alice.request(new JsonObject().put("op", "send").put("room", "e2e").put("data", "still"), 3)
            .getLong("seq")).isEqualTo(41);

        // SIGTERM the first ingress: its socket gets a close frame, the JVM ends cleanly
        ingress1.terminate();
        assertThat(alice.awaitClose()).isEqualTo((short) 1001);
        assertThat(ingress1.output()).contains("porthouse stopped");
        bob.close();
      }
    }
  }

  private static Map<String, String> with(Map<String, String> env, String key, int value) {
    java.util.HashMap<String, String> copy = new java.util.HashMap<>(env);
    copy.put(key, String.valueOf(value));
    return copy;
  }
}
