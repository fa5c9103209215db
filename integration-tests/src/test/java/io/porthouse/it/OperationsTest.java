package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's tools read from a running Porthouse: Prometheus metrics scraped over HTTP
 * after real traffic (Porthouse's series, Vert.x's and the JVM's), liveness, and readiness that
 * goes down when a verticle of the JVM is undeployed while liveness stays up.
 */
class OperationsTest {

  private EmbeddedFixture porthouse;

  @BeforeEach
  void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("rooms", new JsonObject().put("autoCreate", true)));
  }

  @AfterEach
  void stop() {
    porthouse.close();
  }

  private String metrics() {
    Posts.Answer a = Posts.http(porthouse.port(), "GET", "/metrics", null, null);
    assertThat(a.status()).isEqualTo(200);
    return a.body();
  }

  @Test
  void metricsCountTrafficAndErrorsAndReadinessFollowsTheVerticles() {
    String node = porthouse.porthouse().ingressNode();
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob")) {
      alice.request(new JsonObject().put("op", "join").put("room", "ops"), "j");
      bob.request(new JsonObject().put("op", "join").put("room", "ops"), "j");
      for (int i = 0; i < 5; i++) {
        alice.request(new JsonObject().put("op", "send").put("room", "ops").put("data", i), "s" + i);
        bob.next("msg");
      }
      bob.sendText("{not json");
      assertThat(bob.next("error").getString("code")).isEqualTo("bad_request");

      String m = metrics();
      String tag = "node=\"" + node + "\"";
      assertThat(m).contains("porthouse_sockets{" + tag + "} 2.0")
          .contains("porthouse_connections{" + tag + ",transport=\"websocket\"} 2.0")
          .containsPattern("porthouse_envelopes_in_total\\{" + tag + "\\} [5-9]")
          .containsPattern("porthouse_frames_out_total\\{" + tag + "\\} [1-9]")
          .containsPattern("porthouse_message_latency_seconds_count\\{" + tag + "\\} [5-9]")
          .contains("porthouse_message_latency_seconds_bucket{" + tag + ",le=")
          .containsPattern("porthouse_errors_total\\{code=\"bad_request\"," + tag + "\\} 1.0")
          .containsPattern("porthouse_rooms_owned\\{node=\"local\"\\} [1-9]")
          .containsPattern("porthouse_room_hop_seconds_count [1-9]") // one timer per JVM: earlier tests count too
          .contains("vertx_http_server_active_connections")
          .contains("jvm_memory_used_bytes");
    }

    Posts.Answer live = Posts.http(porthouse.port(), "GET", "/health", null, null);
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().getString("status")).isEqualTo("UP");
    Posts.Answer ready = Posts.http(porthouse.port(), "GET", "/ready", null, null);
    assertThat(ready.status()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("verticle-rooms").contains("verticle-ingress");

    // the rooms verticle goes: not ready (naming it), still live
    WsTestClient.await(porthouse.porthouse().vertx().undeploy(porthouse.porthouse().deploymentId("rooms")));
    Eventually.until("ready goes down", Duration.ofSeconds(10),
        () -> Posts.http(porthouse.port(), "GET", "/ready", null, null).status() == 503);
    JsonObject down = Posts.http(porthouse.port(), "GET", "/ready", null, null).json();
    assertThat(down.getString("outcome", down.getString("status"))).isEqualTo("DOWN");
    assertThat(down.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("id").equals("verticle-rooms")).findFirst().orElseThrow().getString("status"))
        .isEqualTo("DOWN");
    assertThat(Posts.http(porthouse.port(), "GET", "/health", null, null).status()).isEqualTo(200);
  }
}
